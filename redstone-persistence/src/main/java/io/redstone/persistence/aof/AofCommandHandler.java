package io.redstone.persistence.aof;

/**
 * Receives the write effects replayed from the append-only log, in the order they were appended.
 * The arrays are fresh and belong to the handler. A {@link RuntimeException} it throws stops the
 * load with a {@link io.redstone.persistence.ReplayException} naming the file and offset.
 */
@FunctionalInterface
public interface AofCommandHandler {
  AofCommandHandler IGNORE = (db, argv) -> {};

  void command(int db, byte[][] argv);
}
