package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.RespClient;
import io.redstone.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.resps.Tuple;

/**
 * Sorted sets across restarts: replayed from the append-only log, rebuilt from a rewritten base,
 * and loaded from a snapshot, in both encodings, with the scores that are easy to get wrong (-0,
 * the infinities, fractions that need all 17 digits).
 */
class ZSetPersistenceTest {
  private static final List<String> KEYS = List.of("small", "big", "neg0", "popped", "stored");

  @TempDir Path dataDir;

  private TestServer start(String... more) {
    return PersistenceTesting.startIn(dataDir, more);
  }

  /** Writes sorted sets with every kind of change the log must replay. */
  private static void write(Jedis jedis) {
    jedis.zadd("small", Map.of("a", 1.0, "b", 0.1, "c", Double.POSITIVE_INFINITY));
    jedis.zincrby("small", 0.2, "b");
    jedis.zadd("small", -5, "d", ZAddParams.zAddParams().nx());
    jedis.zrem("small", "a");
    Map<String, Double> many = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      many.put("member-" + i, i * 0.5 - 20);
    }
    jedis.zadd("big", many);
    jedis.zremrangeByScore("big", "(10", "20");
    jedis.zadd("neg0", -0.0, "x".repeat(80));
    jedis.zadd("popped", Map.of("p", 1.0, "q", 2.0, "r", 3.0, "s", 4.0));
    jedis.zpopmin("popped");
    jedis.sendCommand(
        redis.clients.jedis.Protocol.Command.ZMPOP, "1", "popped", "MAX", "COUNT", "2");
    jedis.zunionstore("stored", "small", "big");
    jedis.zadd("gone", 1, "only");
    jedis.zpopmax("gone");
  }

  private static Map<String, Object> state(Jedis jedis) {
    Map<String, Object> state = new LinkedHashMap<>();
    for (String key : KEYS) {
      List<Tuple> members = jedis.zrangeWithScores(key, 0, -1);
      state.put(key, List.of(jedis.type(key), String.valueOf(jedis.objectEncoding(key)), members));
    }
    state.put("gone", jedis.exists("gone"));
    return state;
  }

  private static void assertWritten(Map<String, Object> state) {
    assertThat(state.get("neg0").toString()).contains("skiplist").contains("-0.0");
    assertThat(state.get("big").toString()).contains("skiplist");
    assertThat(state.get("small").toString()).contains("listpack");
    assertThat(state.get("gone")).isEqualTo(false);
  }

  @Test
  void theLogReplaysEverySortedSetChange() {
    Map<String, Object> before;
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      write(jedis);
      before = state(jedis);
    }
    assertWritten(before);
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(state(jedis)).isEqualTo(before);
    }
  }

  @Test
  void aRewrittenLogKeepsSortedSetsAndTheWritesAfterIt() {
    Map<String, Object> before;
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      write(jedis);
      assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
      Eventually.waitFor(
          "the rewrite",
          Duration.ofSeconds(30),
          () ->
              PersistenceTesting.persistenceInfo(jedis, "aof_rewrite_in_progress").equals("0")
                  && PersistenceTesting.persistenceInfo(jedis, "aof_rewrites").equals("1"));
      jedis.zadd("small", 9, "after-rewrite");
      jedis.zincrby("big", 1000, "member-0");
      before = state(jedis);
    }
    try (TestServer server = start("--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(state(jedis)).isEqualTo(before);
      assertThat(jedis.zscore("small", "after-rewrite")).isEqualTo(9.0);
    }
  }

  @Test
  void aSnapshotLoadsSortedSetsInTheirEncodings() {
    Map<String, Object> before;
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      write(jedis);
      before = state(jedis);
      assertThat(jedis.save()).isEqualTo("OK");
    }
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(state(jedis)).isEqualTo(before);
      assertThat(jedis.zrank("big", "member-299")).isEqualTo(jedis.zcard("big") - 1);
    }
  }

  @Test
  void debugReloadKeepsSortedSets() {
    try (TestServer server = start("--enable-debug-command", "local");
        Jedis jedis = PersistenceTesting.client(server);
        RespClient raw = server.connect()) {
      write(jedis);
      Map<String, Object> before = state(jedis);
      assertThat(raw.call("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
      assertThat(state(jedis)).isEqualTo(before);
    }
  }
}
