package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.persistence.snapshot.KeyCounts;
import io.redstone.persistence.snapshot.SnapshotEntryHandler;
import io.redstone.persistence.snapshot.SnapshotInfo;
import io.redstone.persistence.snapshot.SnapshotReader;
import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.RespClient;
import io.redstone.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/** SAVE, BGSAVE, LASTSAVE and the save rules, and loading the snapshot at start. */
class SnapshotTest {
  @TempDir Path dataDir;

  private TestServer start(String... more) {
    return PersistenceTesting.startIn(dataDir, more);
  }

  private static String info(Jedis jedis, String field) {
    return PersistenceTesting.persistenceInfo(jedis, field);
  }

  @Test
  void saveWritesASnapshotThatTheNextStartLoadsWithItsTtls() throws Exception {
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      for (int i = 0; i < 5_000; i++) {
        jedis.set("k" + i, "v" + i);
      }
      jedis.set("ttl", "x", SetParams.setParams().ex(100));
      jedis.select(3);
      jedis.set("in-db3", "y");
      assertThat(info(jedis, "rdb_changes_since_last_save")).isEqualTo("5002");
      long before = jedis.lastsave();
      Thread.sleep(1_100);
      assertThat(jedis.save()).isEqualTo("OK");
      assertThat(jedis.lastsave()).isGreaterThan(before);
      assertThat(info(jedis, "rdb_changes_since_last_save")).isEqualTo("0");
      assertThat(info(jedis, "rdb_saves")).isEqualTo("1");
      assertThat(info(jedis, "rdb_last_bgsave_status")).isEqualTo("ok");
    }
    assertThat(dataDir.resolve("dump.rdb")).exists();
    // The file says how many keys each database gets, so the next load sizes its tables once.
    SnapshotInfo saved =
        SnapshotReader.read(dataDir.resolve("dump.rdb"), SnapshotEntryHandler.IGNORE);
    assertThat(KeyCounts.decode(saved.aux()))
        .containsExactly(Map.entry(0, 5_001L), Map.entry(3, 1L));
    Thread.sleep(1_000);
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.dbSize()).isEqualTo(5_001);
      assertThat(jedis.get("k4999")).isEqualTo("v4999");
      assertThat(jedis.ttl("ttl")).isBetween(1L, 99L);
      jedis.select(3);
      assertThat(jedis.get("in-db3")).isEqualTo("y");
    }
  }

  @Test
  void saveRepliesInOrderWithThePipelinedCommandsAroundIt() {
    try (TestServer server = start();
        RespClient client = server.connect()) {
      client.send(
          "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*1\r\n$4\r\nSAVE\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
      assertThat(client.readReply()).isEqualTo("+OK\r\n");
      assertThat(client.readReply()).isEqualTo("+OK\r\n");
      assertThat(client.readReply()).isEqualTo("$1\r\nv\r\n");
    }
  }

  @Test
  void bgsaveAnswersAtOnceAndSavesInTheBackground() throws Exception {
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      for (int i = 0; i < 20_000; i++) {
        jedis.set("k" + i, "v" + i);
      }
      assertThat(jedis.bgsave()).isEqualTo("Background saving started");
      Eventually.waitFor(
          "the background save",
          Duration.ofSeconds(30),
          () ->
              info(jedis, "rdb_bgsave_in_progress").equals("0")
                  && info(jedis, "rdb_saves").equals("1"));
      assertThatThrownBy(
              () -> jedis.sendCommand(redis.clients.jedis.Protocol.Command.BGSAVE, "NOW"))
          .hasMessage("ERR syntax error");
    }
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.dbSize()).isEqualTo(20_000);
    }
  }

  @Test
  void saveRulesTriggerABackgroundSave() {
    try (TestServer server = start("--save", "1 1");
        Jedis jedis = PersistenceTesting.client(server)) {
      jedis.set("k", "v");
      Eventually.waitFor(
          "a save by rule", Duration.ofSeconds(20), () -> info(jedis, "rdb_saves").equals("1"));
      assertThat(Files.exists(dataDir.resolve("dump.rdb"))).isTrue();
    }
  }

  @Test
  void turningTheLogOnOverASnapshotLoadsItAndWritesTheLogsBase() throws Exception {
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      jedis.set("from-snapshot", "1");
      jedis.save();
    }
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.get("from-snapshot")).isEqualTo("1");
      Eventually.waitFor(
          "the log's first base",
          Duration.ofSeconds(20),
          () -> info(jedis, "aof_rewrites").equals("1"));
      jedis.set("from-log", "2");
    }
    Files.delete(dataDir.resolve("dump.rdb"));
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.get("from-snapshot")).isEqualTo("1");
      assertThat(jedis.get("from-log")).isEqualTo("2");
    }
  }

  @Test
  void debugReloadSavesAndLoadsTheSameData() {
    try (TestServer server = start("--enable-debug-command", "local");
        Jedis jedis = PersistenceTesting.client(server);
        RespClient raw = server.connect()) {
      jedis.set("plain", "v");
      jedis.set("ttl", "x", SetParams.setParams().ex(100));
      jedis.select(2);
      jedis.set("other-db", "y");
      assertThat(raw.call("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
      assertThat(jedis.get("other-db")).isEqualTo("y");
      jedis.select(0);
      assertThat(jedis.get("plain")).isEqualTo("v");
      assertThat(jedis.ttl("ttl")).isBetween(90L, 100L);
      assertThat(jedis.dbSize()).isEqualTo(2);
    }
  }

  @Test
  void aSaveRefusedWhileARewriteWalksIsAnsweredNotLeftHanging() {
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server);
        RespClient raw = server.connect()) {
      for (int i = 0; i < 100_000; i += 1_000) {
        String[] pairs = new String[2_000];
        for (int j = 0; j < 1_000; j++) {
          pairs[2 * j] = "k" + (i + j);
          pairs[2 * j + 1] = "v";
        }
        jedis.mset(pairs);
      }
      raw.send("*1\r\n$12\r\nBGREWRITEAOF\r\n*1\r\n$4\r\nSAVE\r\n*1\r\n$4\r\nPING\r\n");
      assertThat(raw.readReply()).isEqualTo("+Background append only file rewriting started\r\n");
      assertThat(raw.readReply())
          .isIn(
              "+OK\r\n",
              "-ERR Background append only file rewriting in progress: can't SAVE right now\r\n");
      assertThat(raw.readReply()).isEqualTo("+PONG\r\n");
    }
  }
}
