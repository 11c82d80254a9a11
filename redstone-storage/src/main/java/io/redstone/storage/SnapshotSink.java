package io.redstone.storage;

/**
 * Receives a point-in-time image of the keyspace, one key at a time, from a {@link
 * PointInTimeWalk}. Keys, values and expiries are handed over by reference: stored values are never
 * changed in place, so the receiver may encode them later, on another thread.
 */
@FunctionalInterface
public interface SnapshotSink {
  /**
   * One key as it was when the walk started. {@code expireAt} is absolute unix milliseconds or
   * {@link io.redstone.storage.keyspace.Entry#NO_EXPIRY}.
   */
  void entry(int db, byte[] key, Object value, long expireAt);
}
