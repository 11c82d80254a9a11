package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SortingParams;

/**
 * SORT ... STORE across a restart: the stored lists come back from the append-only log, from a
 * rewrite of it and from a snapshot, even when the keys the sort read have expired meanwhile (the
 * log holds what the sort stored, not the command).
 */
class SortPersistenceTest {
  @TempDir Path dataDir;

  /** Every list, by key, with its elements. */
  private static Map<String, List<String>> lists(Jedis jedis) {
    Map<String, List<String>> state = new TreeMap<>();
    for (String key : jedis.keys("*")) {
      if (jedis.type(key).equals("list")) {
        state.put(key, jedis.lrange(key, 0, -1));
      }
    }
    return state;
  }

  /** Sorts of each source type into lists; the weights by price expire soon after. */
  private static void sortAndStore(Jedis jedis) {
    jedis.rpush("cart", "apple", "pear", "fig", "kiwi");
    jedis.psetex("price_apple", 1000, "3");
    jedis.psetex("price_pear", 1000, "1");
    jedis.psetex("price_fig", 1000, "2");
    jedis.hset("info_apple", "name", "Apple");
    jedis.sadd("ids", "30", "4", "100");
    jedis.zadd("ranked", Map.of("c", 1.0, "b", 2.0, "a", 3.0));
    jedis.sort("cart", new SortingParams().by("price_*"), "by-price");
    jedis.sort("cart", new SortingParams().alpha().desc().get("#", "info_*->name"), "names");
    jedis.sort("ids", new SortingParams().limit(0, 2), "two-ids");
    jedis.sort("ranked", new SortingParams().by("nosort").desc(), "by-rank");
    jedis.set("emptied", "was here");
    jedis.sort("no-such-key", "emptied");
  }

  @Test
  void theLogReplaysWhatEachSortStored() throws InterruptedException {
    Map<String, List<String>> before;
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      sortAndStore(jedis);
      before = lists(jedis);
      assertThat(jedis.exists("emptied")).isFalse();
    }
    assertThat(before.get("by-price")).containsExactly("kiwi", "pear", "fig", "apple");
    assertThat(before.get("names"))
        .containsExactly("pear", "", "kiwi", "", "fig", "", "apple", "Apple");
    Thread.sleep(1100); // the weights have expired: a replayed SORT would now see none
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.exists("price_apple")).isFalse();
      assertThat(lists(jedis)).isEqualTo(before);
      assertThat(jedis.exists("emptied")).isFalse();
    }
  }

  @Test
  void aRewrittenLogAndASnapshotKeepTheStoredLists() {
    Map<String, List<String>> before;
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      sortAndStore(jedis);
      assertThat(jedis.bgrewriteaof()).startsWith("Background append only file rewriting");
      jedis.sort("ids", new SortingParams().desc(), "after-rewrite");
      Eventually.waitFor(
          "the rewrite to finish",
          Duration.ofSeconds(30),
          () -> PersistenceTesting.persistenceInfo(jedis, "aof_rewrite_in_progress").equals("0"));
      jedis.sort("cart", new SortingParams().alpha(), "cart");
      before = lists(jedis);
      assertThat(jedis.save()).isEqualTo("OK");
    }
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(lists(jedis)).isEqualTo(before);
    }
    try (TestServer server = PersistenceTesting.startIn(dataDir);
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(lists(jedis)).isEqualTo(before);
    }
  }
}
