package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * A real server process, killed with SIGKILL in the middle of a write load, restarted on the same
 * directory: every write it acknowledged must be there, with its value and TTL; the writers change
 * a list, a hash, a set and a sorted set of their own besides strings and counters.
 */
class CrashRecoveryTest {
  private static final int WRITERS = 4;

  @TempDir Path dataDir;

  /** What the writers were told succeeded: key to value, and keys written with a TTL. */
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

  private final Map<String, Long> acknowledgedCounters = new ConcurrentHashMap<>();

  /**
   * The collections the writers were told they changed: a list's acknowledged length (its elements
   * are e0, e1, ... in order), and a hash's fields, a set's members and a sorted set's members with
   * the score each was given.
   */
  private final Map<String, Long> acknowledgedListLengths = new ConcurrentHashMap<>();

  private final Map<String, String> acknowledgedHashFields = new ConcurrentHashMap<>();
  private final Map<String, String> acknowledgedSetMembers = new ConcurrentHashMap<>();
  private final Map<String, Double> acknowledgedScores = new ConcurrentHashMap<>();

  /** A generous timeout: two cores shared with a whole build can stall a first fsync. */
  private static Jedis client(int port) {
    return new Jedis("127.0.0.1", port, 15_000);
  }

  private String[] directives(String fsync) {
    return new String[] {
      "--appendonly", "yes", "--appendfsync", fsync, "--dir", dataDir.toString()
    };
  }

