package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/** CONFIG SET appendonly: the log turned on from what is in memory, and turned off. */
class AppendOnlyAtRunTimeTest {
  @TempDir Path dataDir;

  private TestServer start(String... more) {
    return PersistenceTesting.startIn(dataDir, more);
  }

  private static String info(Jedis jedis, String field) {
    return PersistenceTesting.persistenceInfo(jedis, field);
  }

  private static void waitForRewrites(Jedis jedis, String count) {
    Eventually.waitFor(
        "rewrite number " + count,
        Duration.ofSeconds(30),
        () ->
            info(jedis, "aof_rewrites").equals(count)
                && info(jedis, "aof_rewrite_in_progress").equals("0"));
  }

  /** Starts again with the log on and finds {@code keys} keys, "logged" among them as given. */
  private void restartWithTheLogFinds(long keys, String logged) {
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.dbSize()).isEqualTo(keys);
      assertThat(jedis.get("logged")).isEqualTo(logged);
    }
  }

  /** Enough keys that a walk over them takes many loop passes of 1 ms. */
  private static void setKeys(Jedis jedis, int count) {
    Pipeline pipeline = jedis.pipelined();
    for (int i = 0; i < count; i++) {
      pipeline.set("k" + i, "v");
    }
    pipeline.sync();
  }

  @Test
  void turningTheLogOnWritesABaseOfWhatIsInMemoryThenLogsWhatFollows() {
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      for (int i = 0; i < 1_000; i++) {
        jedis.set("before" + i, "v" + i);
      }
      jedis.select(2);
      jedis.set("in-db2", "x");
      jedis.select(0);
      assertThat(info(jedis, "aof_enabled")).isEqualTo("0");

      assertThat(jedis.configSet("appendonly", "yes")).isEqualTo("OK");
      assertThat(info(jedis, "aof_enabled")).isEqualTo("1");
      waitForRewrites(jedis, "1");
      assertThat(info(jedis, "aof_last_bgrewrite_status")).isEqualTo("ok");
      assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "yes");
      jedis.set("after", "y");
      jedis.del("before0");
    }
    assertThat(dataDir.resolve("appendonlydir").resolve("appendonly.aof.manifest")).exists();
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.dbSize()).isEqualTo(1_000);
      assertThat(jedis.get("before999")).isEqualTo("v999");
      assertThat(jedis.get("before0")).isNull();
      assertThat(jedis.get("after")).isEqualTo("y");
      jedis.select(2);
      assertThat(jedis.get("in-db2")).isEqualTo("x");
    }
  }

  @Test
  void turningTheLogOffUnderAlwaysAnswersAndStopsLoggingAndOnAgainStartsAfresh() throws Exception {
    try (TestServer server = start("--appendonly", "yes", "--appendfsync", "always");
        Jedis jedis = PersistenceTesting.client(server)) {
      jedis.set("logged", "1");
      assertThat(jedis.configSet("appendonly", "no")).isEqualTo("OK");
      assertThat(info(jedis, "aof_enabled")).isEqualTo("0");
      // No reply waits for an fsync of a log that is off.
      assertThat(jedis.set("unlogged", "2")).isEqualTo("OK");
    }
    Path manifest = dataDir.resolve("appendonlydir").resolve("appendonly.aof.manifest");
    assertThat(manifest).exists();
    String manifestBefore = Files.readString(manifest);
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.get("logged")).isEqualTo("1");
      assertThat(jedis.get("unlogged")).as("written while the log was off").isNull();

      jedis.configSet("appendonly", "no");
      jedis.set("while-off", "3");
      jedis.configSet("appendonly", "yes");
      waitForRewrites(jedis, "1");
      jedis.set("on-again", "4");
    }
    assertThat(Files.readString(manifest))
        .as("a new base replaced the old log")
        .isNotEqualTo(manifestBefore);
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.get("logged")).isEqualTo("1");
      assertThat(jedis.get("while-off")).as("in memory when the log was turned on").isEqualTo("3");
      assertThat(jedis.get("on-again")).isEqualTo("4");
    }
  }

  @Test
  void withTheLogOffBgrewriteaofWritesABaseForALaterStartAndLogsNothing() throws Exception {
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      for (int i = 0; i < 1_000; i++) {
        jedis.set("k" + i, "v" + i);
      }
      assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
      waitForRewrites(jedis, "1");
      assertThat(info(jedis, "aof_last_bgrewrite_status")).isEqualTo("ok");
      assertThat(info(jedis, "aof_enabled")).isEqualTo("0");
      jedis.set("after", "not logged");
    }
    // As Redis leaves it: a manifest that names the base alone, and no increment.
    Path aofDir = dataDir.resolve("appendonlydir");
    try (Stream<Path> files = Files.list(aofDir)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .containsExactly("appendonly.aof.1.base.rss", "appendonly.aof.manifest");
    }
    assertThat(Files.readString(aofDir.resolve("appendonly.aof.manifest")))
        .isEqualTo("file appendonly.aof.1.base.rss seq 1 type b\n");
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.dbSize()).isEqualTo(1_000);
      assertThat(jedis.get("k999")).isEqualTo("v999");
      assertThat(jedis.get("after")).isNull();
      jedis.set("logged", "after the base");
    }
    restartWithTheLogFinds(1_001, "after the base");
  }

  @Test
  void withTheLogOffBgrewriteaofWaitsBehindABackgroundSave() {
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      setKeys(jedis, 100_000);
      jedis.bgsave();
      // The walk of 100,000 keys takes many loop passes of 1 ms: the save is still running.
      assertThat(info(jedis, "rdb_bgsave_in_progress")).isEqualTo("1");
      assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting scheduled");
      waitForRewrites(jedis, "1");
      assertThat(info(jedis, "rdb_last_bgsave_status")).isEqualTo("ok");
      assertThat(info(jedis, "aof_last_bgrewrite_status")).isEqualTo("ok");
      assertThat(info(jedis, "aof_rewrite_scheduled")).isEqualTo("0");
    }
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.dbSize()).isEqualTo(100_000);
    }
  }

  @Test
  void turningTheLogOnDuringABaseOnlyRewriteWaitsForItThenLogs() {
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      setKeys(jedis, 100_000);
      assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
      assertThatThrownBy(jedis::bgrewriteaof)
          .hasMessage("ERR Background append only file rewriting already in progress");
      assertThat(jedis.configSet("appendonly", "yes")).isEqualTo("OK");
      assertThat(info(jedis, "aof_enabled")).isEqualTo("1");
      // The base-only rewrite, then the log's own.
      waitForRewrites(jedis, "2");
      jedis.set("logged", "yes");
    }
    restartWithTheLogFinds(100_001, "yes");
  }

  @Test
  void whenTheLogCannotBeOpenedConfigSetFailsAndTheLogStaysOff() throws Exception {
    // A file where the log's directory should be: opening the log fails.
    Files.writeString(dataDir.resolve("appendonlydir"), "not a directory");
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThatThrownBy(() -> jedis.configSet("appendonly", "yes"))
          .isInstanceOf(JedisDataException.class)
          .hasMessage(
              "ERR CONFIG SET failed (possibly related to argument 'appendonly') - Unable"
                  + " to turn on AOF. Check server logs.");
      assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "no");
      assertThat(info(jedis, "aof_enabled")).isEqualTo("0");
      // As in Redis, the whole CONFIG SET fails: the other settings go back too.
      assertThatThrownBy(() -> jedis.configSet("maxmemory", "5mb", "appendonly", "yes"))
          .hasMessageContaining("Unable to turn on AOF");
      assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", "0");
      // A CONFIG SET of something else, run while the log is opening, is not part of that.
      Pipeline pipeline = jedis.pipelined();
      Response<Object> logOn = pipeline.sendCommand(Command.CONFIG, "SET", "appendonly", "yes");
      Response<Object> other = pipeline.sendCommand(Command.CONFIG, "SET", "maxmemory", "5mb");
      pipeline.sync();
      assertThatThrownBy(logOn::get).hasMessageContaining("Unable to turn on AOF");
      assertThat(SafeEncoder.encode((byte[]) other.get())).isEqualTo("OK");
      assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", "5242880");
      assertThat(jedis.set("still", "writable")).isEqualTo("OK");
      assertThat(jedis.get("still")).isEqualTo("writable");
    }
  }
}
