package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.persistence.snapshot.SnapshotEntryHandler;
import io.redstone.persistence.snapshot.SnapshotReader;
import io.redstone.persistence.snapshot.ValueType;
import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.resps.Tuple;

/**
 * Collections bigger than one stored part go through a rewrite, SAVE and DEBUG RELOAD in several
 * bounded records and load back identical: list order, sorted-set order and exact scores, every
 * hash pair and set member, the TTL; and a big hash changed while a rewrite runs is saved in the
 * base as it was when the rewrite started.
 */
class BigCollectionPersistenceTest {
  private static final int ELEMENTS = 5_000;
  private static final List<String> KEYS = List.of("list", "hash", "set", "zset");

  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dataDir;

  /** Writes one collection of each type, several parts long, each with a TTL. */
  private static void write(Jedis jedis) {
    Pipeline pipe = jedis.pipelined();
    for (int i = 0; i < ELEMENTS; i++) {
      String padding = "p".repeat(i % 200);
      pipe.rpush("list", "item-" + i + padding);
      pipe.hset("hash", "field-" + i, "value-" + i + padding);
      pipe.sadd("set", i % 3 == 0 ? Integer.toString(i) : "member-" + i + padding);
      double score = i % 5 == 0 ? -0.0 : (i % 97) / 7.0 - 3;
      pipe.zadd("zset", i == 1 ? Double.NEGATIVE_INFINITY : score, "m-" + i + padding);
    }
    pipe.sync();
    for (String key : KEYS) {
      jedis.expire(key, 100_000);
    }
  }

