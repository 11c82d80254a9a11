package io.redstone.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.storage.keyspace.Entry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PointInTimeWalkTest {
  private final EngineHarness redis = new EngineHarness();
  private int duplicates;

  private record Captured(String value, long expireAt) {}

  private final Map<String, Captured> captured = new HashMap<>();

  private final SnapshotSink sink =
      (db, key, value, expireAt) -> {
        String name = db + ":" + text(key);
        if (captured.put(name, new Captured(text(value.payload()), expireAt)) != null) {
          duplicates++;
        }
      };

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** What the walk must reproduce: every live key of every database, read directly. */
  private Map<String, Captured> liveImage() {
    Map<String, Captured> live = new HashMap<>();
    for (int db = 0; db < redis.engine().databaseCount(); db++) {
      int index = db;
      redis
          .engine()
          .database(db)
          .forEach(
              entry -> {
                if (!entry.hasExpiry() || entry.expireAt() >= redis.now()) {
                  live.put(
                      index + ":" + text(entry.key()),
                      new Captured(text((byte[]) entry.value()), entry.expireAt()));
                }
              });
    }
    return live;
  }

  private void walkToTheEnd() {
    while (!redis.engine().snapshotStep(3)) {
      // keep walking
    }
  }

  @Test
  void walkWithoutWritesEmitsEveryKeyOnceWithItsExpiry() {
    for (int i = 0; i < 500; i++) {
      redis.call("SET", "k" + i, "v" + i);
    }
    redis.call("SET", "ttl", "x", "PX", "5000");
    redis.call("SELECT", "3");
    redis.call("SET", "k1", "in-db3");
    Map<String, Captured> before = liveImage();

    redis.engine().startSnapshot(sink);
    walkToTheEnd();

    assertThat(captured).isEqualTo(before);
    assertThat(captured.get("0:ttl").expireAt()).isEqualTo(redis.now() + 5000);
    assertThat(captured.get("0:k1").expireAt()).isEqualTo(Entry.NO_EXPIRY);
    assertThat(duplicates).isZero();
    assertThat(redis.engine().snapshotInProgress()).isFalse();
  }

  @Test
  void writesDuringTheWalkDoNotChangeTheImage() {
    for (int i = 0; i < 200; i++) {
      redis.call("SET", "k" + i, "old" + i);
    }
    redis.call("SET", "doomed", "here");
    redis.call("SET", "lasting", "v", "EX", "100");
    Map<String, Captured> before = liveImage();

    PointInTimeWalk walk = redis.engine().startSnapshot(sink);
    redis.call("SET", "k7", "new");
    redis.call("APPEND", "k8", "-more");
    redis.call("DEL", "doomed");
    redis.call("PERSIST", "lasting");
    redis.call("EXPIRE", "k9", "10");
    redis.call("RENAME", "k10", "renamed");
    redis.call("SET", "brand-new", "x");
    redis.engine().snapshotStep(5);
    redis.call("SET", "k11", "new");
    walkToTheEnd();

    assertThat(captured).isEqualTo(before);
    assertThat(captured).doesNotContainKeys("0:brand-new", "0:renamed");
    assertThat(duplicates).isZero();
    assertThat(walk.emitted()).isEqualTo(before.size());
    // The live keyspace has the new values, of course.
    assertThat(redis.call("GET", "k7")).isEqualTo("$3\r\nnew\r\n");
  }

  @Test
  void flushAndSwapDuringTheWalkLeaveTheImageAsItWas() {
    for (int i = 0; i < 100; i++) {
      redis.call("SET", "a" + i, "zero");
    }
    redis.call("SELECT", "1");
    for (int i = 0; i < 100; i++) {
      redis.call("SET", "b" + i, "one");
    }
    Map<String, Captured> before = liveImage();

    redis.engine().startSnapshot(sink);
    redis.engine().snapshotStep(2);
    redis.call("SWAPDB", "0", "1");
    redis.call("SET", "b5", "changed-after-swap");
    redis.engine().snapshotStep(2);
    redis.call("FLUSHALL");
    redis.call("SET", "after-flush", "x");
    walkToTheEnd();

    assertThat(captured).isEqualTo(before);
    assertThat(duplicates).isZero();
  }

  @Test
  void keysExpiredBeforeTheWalkReachesThemAreLeftOut() {
    redis.call("SET", "short", "v", "PX", "10");
    redis.call("SET", "long", "v", "PX", "100000");
    redis.engine().startSnapshot(sink);
    redis.advanceMillis(50);
    walkToTheEnd();
    assertThat(captured).containsOnlyKeys("0:long");
  }

  @Test
  void onlyOneWalkRunsAtATime() {
    redis.call("SET", "k", "v");
    redis.engine().startSnapshot(sink);
    assertThatThrownBy(() -> redis.engine().startSnapshot(sink))
        .isInstanceOf(IllegalStateException.class);
    redis.engine().abortSnapshot();
    redis.call("SET", "k", "changed");
    assertThat(captured).isEmpty();
    redis.engine().startSnapshot(sink);
    walkToTheEnd();
    assertThat(captured).containsEntry("0:k", new Captured("changed", Entry.NO_EXPIRY));
  }

  /** Random writes of every kind between small steps, while the tables grow and shrink. */
  @Test
  void randomWritesBetweenStepsNeverBreakTheImage() {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      captured.clear();
      duplicates = 0;
      for (int i = 0; i < 300; i++) {
        redis.call("SET", "k" + random.nextInt(2000), "r" + round + "-" + i);
      }
      Map<String, Captured> before = liveImage();
      redis.engine().startSnapshot(sink);
      while (!redis.engine().snapshotStep(1 + random.nextInt(4))) {
        for (int w = random.nextInt(30); w > 0; w--) {
          randomWrite(random);
        }
      }
      assertThat(captured).as("round %d", round).isEqualTo(before);
      assertThat(duplicates).isZero();
    }
  }

  private void randomWrite(Random random) {
    String key = "k" + random.nextInt(2000);
    switch (random.nextInt(12)) {
      case 0, 1, 2 -> redis.call("SET", key, "w" + random.nextInt());
      case 3, 4 -> redis.call("DEL", key);
      case 5 -> redis.call("APPEND", key, "+");
      case 6 -> redis.call("EXPIRE", key, "100");
      case 7 -> redis.call("PERSIST", key);
      case 8 -> redis.call("RENAME", key, "k" + random.nextInt(2000));
      case 9 -> redis.call("MOVE", key, "2");
      case 10 -> redis.call("SELECT", String.valueOf(random.nextInt(3)));
      default -> {
        if (random.nextInt(20) == 0) {
          if (random.nextBoolean()) {
            redis.call("FLUSHDB");
          } else {
            redis.call("SWAPDB", "0", "2");
          }
        }
      }
    }
  }
}