  @Test
  void underAlwaysEveryAcknowledgedWriteSurvivesRepeatedKills() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 3; round++) {
      try (ServerProcess server = ServerProcess.start(directives("always"))) {
        verifyAcknowledged(server, round);
        boolean rewriteMidway = round == 1;
        runLoadThenKill(server, round, 300 + random.nextInt(900), rewriteMidway);
      }
    }
    try (ServerProcess server = ServerProcess.start(directives("always"))) {
      verifyAcknowledged(server, 3);
    }
  }

  @Test
  void ttlsSurviveARestartAsAbsoluteTimes() throws Exception {
    try (ServerProcess server = ServerProcess.start(directives("always"));
        Jedis jedis = client(server.port())) {
      jedis.set("ttl-key", "v", SetParams.setParams().ex(100));
      jedis.set("expire-key", "w");
      jedis.expire("expire-key", 100);
      server.kill();
    }
    Thread.sleep(2_000);
    try (ServerProcess server = ServerProcess.start(directives("always"));
        Jedis jedis = client(server.port())) {
      assertThat(jedis.get("ttl-key")).isEqualTo("v");
      assertThat(jedis.ttl("ttl-key")).isBetween(1L, 98L);
      assertThat(jedis.ttl("expire-key")).isBetween(1L, 98L);
    }
  }

  @Test
  void underEverysecOnlyAboutTheLastSecondCanBeLost() throws Exception {
    long killedAt;
    Map<String, Long> ackTimes = new ConcurrentHashMap<>();
    try (ServerProcess server = ServerProcess.start(directives("everysec"));
        Jedis jedis = client(server.port())) {
      long end = System.currentTimeMillis() + 3_000;
      int i = 0;
      while (System.currentTimeMillis() < end) {
        String key = "es-" + i++;
        jedis.set(key, "v");
        ackTimes.put(key, System.currentTimeMillis());
      }
      killedAt = System.currentTimeMillis();
      server.kill();
    }
    try (ServerProcess server = ServerProcess.start(directives("everysec"));
        Jedis jedis = client(server.port())) {
      List<String> lostOlderThanTwoSeconds = new ArrayList<>();
      for (Map.Entry<String, Long> ack : ackTimes.entrySet()) {
        if (ack.getValue() < killedAt - 2_000 && jedis.get(ack.getKey()) == null) {
          lostOlderThanTwoSeconds.add(ack.getKey());
        }
      }
      assertThat(ackTimes).hasSizeGreaterThan(100);
      assertThat(lostOlderThanTwoSeconds).isEmpty();
    }
  }

  private void runLoadThenKill(
      ServerProcess server, int round, long killAfterMillis, boolean rewrite) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      Thread thread =
          new Thread(
              () -> write(server.port(), round, writer, stop), "crash-test-writer-" + writer);
      thread.start();
      writers.add(thread);
    }
    // The kill comes a random time after every type has been written once: on a loaded machine
    // a fresh JVM may take longer than the whole interval to answer its first writes.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String firstList = "list-r" + round + "-w";
    while (acknowledgedListLengths.keySet().stream().noneMatch(key -> key.startsWith(firstList))
        && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    if (rewrite) {
      Thread.sleep(killAfterMillis / 2);
      try (Jedis admin = client(server.port())) {
        admin.bgrewriteaof();
      }
      Thread.sleep(killAfterMillis / 2);
    } else {
      Thread.sleep(killAfterMillis);
    }
    server.kill();
    stop.set(true);
    for (Thread thread : writers) {
      thread.join(30_000);
    }
  }

  /** Writes until the server dies; records only what was answered. */
  private void write(int port, int round, int writer, AtomicBoolean stop) {
    String counter = "counter-" + writer;
    try (Jedis jedis = client(port)) {
      for (int i = 0; !stop.get(); i++) {
        String key = "r" + round + "-w" + writer + "-" + i;
        String value = "value-" + i + "-" + "x".repeat(i % 50);
        if (i % 3 == 0) {
          jedis.set(key, value, SetParams.setParams().ex(3_600));
        } else {
          jedis.set(key, value);
        }
        acknowledged.put(key, value);
        long count = jedis.incr(counter);
        acknowledgedCounters.put(counter, count);
        if (i % 3 == 0) {
          writeCollections(jedis, "r" + round + "-w" + writer, i / 3);
        }
      }
    } catch (RuntimeException connectionDied) {
      // expected: the server was killed mid-command; that command was not acknowledged
    }
  }

  /** One write to each type; what is acknowledged is recorded only after its reply. */
  private void writeCollections(Jedis jedis, String prefix, int n) {
    String list = "list-" + prefix;
    long length = jedis.rpush(list, "e" + n);
    acknowledgedListLengths.put(list, length);
    String hash = "hash-" + prefix;
    jedis.hset(hash, "f" + n, "v" + n);
    acknowledgedHashFields.put(hash + " f" + n, "v" + n);
    String set = "set-" + prefix;
    jedis.sadd(set, "m" + n);
    acknowledgedSetMembers.put(set + " m" + n, set);
    String zset = "zset-" + prefix;
    jedis.zadd(zset, n * 0.5, "z" + n);
    acknowledgedScores.put(zset + " z" + n, n * 0.5);
  }

  private void verifyAcknowledged(ServerProcess server, int round) {
    try (Jedis jedis = client(server.port())) {
      for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
        assertThat(jedis.get(ack.getKey()))
            .as("round %d, key %s", round, ack.getKey())
            .isEqualTo(ack.getValue());
      }
      for (Map.Entry<String, Long> ack : acknowledgedCounters.entrySet()) {
        // The INCR in flight at the kill may or may not have been logged: at most one more.
        assertThat(Long.parseLong(jedis.get(ack.getKey())))
            .as("round %d, %s", round, ack.getKey())
            .isBetween(ack.getValue(), ack.getValue() + 1);
      }
      for (Map.Entry<String, Long> ack : acknowledgedListLengths.entrySet()) {
        // The RPUSH in flight at the kill may or may not have been logged: at most one more.
        long length = jedis.llen(ack.getKey());
        assertThat(length)
            .as("round %d, %s", round, ack.getKey())
            .isBetween(ack.getValue(), ack.getValue() + 1);
        assertThat(jedis.lrange(ack.getKey(), 0, ack.getValue() - 1))
            .as("round %d, %s", round, ack.getKey())
            .isEqualTo(
                java.util.stream.LongStream.range(0, ack.getValue())
                    .mapToObj(j -> "e" + j)
                    .toList());
      }
      for (Map.Entry<String, String> ack : acknowledgedHashFields.entrySet()) {
        String[] keyAndField = ack.getKey().split(" ");
        assertThat(jedis.hget(keyAndField[0], keyAndField[1]))
            .as(ack.getKey())
            .isEqualTo(ack.getValue());
      }
      for (Map.Entry<String, String> ack : acknowledgedSetMembers.entrySet()) {
        assertThat(jedis.sismember(ack.getValue(), ack.getKey().split(" ")[1]))
            .as(ack.getKey())
            .isTrue();
      }
      for (Map.Entry<String, Double> ack : acknowledgedScores.entrySet()) {
        String[] keyAndMember = ack.getKey().split(" ");
        assertThat(jedis.zscore(keyAndMember[0], keyAndMember[1]))
            .as(ack.getKey())
            .isEqualTo(ack.getValue());
      }
      if (round > 0) {
        assertThat(acknowledged).isNotEmpty();
        assertThat(acknowledgedListLengths).isNotEmpty();
      }
    }
  }
}
