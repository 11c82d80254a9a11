package io.redstone.storage;

/**
 * What every database needs to know about point-in-time walks: the current epoch, stamped on each
 * new entry, and the walk in progress, told before a key changes. Shared by the engine and its
 * databases; touched only on the storage thread.
 */
final class SnapshotState {
  int epoch;
  PointInTimeWalk active;
}
