package io.redstone.storage;

import io.redstone.storage.types.StoredValue;

/**
 * Receives a point-in-time image of the keyspace, one key at a time, from a {@link
 * PointInTimeWalk}, on the storage thread. Each value comes encoded ({@link StoredValue}), so the
 * receiver may keep it and write it from another thread while the live value changes.
 */
@FunctionalInterface
public interface SnapshotSink {
  /**
   * One key as it was when the walk started. {@code expireAt} is absolute unix milliseconds or
   * {@link io.redstone.storage.keyspace.Entry#NO_EXPIRY}.
   */
  void entry(int db, byte[] key, StoredValue value, long expireAt);
}
