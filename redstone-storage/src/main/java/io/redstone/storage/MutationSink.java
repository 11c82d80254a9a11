package io.redstone.storage;

/**
 * Where the engine streams the effect of every write, deterministic and absolute (relative TTLs
 * already turned into {@code PEXPIREAT}, expired keys into {@code DEL}), in the order the writes
 * happened. The append-only log consumes it; replaying the stream rebuilds the keyspace.
 */
@FunctionalInterface
public interface MutationSink {
  MutationSink NONE = (db, argv) -> {};

  /** Records that {@code argv} was applied to database {@code db}. The arrays must not be changed afterwards. */
  void append(int db, byte[][] argv);
}
