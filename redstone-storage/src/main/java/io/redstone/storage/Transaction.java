package io.redstone.storage;

import io.redstone.storage.command.CommandFlag;
import io.redstone.storage.command.CommandSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One client's MULTI/EXEC state and the keys it WATCHes: Redis's {@code mstate}, its {@code
 * CLIENT_MULTI}, {@code CLIENT_DIRTY_EXEC} and {@code CLIENT_DIRTY_CAS} flags and its {@code
 * watched_keys}. Changed only by {@link Transactions}; storage thread only.
 */
public final class Transaction {
  /** A command admitted between MULTI and EXEC, to run at EXEC. */
  record Queued(CommandSpec spec, byte[][] argv) {}

  /** Bytes counted per queued argument besides its own, as Redis counts a pointer per argument. */
  private static final int ARGUMENT_OVERHEAD_BYTES = 8;

  /** Bytes counted per watched key: its entries in the client's list and the engine's map. */
  private static final int WATCH_OVERHEAD_BYTES = 48;

  private boolean open;
  private boolean aborted;
  private boolean dirty;
  private boolean executing;
  private boolean queuesWrite;
  private long queuedBytes;
  private List<Queued> queued = List.of();

  /** The keys watched, in the order WATCH named them; each also in the engine's map. */
  final List<WatchedKeys.Watch> watches = new ArrayList<>(0);

  /** Between MULTI and EXEC/DISCARD: flag {@code x} in CLIENT LIST. */
  public boolean open() {
    return open;
  }

  /**
   * A watched key changed (Redis's {@code CLIENT_DIRTY_CAS}, flag {@code d}): EXEC will answer a
   * null array.
   */
  public boolean dirty() {
    return dirty;
  }

  /** A command failed to queue: EXEC will answer EXECABORT. */
  public boolean aborted() {
    return aborted;
  }

  /** EXEC is running the queue: blocking commands answer at once as if they timed out. */
  public boolean executing() {
    return executing;
  }

  /** CLIENT LIST's {@code multi}: the commands queued, -1 outside MULTI. */
  public int queuedCount() {
    return open ? queued.size() : -1;
  }

  /** CLIENT LIST's {@code multi-mem}: what the queue and the watches hold, roughly. */
  public long memory() {
    return queuedBytes + (long) watches.size() * WATCH_OVERHEAD_BYTES;
  }

  /** Whether a queued command writes: EXEC is then refused with writes (disk error). */
  boolean queuesWrite() {
    return queuesWrite;
  }

  boolean watching() {
    return !watches.isEmpty();
  }

  void begin() {
    open = true;
  }

  /**
   * Queues an admitted command; once the transaction is sure to fail (aborted or dirty), nothing
   * more is kept, as Redis stops queueing then, so a client that pipelines on cannot grow memory.
   */
  void queue(CommandSpec spec, byte[][] argv) {
    if (aborted || dirty) {
      return;
    }
    if (queued.isEmpty()) {
      queued = new ArrayList<>(2);
    }
    queued.add(new Queued(spec, argv));
    queuesWrite |= spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
    for (byte[] arg : argv) {
      queuedBytes += arg.length + ARGUMENT_OVERHEAD_BYTES;
    }
  }

  void abort() {
    if (open) {
      aborted = true;
    }
  }

  void markDirty() {
    dirty = true;
  }

  void clearDirty() {
    dirty = false;
  }

  List<Queued> queued() {
    return queued;
  }

  void executing(boolean value) {
    executing = value;
  }

  /** Out of MULTI, with nothing queued and no flag; the watches are the caller's to drop. */
  void close() {
    open = false;
    aborted = false;
    dirty = false;
    queuesWrite = false;
    queuedBytes = 0;
    queued = List.of();
  }
}
