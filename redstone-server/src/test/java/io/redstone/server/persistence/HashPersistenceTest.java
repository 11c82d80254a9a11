package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Hashes survive a restart in both encodings: through the log's replay (HINCRBYFLOAT logged as the
 * HSET of its result), through a rewrite taken while the hashes change, and through SAVE.
 */
class HashPersistenceTest {
  @TempDir Path dataDir;

  private TestServer withLog() {
    return PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
  }

  private TestServer withSnapshot() {
    return PersistenceTesting.startIn(dataDir, "--appendonly", "no");
  }

  /** A small hash, one converted by a long value, one by its size, one with a TTL, one emptied. */
  private static Map<String, Map<String, String>> writeHashes(Jedis jedis) {
    jedis.hset("small", Map.of("a", "1", "b", "2"));
    jedis.hdel("small", "a");
    jedis.hincrBy("small", "n", 41);
    jedis.hincrBy("small", "n", 1);
    for (int i = 0; i < 3; i++) {
      jedis.hincrByFloat("small", "f", 0.1);
    }
    jedis.hset("long", "v", "x".repeat(100));
    Map<String, String> big = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      big.put("field" + i, "value" + i);
    }
    jedis.hset("big", big);
    jedis.hdel("big", "field0", "field1");
    jedis.hset("ttl", "a", "1");
    jedis.expire("ttl", 100_000);
    jedis.hset("gone", "a", "1");
    jedis.hdel("gone", "a");

    Map<String, Map<String, String>> expected = new HashMap<>();
    for (String key : new String[] {"small", "long", "big", "ttl"}) {
      expected.put(key, jedis.hgetAll(key));
    }
    assertThat(expected.get("small")).containsEntry("n", "42").containsEntry("f", "0.3");
    return expected;
  }

  private static void assertHashes(Jedis jedis, Map<String, Map<String, String>> expected) {
    for (Map.Entry<String, Map<String, String>> hash : expected.entrySet()) {
      assertThat(jedis.hgetAll(hash.getKey())).as(hash.getKey()).isEqualTo(hash.getValue());
    }
    assertThat(jedis.objectEncoding("small")).isEqualTo("listpack");
    assertThat(jedis.objectEncoding("long")).isEqualTo("hashtable");
    assertThat(jedis.objectEncoding("big")).isEqualTo("hashtable");
    assertThat(jedis.exists("gone")).isFalse();
    assertThat(jedis.ttl("ttl")).isBetween(99_000L, 100_000L);
    assertThat(jedis.dbSize()).isEqualTo(expected.size());
  }

  @Test
  void theLogReplaysHashesAndLogsFloatIncrementsAsTheirResult() throws Exception {
    Map<String, Map<String, String>> expected;
    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      expected = writeHashes(jedis);
    }
    byte[] log = readAll(dataDir.resolve("appendonlydir"));
    String text = new String(log, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContainIgnoringCase("hincrbyfloat").contains("0.3");
    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertHashes(jedis, expected);
    }
  }

  @Test
  void aRewriteWhileHashesChangeKeepsEveryChange() throws Exception {
    Map<String, String> counters = new HashMap<>();
    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      for (int i = 0; i < 5_000; i++) {
        jedis.hset("h" + i, Map.of("a", "1", "b", "2", "c", "3"));
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger changes = new AtomicInteger();
      Map<String, String> written = new ConcurrentHashMap<>();
      Thread writer =
          new Thread(
              () -> {
                try (Jedis other = PersistenceTesting.client(server)) {
                  for (int i = 0; !stop.get(); i++) {
                    String key = "h" + (i * 7919 % 5_000);
                    written.put(key, Long.toString(other.hincrBy(key, "n", 1)));
                    if (i % 3 == 0) {
                      other.hdel(key, "a");
                      other.hset(key, "long", "y".repeat(80));
                    }
                    changes.incrementAndGet();
                  }
                }
              },
              "hash-rewrite-writer");
      writer.start();
      Eventually.waitFor("some changes", Duration.ofSeconds(10), () -> changes.get() > 100);
      jedis.bgrewriteaof();
      Eventually.waitFor(
          "the rewrite to finish",
          Duration.ofSeconds(60),
          () -> PersistenceTesting.persistenceInfo(jedis, "aof_rewrite_in_progress").equals("0"));
      Eventually.waitFor("more changes", Duration.ofSeconds(10), () -> changes.get() > 500);
      stop.set(true);
      writer.join();
      assertThat(PersistenceTesting.persistenceInfo(jedis, "aof_last_bgrewrite_status"))
          .isEqualTo("ok");
      counters.putAll(written);
      for (int i = 0; i < 5_000; i += 97) {
        counters.put("h" + i + "/all", sorted(jedis.hgetAll("h" + i)));
        counters.put("h" + i + "/encoding", jedis.objectEncoding("h" + i));
      }
    }
    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.dbSize()).isEqualTo(5_000);
      for (Map.Entry<String, String> expected : counters.entrySet()) {
        String key = expected.getKey();
        String actual;
        if (key.endsWith("/all")) {
          actual = sorted(jedis.hgetAll(key.substring(0, key.length() - 4)));
        } else if (key.endsWith("/encoding")) {
          actual = jedis.objectEncoding(key.substring(0, key.length() - 9));
        } else {
          actual = jedis.hget(key, "n");
        }
        assertThat(actual).as(key).isEqualTo(expected.getValue());
      }
    }
  }

  @Test
  void saveAndRestartKeepHashesInTheirEncodings() throws Exception {
    Map<String, Map<String, String>> expected;
    try (TestServer server = withSnapshot();
        Jedis jedis = PersistenceTesting.client(server)) {
      expected = writeHashes(jedis);
      assertThat(jedis.save()).isEqualTo("OK");
    }
    try (TestServer server = withSnapshot();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertHashes(jedis, expected);
      // The loaded hashes are live ones: they change and convert as any other.
      jedis.hset("small", "grown", "z".repeat(70));
      assertThat(jedis.objectEncoding("small")).isEqualTo("hashtable");
      jedis.bgsave();
      Eventually.waitFor(
          "the background save",
          Duration.ofSeconds(30),
          () -> PersistenceTesting.persistenceInfo(jedis, "rdb_bgsave_in_progress").equals("0"));
      expected.put("small", jedis.hgetAll("small"));
    }
    try (TestServer server = withSnapshot();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.hgetAll("small")).isEqualTo(expected.get("small"));
      assertThat(jedis.objectEncoding("small")).isEqualTo("hashtable");
      assertThat(jedis.hgetAll("big")).isEqualTo(expected.get("big"));
    }
  }

  private static String sorted(Map<String, String> hash) {
    return new TreeMap<>(hash).toString();
  }

  private static byte[] readAll(Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        out.write(Files.readAllBytes(file));
      }
    }
    return out.toByteArray();
  }
}
