package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Sets across a restart: replayed from the append-only log (SPOP's random choice logged as what it
 * removed), through a rewrite of the log, and from a SAVE or BGSAVE snapshot taken while the set
 * kept changing.
 */
class SetPersistenceTest {
  @TempDir Path dataDir;

  private static String[] range(int from, int to) {
    return IntStream.range(from, to).mapToObj(Integer::toString).toArray(String[]::new);
  }

  /**
   * Every set's OBJECT ENCODING, size and members, by key; the members of a big set by a digest, so
   * that a failure stays readable.
   */
  private static Map<String, String> sets(Jedis jedis) {
    Map<String, String> state = new TreeMap<>();
    for (String key : jedis.keys("*")) {
      if (jedis.type(key).equals("set")) {
        TreeSet<String> members = new TreeSet<>(jedis.smembers(key));
        String shown = members.size() <= 20 ? members.toString() : "#" + members.hashCode();
        state.put(key, jedis.objectEncoding(key) + " " + members.size() + " " + shown);
      }
    }
    return state;
  }

  /** Writes of every kind on sets of each encoding; returns nothing, the state tells. */
  private static void writeSets(Jedis jedis) {
    jedis.sadd("small", "3", "1", "2");
    jedis.sadd("wide", "70000", "-5000000000", "1");
    jedis.sadd("words", "a", "b", "c", "d", "e");
    jedis.sadd("big", range(0, 600));
    jedis.srem("big", range(0, 50));
    jedis.spop("words");
    jedis.spop("big", 100);
    jedis.spop("small", 10);
    jedis.smove("wide", "moved", "70000");
    jedis.sinterstore("inter", "big", "wide");
    jedis.sunionstore("union", "wide", "words");
    jedis.sdiffstore("diff", "big", "union");
    jedis.set("replaced", "a string");
    jedis.sunionstore("replaced", "wide");
    jedis.sadd("gone", "x");
    jedis.srem("gone", "x");
  }

  @Test
  void theLogReplaysSetsWithTheMembersSpopChose() {
    Map<String, String> before;
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      writeSets(jedis);
      before = sets(jedis);
    }
    assertThat(before).containsKeys("big", "words", "wide", "moved", "union", "diff", "replaced");
    assertThat(before).doesNotContainKeys("small", "gone");
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(sets(jedis)).isEqualTo(before);
    }
  }

  @Test
  void aRewrittenLogKeepsTheSetsAndTheWritesAfterIt() {
    Map<String, String> before;
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      writeSets(jedis);
      assertThat(jedis.bgrewriteaof()).startsWith("Background append only file rewriting");
      jedis.sadd("big", "after-rewrite");
      jedis.spop("words", 2);
      Eventually.waitFor(
          "the rewrite to finish",
          Duration.ofSeconds(30),
          () -> PersistenceTesting.persistenceInfo(jedis, "aof_rewrite_in_progress").equals("0"));
      jedis.srem("big", "100", "101");
      before = sets(jedis);
      assertThat(PersistenceTesting.persistenceInfo(jedis, "aof_last_bgrewrite_status"))
          .isEqualTo("ok");
    }
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(sets(jedis)).isEqualTo(before);
    }
  }

  @Test
  void aSnapshotHoldsEachSetAsItWasWhenTheSaveBegan() {
    Map<String, String> saved;
    try (TestServer server = PersistenceTesting.startIn(dataDir);
        Jedis jedis = PersistenceTesting.client(server)) {
      writeSets(jedis);
      jedis.sadd("huge", range(0, 50_000));
      saved = sets(jedis);
      assertThat(jedis.bgsave()).isEqualTo("Background saving started");
      // Changes to the same sets while the snapshot is written must not reach it.
      jedis.sadd("huge", range(50_000, 60_000));
      jedis.srem("huge", range(0, 10_000));
      jedis.del("words");
      jedis.sadd("small", "9");
      Eventually.waitFor(
          "the snapshot to finish",
          Duration.ofSeconds(30),
          () -> PersistenceTesting.persistenceInfo(jedis, "rdb_bgsave_in_progress").equals("0"));
      assertThat(PersistenceTesting.persistenceInfo(jedis, "rdb_last_bgsave_status"))
          .isEqualTo("ok");
    }
    try (TestServer server = PersistenceTesting.startIn(dataDir);
        Jedis jedis = PersistenceTesting.client(server)) {
      // As Redis's RDB load: a hash table of few enough integers comes back an intset.
      assertThat(saved.get("big")).startsWith("hashtable 450 ");
      saved.put("big", saved.get("big").replace("hashtable", "intset"));
      assertThat(sets(jedis)).isEqualTo(saved);
      jedis.sadd("small", "9");
      jedis.save();
    }
    try (TestServer server = PersistenceTesting.startIn(dataDir);
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.smembers("small")).isEqualTo(Set.copyOf(List.of("9")));
      assertThat(jedis.objectEncoding("small")).isEqualTo("intset");
      assertThat(jedis.objectEncoding("huge")).isEqualTo("hashtable");
    }
  }
}
