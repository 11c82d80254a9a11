package io.redstone.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness.Mutation;
import io.redstone.storage.keyspace.Entry;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The background expiry cycle, driven through {@link Engine#cron()} with the harness clock. */
class ActiveExpiryTest {
  private final EngineHarness redis = new EngineHarness();

  private Database db(int index) {
    return redis.engine().database(index);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void put(int dbIndex, String key, long ttlMillis) {
    Entry entry = db(dbIndex).put(bytes(key), bytes("v"), false, redis.now());
    if (ttlMillis > 0) {
      db(dbIndex).setExpireAt(entry, redis.now() + ttlMillis);
    }
  }

  /** Runs cron until nothing with a TTL is left in any database; returns the number of runs. */
  private int cronUntilNoTtlsLeft(int maxRuns) {
    int runs = 0;
    while (runs < maxRuns && totalExpiring() > 0) {
      redis.engine().cron();
      runs++;
    }
    return runs;
  }

  private long totalExpiring() {
    long total = 0;
    for (int i = 0; i < redis.engine().databaseCount(); i++) {
      total += db(i).expiresCount();
    }
    return total;
  }

  @Test
  void aClientPauseStopsTheActiveCycleUntilItEnds() {
    put(0, "short", 100);
    redis.advanceMillis(1_000);
    redis.call("CLIENT", "PAUSE", "5000", "WRITE");
    redis.engine().cron();
    assertThat(db(0).expiresCount()).isEqualTo(1);
    redis.advanceMillis(5_000);
    redis.engine().cron();
    assertThat(db(0).expiresCount()).isZero();
  }

  @Test
  void aHundredThousandExpiredKeysGoWithoutAnyLookup() {
    for (int i = 0; i < 100_000; i++) {
      put(0, "ttl:" + i, 1_000 + i % 5_000);
    }
    for (int i = 0; i < 1_000; i++) {
      put(0, "keep:" + i, 0);
    }
    redis.advanceMillis(10_000);

    int runs = cronUntilNoTtlsLeft(200);

    assertThat(db(0).expiresCount()).isZero();
    assertThat(db(0).size()).isEqualTo(1_000);
    assertThat(runs).as("cron runs needed").isLessThan(200);
    assertThat(redis.engine().stats().expiredKeys).isEqualTo(100_000);
    assertThat(redis.engine().stats().keyspaceHits + redis.engine().stats().keyspaceMisses)
        .isZero();
    Set<String> deleted = new HashSet<>();
    for (Mutation m : redis.mutations()) {
      assertThat(m.db()).isZero();
      assertThat(m.argv()).hasSize(2);
      assertThat(m.argv().get(0)).isEqualTo("DEL");
      deleted.add(m.argv().get(1));
    }
    assertThat(deleted).hasSize(100_000).allMatch(key -> key.startsWith("ttl:"));
    for (int i = 0; i < 1_000; i++) {
      assertThat(db(0).peek(bytes("keep:" + i), redis.now())).isNotNull();
    }
  }

  @Test
  void keysWhoseTtlHasNotPassedStay() {
    for (int i = 0; i < 1_000; i++) {
      put(0, "soon:" + i, 1_000);
      put(0, "later:" + i, 60_000);
    }
    redis.advanceMillis(1_001);
    // Half the sampled keys are stale, so the cycle repeats; once fewer than 10% are, it stops
    // until the next run (Redis tolerates that much), so run it until the stale ones are gone.
    int runs = 0;
    while (db(0).size() > 1_000 && runs < 20_000) {
      redis.engine().cron();
      runs++;
    }
    assertThat(db(0).size()).isEqualTo(1_000);
    assertThat(db(0).expiresCount()).isEqualTo(1_000);
    for (int i = 0; i < 1_000; i++) {
      assertThat(db(0).peek(bytes("later:" + i), redis.now())).isNotNull();
    }
  }

  @Test
  void aKeyExactlyAtItsExpiryTimeIsNotYetExpired() {
    put(0, "edge", 1_000);
    redis.advanceMillis(1_000);
    redis.engine().cron();
    assertThat(db(0).size()).isEqualTo(1);
    redis.advanceMillis(1);
    redis.engine().cron();
    assertThat(db(0).size()).isZero();
  }

  @Test
  void everyDatabaseIsVisitedAndDelsNameTheirDatabase() {
    for (int dbIndex : new int[] {0, 3, 15}) {
      for (int i = 0; i < 500; i++) {
        put(dbIndex, "k" + i, 100);
      }
    }
    redis.advanceMillis(101);
    cronUntilNoTtlsLeft(100);
    assertThat(totalExpiring()).isZero();
    for (int dbIndex : new int[] {0, 3, 15}) {
      assertThat(db(dbIndex).size()).isZero();
      long dels =
          redis.mutations().stream()
              .filter(m -> m.db() == dbIndex && m.argv().get(0).equals("DEL"))
              .count();
      assertThat(dels).isEqualTo(500);
    }
  }

  @Test
  void aFewExpiredAmongManyLiveKeysAreFoundEventually() {
    for (int i = 0; i < 2_000; i++) {
      put(0, "live:" + i, 3_600_000);
    }
    for (int i = 0; i < 20; i++) {
      put(0, "dead:" + i, 10);
    }
    redis.advanceMillis(11);
    int runs = 0;
    while (db(0).size() > 2_000 && runs < 10_000) {
      redis.engine().cron();
      runs++;
    }
    assertThat(db(0).size()).isEqualTo(2_000);
    assertThat(redis.mutations())
        .extracting(Mutation::argv)
        .allMatch(argv -> argv.get(1).startsWith("dead:"));
  }

  @Test
  void disabledActiveExpiryLeavesExpiredKeysForLazyExpiry() {
    for (int i = 0; i < 100; i++) {
      put(0, "k" + i, 10);
    }
    redis.advanceMillis(11);
    redis.engine().activeExpireEnabled(false);
    for (int run = 0; run < 10; run++) {
      redis.engine().cron();
    }
    assertThat(db(0).size()).isEqualTo(100);
    assertThat(db(0).exists(bytes("k1"), redis.now())).isFalse();
    assertThat(db(0).size()).isEqualTo(99);
    assertThat(redis.mutations()).containsExactly(new Mutation(0, List.of("DEL", "k1")));
  }

  @Test
  void cronCountsItsCycles() {
    long before = redis.engine().stats().expireCycles;
    redis.engine().cron();
    redis.engine().cron();
    assertThat(redis.engine().stats().expireCycles - before).isEqualTo(2);
  }
}
