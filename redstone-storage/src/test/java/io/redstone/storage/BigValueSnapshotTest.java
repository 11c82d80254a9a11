package io.redstone.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.types.EncodingLimits;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueBuilder;
import io.redstone.storage.types.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A point-in-time walk saves a big collection as it was when the walk started, in bounded parts,
 * even when commands change it before the walk reaches it: the first write hands the walk the whole
 * old value, encoded on the storage thread, and the parts share nothing with the live value.
 */
class BigValueSnapshotTest {
  private static final int FIELDS = 1_000_000;

  private final EngineHarness redis = new EngineHarness();
  private final Map<String, StoredValue> saved = new HashMap<>();

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private final SnapshotSink sink =
      (db, key, value, expireAt) -> {
        assertThat(saved.put(text(key), value)).as("saved twice: " + text(key)).isNull();
      };

  private void walkToTheEnd() {
    while (!redis.engine().snapshotStep(5)) {
      // keep walking
    }
  }

  /** The saved value rebuilt part by part into an engine of its own, under key {@code k}. */
  private static EngineHarness rebuilt(StoredValue stored) {
    ValueBuilder builder = Values.builder(stored.type(), EncodingLimits.DEFAULTS);
    for (byte[] part : stored.parts()) {
      builder.add(part);
    }
    EngineHarness copy = new EngineHarness();
    copy.engine()
        .database(0)
        .put("k".getBytes(StandardCharsets.UTF_8), builder.finish(), false, copy.now());
    return copy;
  }

  @Test
  void aMillionFieldHashChangedDuringTheWalkIsSavedAsItWasAtTheStart() {
    for (int i = 0; i < FIELDS; i += 1_000) {
      List<String> command = new ArrayList<>(List.of("HSET", "big"));
      for (int j = i; j < i + 1_000; j++) {
        command.add("f" + j);
        command.add("v" + j);
      }
      redis.call(command.toArray(String[]::new));
    }
    for (int i = 0; i < 500; i++) {
      redis.call("SET", "pad" + i, "x");
    }
    redis.engine().startSnapshot(sink);

    redis.call("HSET", "big", "f0", "changed", "added", "1");
    redis.call("HDEL", "big", "f1", "f2");
    walkToTheEnd();
    redis.call("HSET", "big", "f3", "after");

    StoredValue hash = saved.get("big");
    assertThat(hash.inParts()).isTrue();
    assertThat(hash.parts().size())
        .isGreaterThanOrEqualTo(FIELDS / PartLimits.DEFAULT.maxElements());
    for (byte[] part : hash.parts()) {
      assertThat(part.length).isLessThanOrEqualTo(PartLimits.DEFAULT.maxBytes() + 64);
    }
    EngineHarness copy = rebuilt(hash);
    assertThat(copy.call("HLEN", "k")).isEqualTo(":" + FIELDS + "\r\n");
    assertThat(copy.call("HMGET", "k", "f0", "f1", "f2", "f3", "f999999", "added"))
        .isEqualTo(
            "*6\r\n$2\r\nv0\r\n$2\r\nv1\r\n$2\r\nv2\r\n$2\r\nv3\r\n$7\r\nv999999\r\n$-1\r\n");
    assertThat(redis.call("HMGET", "big", "f0", "f1", "f3"))
        .isEqualTo("*3\r\n$7\r\nchanged\r\n$-1\r\n$5\r\nafter\r\n");
    assertThat(saved).hasSize(501);
  }

  @Test
  void aSortedSetChangedDuringTheWalkKeepsItsStartingScoresAndOrder() {
    for (int i = 0; i < 5_000; i++) {
      redis.call("ZADD", "z", Double.toString(i / 7.0), "m" + i);
    }
    String before = redis.call("ZRANGE", "z", "0", "-1", "WITHSCORES");
    redis.engine().startSnapshot(sink, new PartLimits(100, 4096));

    redis.call("ZINCRBY", "z", "-1000", "m4999");
    redis.call("ZREM", "z", "m0");
    walkToTheEnd();

    StoredValue zset = saved.get("z");
    assertThat(zset.parts().size()).isGreaterThanOrEqualTo(50);
    assertThat(rebuilt(zset).call("ZRANGE", "k", "0", "-1", "WITHSCORES")).isEqualTo(before);
    assertThat(redis.call("ZRANGE", "z", "0", "0")).isEqualTo("*1\r\n$5\r\nm4999\r\n");
  }
}
