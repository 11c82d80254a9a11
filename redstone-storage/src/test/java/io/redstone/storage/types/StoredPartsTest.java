package io.redstone.storage.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Big collections are stored in parts bounded by element count and bytes, each a payload of the
 * type's own format, and come back identical when rebuilt one part at a time: list order, sorted
 * set order with exact scores, every hash pair and set member.
 */
class StoredPartsTest {
  private static final PartLimits SMALL = new PartLimits(100, 2048);

  /** Part header and one element's own length prefix: what a part may exceed maxBytes by. */
  private static final int SLACK = 16;

  private final EngineHarness redis = new EngineHarness();

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private Object value(EngineHarness harness, String key) {
    return harness.engine().database(0).peek(bytes(key), harness.now()).value();
  }

  /** Bulk strings of a RESP2 reply, in reply order (none holds CR or LF). */
  private static List<String> bulks(String reply) {
    List<String> out = new ArrayList<>();
    String[] lines = reply.split("\r\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      if (lines[i].startsWith("$") && !lines[i].equals("$-1")) {
        out.add(lines[++i]);
      }
    }
    return out;
  }

  /** The value rebuilt part by part into a fresh engine, under key {@code k}. */
  private static EngineHarness rebuilt(StoredValue stored) {
    ValueBuilder builder = Values.builder(stored.type(), EncodingLimits.DEFAULTS);
    for (byte[] part : stored.parts()) {
      builder.add(part);
    }
    EngineHarness copy = new EngineHarness();
    copy.engine().database(0).put(bytes("k"), builder.finish(), false, copy.now());
    return copy;
  }

  /** Every part within the limits, give or take the one element that overflowed it. */
  private static void assertBounded(StoredValue stored, int longestElement) {
    assertThat(stored.inParts()).isTrue();
    for (byte[] part : stored.parts()) {
      assertThat(part.length).isLessThanOrEqualTo(SMALL.maxBytes() + longestElement + SLACK);
    }
  }

  @Test
  void aLongListIsStoredInBoundedPartsAndRebuiltInOrder() {
    Random random = new Random(7);
    List<String> pushed = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String element = "e" + i + "-" + "x".repeat(random.nextInt(60));
      pushed.add(element);
      redis.call("RPUSH", "list", element);
    }
    StoredValue stored = Values.encode(value(redis, "list"), SMALL);

    assertBounded(stored, 70);
    assertThat(stored.parts().size()).isGreaterThanOrEqualTo(10);
    assertThat(bulks(rebuilt(stored).call("LRANGE", "k", "0", "-1"))).isEqualTo(pushed);
  }

  @Test
  void aPartCutsAtTheElementCount() {
    for (int i = 0; i < 250; i++) {
      redis.call("RPUSH", "list", Integer.toString(i));
    }
    StoredValue stored = Values.encode(value(redis, "list"), SMALL);
    // 100, 100 and 50 elements: the count is the first int of each list part.
    assertThat(stored.parts()).extracting(part -> part[3] & 0xff).containsExactly(100, 100, 50);
  }

  @Test
  void anElementLongerThanAPartMakesAPartOfItsOwn() {
    redis.call("RPUSH", "list", "a", "b");
    redis.call("RPUSH", "list", "h".repeat(10_000));
    redis.call("RPUSH", "list", "c");
    StoredValue stored = Values.encode(value(redis, "list"), SMALL);

    assertThat(stored.parts()).hasSize(2);
    assertThat(stored.parts().get(0).length).isGreaterThan(10_000);
    assertThat(bulks(rebuilt(stored).call("LRANGE", "k", "0", "-1")))
        .containsExactly("a", "b", "h".repeat(10_000), "c");
  }

  @Test
  void aBigHashComesBackWithEveryPair() {
    for (int i = 0; i < 1_000; i++) {
      redis.call("HSET", "hash", "field:" + i, "value:" + i * 31);
    }
    StoredValue stored = Values.encode(value(redis, "hash"), SMALL);

    assertBounded(stored, 30);
    EngineHarness copy = rebuilt(stored);
    assertThat(sortedPairs(copy.call("HGETALL", "k")))
        .isEqualTo(sortedPairs(redis.call("HGETALL", "hash")));
    assertThat(copy.call("OBJECT", "ENCODING", "k")).contains("hashtable");
  }

  private static List<String> sortedPairs(String reply) {
    List<String> items = bulks(reply);
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < items.size(); i += 2) {
      pairs.add(items.get(i) + "=" + items.get(i + 1));
    }
    pairs.sort(null);
    return pairs;
  }

  @Test
  void aBigSetComesBackWithEveryMember() {
    for (int i = 0; i < 1_000; i++) {
      redis.call("SADD", "set", i % 2 == 0 ? Integer.toString(i) : "member:" + i);
    }
    StoredValue stored = Values.encode(value(redis, "set"), SMALL);

    assertBounded(stored, 20);
    List<String> expected = bulks(redis.call("SMEMBERS", "set"));
    expected.sort(null);
    List<String> back = bulks(rebuilt(stored).call("SMEMBERS", "k"));
    back.sort(null);
    assertThat(back).hasSize(1_000).isEqualTo(expected);
  }

  @Test
  void aBigSortedSetComesBackInOrderWithExactScores() {
    double[] awkward = {-0.0, Double.NEGATIVE_INFINITY, 0.1 + 0.2, 1e-300, -1.7976931348623157e308};
    for (int i = 0; i < 1_000; i++) {
      double score = i < awkward.length ? awkward[i] : (i % 37) / 3.0;
      redis.call("ZADD", "zset", Double.toString(score), "m" + i);
    }
    Object original = value(redis, "zset");
    StoredValue stored = Values.encode(original, SMALL);

    assertBounded(stored, 10);
    EngineHarness copy = rebuilt(stored);
    assertThat(copy.call("ZRANGE", "k", "0", "-1", "WITHSCORES"))
        .isEqualTo(redis.call("ZRANGE", "zset", "0", "-1", "WITHSCORES"));
    // Bit for bit: the stored parts of the copy are those of the original.
    StoredValue again = Values.encode(value(copy, "k"), SMALL);
    assertThat(again.parts()).hasSameSizeAs(stored.parts());
    for (int i = 0; i < stored.parts().size(); i++) {
      assertThat(again.parts().get(i)).isEqualTo(stored.parts().get(i));
    }
  }

  @Test
  void smallValuesStayWhole() {
    redis.call("RPUSH", "list", "a", "b");
    redis.call("HSET", "hash", "f", "v");
    redis.call("SADD", "set", "1", "x");
    redis.call("ZADD", "zset", "1", "a");
    for (String key : List.of("list", "hash", "set", "zset")) {
      assertThat(Values.encode(value(redis, key)).inParts()).as(key).isFalse();
    }
  }
}
