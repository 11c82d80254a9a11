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
  /** Reads past every entry, whole or in parts. */
  SnapshotEntryHandler IGNORE =
      new SnapshotEntryHandler() {
        @Override
        public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAtMillis) {}

        @Override
        public void firstPart(
            int db, ValueType type, byte[] key, byte[] part, long expireAtMillis) {}

        @Override
        public void nextPart(byte[] part, boolean last) {}

        @Override
        public void library(byte[] code) {}
      };

  /**
   * @param expireAtMillis absolute unix milliseconds, or {@link SnapshotWriter#NO_EXPIRY}
   */
  void entry(int db, ValueType type, byte[] key, byte[] value, long expireAtMillis);

  /**
   * The first part of a value stored in parts (a big collection): {@link #nextPart} follows for
   * each of the others, until the last, before any other entry. The expiry applies once the value
   * is whole. A handler that takes only whole values refuses it.
   */
  default void firstPart(int db, ValueType type, byte[] key, byte[] part, long expireAtMillis) {
    throw new UnsupportedOperationException("a value stored in parts");
  }

  /** The next part of the value {@link #firstPart} began; {@code last} when it is now whole. */
  default void nextPart(byte[] part, boolean last) {
    throw new UnsupportedOperationException("a value stored in parts");
  }

  /**
   * A function library's code, as FUNCTION LOAD was given it; every library comes before the first
   * entry. A handler that cannot load libraries refuses it: leaving one out would lose it silently.
   */
  default void library(byte[] code) {
    throw new UnsupportedOperationException("a function library");
  }

  /**
   * The snapshot's info record, before any entry: when it was taken and its free-form fields (such
   * as {@link KeyCounts}).
   */
  default void info(long createdAtMillis, Map<String, String> aux) {}
}
