package io.redstone.storage;

import io.redstone.storage.keyspace.Entry;
import java.util.random.RandomGenerator;

/**
 * Redis's adaptive active-expire cycle: per database, sample 20 keys that have a TTL, delete the
 * expired ones, and sample again while more than 10% of a sample had expired, so a database full of
 * expired keys is cleaned quickly and one with few costs little. The whole cycle stops when its
 * time budget is spent; the next cycle resumes with the database after the last one visited.
 */
final class ActiveExpiry {
  static final int KEYS_PER_SAMPLE = 20;
  static final int ACCEPTABLE_STALE_PERCENT = 10;

  /** Reading the clock costs; check it once every this many samples. */
  private static final int SAMPLES_PER_CLOCK_CHECK = 16;

  private int nextDb;

  void run(
      Database[] databases,
      RandomGenerator random,
      long nowMillis,
      long budgetNanos,
      EngineStats stats) {
    long started = System.nanoTime();
    stats.expireCycles++;
    boolean outOfTime = false;
    for (int visited = 0; visited < databases.length && !outOfTime; visited++) {
      Database db = databases[nextDb];
      nextDb = (nextDb + 1) % databases.length;
      int samples = 0;
      while (db.expiresCount() > 0) {
        int toSample = Math.min(KEYS_PER_SAMPLE, db.expiresCount());
        int expired = 0;
        for (int i = 0; i < toSample; i++) {
          Entry candidate = db.randomExpiring(random);
          if (candidate != null && db.expireIfNeeded(candidate, nowMillis)) {
            expired++;
          }
        }
        samples++;
        if (samples % SAMPLES_PER_CLOCK_CHECK == 0 && System.nanoTime() - started > budgetNanos) {
          outOfTime = true;
          break;
        }
        if (expired * 100 <= toSample * ACCEPTABLE_STALE_PERCENT) {
          break;
        }
      }
    }
    stats.expireCycleNanos += System.nanoTime() - started;
  }
}
