package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;

/**
 * Lists through every way Redstone keeps data: the log's increments replayed at start, the
 * fork-less rewrite (with the list changing while the rewrite walks), and a snapshot; each comes
 * back with its elements in order and its TTL.
 */
class ListPersistenceTest {
  @TempDir Path dataDir;

  private static List<String> expected(int count) {
    List<String> elements = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      elements.add("e" + i);
    }
    return elements;
  }

  private static void fill(Jedis jedis) {
    jedis.rpush("big", expected(5000).toArray(String[]::new));
    jedis.rpush("small", "a", "b", "c");
    jedis.lpop("small");
    jedis.lmove("small", "moved", ListDirection.RIGHT, ListDirection.LEFT);
    jedis.rpush("ttl", "x");
    jedis.expire("ttl", 100_000);
  }

  private static void check(Jedis jedis) {
    assertThat(jedis.lrange("big", 0, -1)).isEqualTo(expected(5000));
    assertThat(jedis.lrange("small", 0, -1)).containsExactly("b");
    assertThat(jedis.lrange("moved", 0, -1)).containsExactly("c");
    assertThat(jedis.ttl("ttl")).isBetween(99_000L, 100_000L);
    assertThat(jedis.type("big")).isEqualTo("list");
  }

  @Test
  void theLogReplaysListWritesInOrder() {
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      fill(jedis);
    }
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      check(jedis);
    }
  }

  @Test
  void aRewriteWhileTheListChangesKeepsEveryWrite() {
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      fill(jedis);
      jedis.bgrewriteaof();
      for (int i = 0; i < 200; i++) {
        jedis.rpush("during", "d" + i);
        jedis.lset("big", 0, "e0");
      }
      Eventually.waitFor(
          "the rewrite to finish",
          Duration.ofSeconds(10),
          () ->
              PersistenceTesting.persistenceInfo(jedis, "aof_rewrite_in_progress").equals("0")
                  && !PersistenceTesting.persistenceInfo(jedis, "aof_rewrites").equals("0"));
    }
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      check(jedis);
      assertThat(jedis.llen("during")).isEqualTo(200);
      assertThat(jedis.lindex("during", 199)).isEqualTo("d199");
    }
  }

  @Test
  void aSnapshotBringsListsBack() {
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "no");
        Jedis jedis = PersistenceTesting.client(server)) {
      fill(jedis);
      assertThat(jedis.save()).isEqualTo("OK");
    }
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "no");
        Jedis jedis = PersistenceTesting.client(server)) {
      check(jedis);
    }
  }
}
