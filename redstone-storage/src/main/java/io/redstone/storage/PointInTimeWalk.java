package io.redstone.storage;

import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.keyspace.KeyTable;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.Values;

/**
 * A consistent image of every database as it was at one instant, taken without stopping the storage
 * thread for the whole keyspace and without copying it: the walk visits the tables a few buckets at
 * a time between command batches, and a write that is about to change or remove a key the walk has
 * not reached yet hands that key's old state to the sink first (the Dragonfly way, instead of
 * Redis's fork).
 *
 * <p>Each entry carries the epoch of the last walk that accounted for it. An entry whose epoch is
 * below this walk's has not been seen: the walk or the first write to it emits it and stamps it.
 * Entries created after the start are stamped at creation, so they are never emitted. The walk
 * keeps the tables it started with: FLUSHDB and SWAPDB replace or exchange a database's table, and
 * the walk simply finishes the table it holds, which nothing changes any more after a flush.
 */
public final class PointInTimeWalk {
  private final int epoch;
  private final KeyTable[] tables;
  private final SnapshotSink sink;
  private final PartLimits partLimits;
  private final long startedAtMillis;
  private int tableIndex;
  private long cursor;
  private boolean finished;
  private long emitted;

  PointInTimeWalk(
      int epoch,
      KeyTable[] tables,
      SnapshotSink sink,
      PartLimits partLimits,
      long startedAtMillis) {
    this.epoch = epoch;
    this.tables = tables;
    this.sink = sink;
    this.partLimits = partLimits;
    this.startedAtMillis = startedAtMillis;
  }

  int epoch() {
    return epoch;
  }

  /** Unix milliseconds at which the image was taken. */
  public long startedAtMillis() {
    return startedAtMillis;
  }

  /** Keys handed to the sink so far, by the walk or by writes that overtook it. */
  public long emitted() {
    return emitted;
  }

  public boolean finished() {
    return finished;
  }

  /**
   * Walks up to {@code buckets} hash buckets further; returns true once every database has been
   * walked. Keys already expired at {@code nowMillis} are left out: replaying them would only
   * delete them again.
   */
  boolean step(int buckets, long nowMillis) {
    int left = buckets;
    while (!finished && left > 0) {
      KeyTable table = tables[tableIndex];
      int db = tableIndex;
      cursor =
          table.scan(
              cursor,
              entry -> {
                if (entry.snapshotVersion() < epoch && !expiredAt(entry, nowMillis)) {
                  emit(db, entry);
                } else {
                  entry.snapshotVersion(epoch);
                }
              });
      left--;
      if (cursor == 0) {
        tableIndex++;
        finished = tableIndex == tables.length;
      }
    }
    return finished;
  }

  /**
   * Called before {@code entry} of {@code table} is changed or removed: if the walk has not
   * accounted for it yet, its current (still original) state is emitted now.
   */
  void beforeChange(KeyTable table, Entry entry) {
    if (finished || entry.snapshotVersion() >= epoch) {
      return;
    }
    for (int db = 0; db < tables.length; db++) {
      if (tables[db] == table) {
        emit(db, entry);
        return;
      }
    }
    // A table the walk does not hold was created after the start, and so was the entry.
    entry.snapshotVersion(epoch);
  }

  private void emit(int db, Entry entry) {
    entry.snapshotVersion(epoch);
    emitted++;
    // Encoded here, on the storage thread, whole (a big collection in several bounded parts): the
    // sink may write it from another thread while the live value goes on changing.
    sink.entry(db, entry.key(), Values.encode(entry.value(), partLimits), entry.expireAt());
  }

  private static boolean expiredAt(Entry entry, long nowMillis) {
    return entry.hasExpiry() && nowMillis > entry.expireAt();
  }
}
