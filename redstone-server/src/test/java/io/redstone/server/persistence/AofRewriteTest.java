package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** BGREWRITEAOF and the automatic rewrite, in process, with writes going on meanwhile. */
class AofRewriteTest {
  @TempDir Path dataDir;

  private TestServer start(String... more) {
    return PersistenceTesting.startIn(
        dataDir,
        Stream.concat(Stream.of("--appendonly", "yes"), Stream.of(more)).toArray(String[]::new));
  }

  private static String info(Jedis jedis, String field) {
    return PersistenceTesting.persistenceInfo(jedis, field);
  }

  private List<String> logFiles() throws IOException {
    try (Stream<Path> files = Files.list(dataDir.resolve("appendonlydir"))) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void rewriteDuringWritesKeepsEveryWriteAcrossARestart() throws Exception {
    Map<String, String> written = new ConcurrentHashMap<>();
    try (TestServer server = start();
        Jedis jedis = new Jedis("127.0.0.1", server.port(), 15_000)) {
      for (int i = 0; i < 20_000; i++) {
        jedis.set("k" + i, "before-" + i);
        written.put("k" + i, "before-" + i);
      }
      AtomicBoolean stop = new AtomicBoolean();
      Thread writer =
          new Thread(
              () -> {
                try (Jedis other = new Jedis("127.0.0.1", server.port(), 15_000)) {
                  for (int i = 0; !stop.get(); i++) {
                    String key = "k" + (i * 7919 % 30_000);
                    other.set(key, "during-" + i);
                    written.put(key, "during-" + i);
                    if (i % 5 == 0) {
                      other.del("k" + (i * 104729 % 30_000));
                      written.remove("k" + (i * 104729 % 30_000));
                    }
                  }
                }
              },
              "rewrite-test-writer");
      writer.start();
      Thread.sleep(200);
      assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
      // As in Redis, in progress until the new base is in place: then it has been counted.
      Eventually.waitFor(
          "the rewrite to finish",
          Duration.ofSeconds(60),
          () -> info(jedis, "aof_rewrite_in_progress").equals("0"));
      Thread.sleep(200);
      stop.set(true);
      writer.join();
      assertThat(info(jedis, "aof_rewrites")).isEqualTo("1");
      assertThat(info(jedis, "aof_last_bgrewrite_status")).isEqualTo("ok");
      assertThat(Long.parseLong(info(jedis, "aof_base_size"))).isPositive();
    }
    // The old increment is gone: the new base and the increment written since.
    assertThat(logFiles())
        .containsExactly(
            "appendonly.aof.1.base.rss", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
    try (TestServer server = start();
        Jedis jedis = new Jedis("127.0.0.1", server.port(), 15_000)) {
      assertThat(jedis.dbSize()).isEqualTo(written.size());
      for (Map.Entry<String, String> entry : written.entrySet()) {
        assertThat(jedis.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
      }
    }
  }

  @Test
  void theLogIsRewrittenOnceItDoublesPastTheMinimumSize() throws Exception {
    try (TestServer server =
            start("--auto-aof-rewrite-min-size", "64kb", "--auto-aof-rewrite-percentage", "100");
        Jedis jedis = new Jedis("127.0.0.1", server.port(), 15_000)) {
      // One key overwritten again and again: the log grows, the data does not.
      String value = "x".repeat(100);
      for (int i = 0; i < 2_000; i++) {
        jedis.set("same", value + i);
      }
      Eventually.waitFor(
          "an automatic rewrite",
          Duration.ofSeconds(30),
          () -> Long.parseLong(info(jedis, "aof_rewrites")) >= 1);
      // 2,000 writes of ~130 bytes make a log of ~260 KB without rewrites; with them, once the
      // writes stop, it ends below the minimum size that triggers one.
      Eventually.waitFor(
          "the log to stay below the rewrite threshold",
          Duration.ofSeconds(30),
          () ->
              info(jedis, "aof_rewrite_in_progress").equals("0")
                  && Long.parseLong(info(jedis, "aof_current_size")) < 64 * 1024);
      assertThat(jedis.get("same")).isEqualTo(value + 1999);
    }
  }
}
