package io.redstone.persistence.snapshot;

import java.util.Map;

/**
 * Receives a snapshot's entries in file order. The arrays are fresh and belong to the handler.
 * Entries whose expiry has passed are delivered too: dropping them is the caller's decision. A
 * {@link RuntimeException} it throws stops the read with a {@link
 * io.redstone.persistence.ReplayException} naming the file and offset.
 */
@FunctionalInterface
public interface SnapshotEntryHandler {
  SnapshotEntryHandler IGNORE = (db, type, key, value, expireAtMillis) -> {};

  /**
   * @param expireAtMillis absolute unix milliseconds, or {@link SnapshotWriter#NO_EXPIRY}
   */
  void entry(int db, ValueType type, byte[] key, byte[] value, long expireAtMillis);

  /**
   * The snapshot's info record, before any entry: when it was taken and its free-form fields (such
   * as {@link KeyCounts}).
   */
  default void info(long createdAtMillis, Map<String, String> aux) {}
}