  /** Everything a reader can tell of the four collections, in a comparable form. */
  private static Map<String, Object> state(Jedis jedis) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("list", jedis.lrange("list", 0, -1));
    state.put("hash", new TreeMap<>(jedis.hgetAll("hash")));
    state.put("set", new java.util.TreeSet<>(jedis.smembers("set")));
    List<String> zset = new ArrayList<>();
    for (Tuple tuple : jedis.zrangeWithScores("zset", 0, -1)) {
      zset.add(tuple.getElement() + "=" + Double.doubleToRawLongBits(tuple.getScore()));
    }
    state.put("zset", zset);
    state.put("exact scores", List.of(jedis.zscore("zset", "m-0"), jedis.zscore("zset", "m-3ppp")));
    for (String key : KEYS) {
      state.put(key + " encoding", jedis.objectEncoding(key));
    }
    return state;
  }

  private static void assertTtls(Jedis jedis) {
    for (String key : KEYS) {
      assertThat(jedis.ttl(key)).as(key).isBetween(99_000L, 100_000L);
    }
  }

  /** How many part records follow each entry of a snapshot file, by key. */
  private static Map<String, Integer> partsPerKey(Path file) throws IOException {
    Map<String, Integer> parts = new HashMap<>();
    String[] current = {null};
    SnapshotReader.read(
        file,
        new SnapshotEntryHandler() {
          @Override
          public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAt) {
            parts.put(new String(key, StandardCharsets.UTF_8), 1);
          }

          @Override
          public void firstPart(int db, ValueType type, byte[] key, byte[] part, long expireAt) {
            current[0] = new String(key, StandardCharsets.UTF_8);
            parts.put(current[0], 1);
          }

          @Override
          public void nextPart(byte[] part, boolean last) {
            parts.merge(current[0], 1, Integer::sum);
          }
        });
    return parts;
  }

  private Path baseFile() throws IOException {
    try (Stream<Path> files = Files.list(dataDir.resolve("appendonlydir"))) {
      return files
          .filter(f -> f.getFileName().toString().contains(".base."))
          .findFirst()
          .orElseThrow();
    }
  }

  private static void rewrite(Jedis jedis) {
    jedis.bgrewriteaof();
    awaitRewrite(jedis);
  }

  private static void awaitRewrite(Jedis jedis) {
    Eventually.waitFor(
        "the rewrite to finish",
        Duration.ofSeconds(120),
        () -> PersistenceTesting.persistenceInfo(jedis, "aof_rewrite_in_progress").equals("0"));
    assertThat(PersistenceTesting.persistenceInfo(jedis, "aof_last_bgrewrite_status"))
        .isEqualTo("ok");
  }

  @Test
  void aRewrittenBaseHoldsBigCollectionsInPartsAndLoadsThemBack() throws IOException {
    Map<String, Object> before;
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      write(jedis);
      before = state(jedis);
      rewrite(jedis);
    }
    Map<String, Integer> parts = partsPerKey(baseFile());
    for (String key : KEYS) {
      assertThat(parts.get(key)).as(key).isGreaterThan(2);
    }
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(state(jedis)).isEqualTo(before);
      assertTtls(jedis);
    }
  }

  @Test
  void aSnapshotAndDebugReloadCarryBigCollectionsInParts() throws IOException {
    Map<String, Object> before;
    try (TestServer server =
            PersistenceTesting.startIn(
                dataDir, "--appendonly", "no", "--enable-debug-command", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      write(jedis);
      before = state(jedis);
      Object reply = jedis.sendCommand(DEBUG, "RELOAD");
      assertThat(new String((byte[]) reply, StandardCharsets.UTF_8)).isEqualTo("OK");
      assertThat(state(jedis)).isEqualTo(before);
      assertTtls(jedis);
      jedis.save();
    }
    Map<String, Integer> parts = partsPerKey(dataDir.resolve("dump.rdb"));
    assertThat(parts.get("zset")).isGreaterThan(2);
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "no");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(state(jedis)).isEqualTo(before);
      assertTtls(jedis);
    }
  }

  @Test
  void aMillionFieldHashChangedDuringARewriteIsInTheBaseAsItWasAtTheStart() throws IOException {
    int fields = 1_000_000;
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      for (int i = 0; i < fields; i += 10_000) {
        Map<String, String> batch = new HashMap<>();
        for (int j = i; j < i + 10_000; j++) {
          batch.put("f" + j, "v" + j);
        }
        jedis.hset("big", batch);
      }
      // In one pipeline: the rewrite's walk starts, and the changes come before it can step.
      Pipeline pipe = jedis.pipelined();
      pipe.sendCommand(redis.clients.jedis.Protocol.Command.BGREWRITEAOF, new String[0]);
      pipe.hset("big", "f0", "changed");
      pipe.hdel("big", "f1");
      pipe.hset("big", "added", "1");
      pipe.sync();
      awaitRewrite(jedis);
      jedis.hset("big", "f2", "after");
    }
    Map<String, String> base = hashInBase(baseFile(), "big");
    assertThat(base).hasSize(fields);
    assertThat(base).containsEntry("f0", "v0").containsEntry("f1", "v1").doesNotContainKey("added");
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.hlen("big")).isEqualTo(fields);
      assertThat(jedis.hmget("big", "f0", "f1", "f2", "added", "f999999"))
          .containsExactly("changed", null, "after", "1", "v999999");
    }
  }

  /**
   * The pairs of one hash in a snapshot file, parsed from its stored parts: an encoding byte, a
   * big-endian pair count, then each field and value as a LEB128 length and bytes.
   */
  private static Map<String, String> hashInBase(Path file, String wanted) throws IOException {
    Map<String, String> pairs = new HashMap<>();
    boolean[] reading = {false};
    int[] partCount = {0};
    SnapshotReader.read(
        file,
        new SnapshotEntryHandler() {
          @Override
          public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAt) {
            reading[0] = false;
          }

          @Override
          public void firstPart(int db, ValueType type, byte[] key, byte[] part, long expireAt) {
            reading[0] = new String(key, StandardCharsets.UTF_8).equals(wanted);
            nextPart(part, false);
          }

          @Override
          public void nextPart(byte[] part, boolean last) {
            if (reading[0]) {
              partCount[0]++;
              readPairs(part, pairs);
            }
          }
        });
    assertThat(partCount[0]).isGreaterThan(100);
    return pairs;
  }

  private static void readPairs(byte[] part, Map<String, String> into) {
    int count =
        (part[1] & 0xff) << 24 | (part[2] & 0xff) << 16 | (part[3] & 0xff) << 8 | (part[4] & 0xff);
    int[] at = {5};
    for (int i = 0; i < count; i++) {
      String field = readEntry(part, at);
      into.put(field, readEntry(part, at));
    }
    assertThat(at[0]).isEqualTo(part.length);
  }

  private static String readEntry(byte[] part, int[] at) {
    int length = 0;
    int shift = 0;
    byte b;
    do {
      b = part[at[0]++];
      length |= (b & 0x7f) << shift;
      shift += 7;
    } while (b < 0);
    String text = new String(part, at[0], length, StandardCharsets.UTF_8);
    at[0] += length;
    return text;
  }
}
