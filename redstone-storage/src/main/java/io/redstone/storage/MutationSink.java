package io.redstone.storage;

/**
 * Where the engine streams the effect of every write, deterministic and absolute (relative TTLs
 * already turned into {@code PEXPIREAT}, expired keys into {@code DEL}), in the order the writes
 * happened. The append-only log consumes it; replaying the stream rebuilds the keyspace.
 */
@FunctionalInterface
public interface MutationSink {
  MutationSink NONE = (db, argv) -> {};

  /**
   * Records that {@code argv} was applied to database {@code db}. The arrays must not be changed
   * afterwards.
   */
  void append(int db, byte[][] argv);

  /**
   * Opens a group: the effects appended until the matching {@link #endGroup} must reach the disk
   * together or not at all (a transaction's, a script's). Groups nest; the outermost counts.
   */
  default void beginGroup() {}

  default void endGroup() {}
}
