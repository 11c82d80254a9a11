package io.redstone.server.persistence;

import io.redstone.storage.MutationSink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects the effects of the writes of one pass of the storage event loop (every batch it read,
 * the expiry cycle) and hands them on as one numbered group, so the log sees one message per pass
 * rather than one per write or per client. Storage thread only.
 */
public final class EffectStream implements MutationSink {
  /** A numbered group of effects, in the order the writes happened. */
  public record Group(long seq, List<Effect> effects) {}

  private final Consumer<Group> log;
  private List<Effect> pending = new ArrayList<>();

  /** The writes of the group being collected, or null; groups nest, the outermost counts. */
  private List<Effect.Write> group;

  private int groupDepth;
  private long lastSeq;

  public EffectStream(Consumer<Group> log) {
    this.log = log;
  }

  @Override
  public void append(int db, byte[][] argv) {
    Effect.Write write = new Effect.Write(db, argv);
    if (group != null) {
      group.add(write);
    } else {
      pending.add(write);
    }
  }

  @Override
  public void beginGroup() {
    if (groupDepth++ == 0) {
      group = new ArrayList<>();
    }
  }

  @Override
  public void endGroup() {
    if (groupDepth == 0) {
      throw new IllegalStateException("no group is open");
    }
    if (--groupDepth > 0) {
      return;
    }
    List<Effect.Write> writes = group;
    group = null;
    if (writes.size() == 1) {
      pending.add(writes.get(0));
    } else if (!writes.isEmpty()) {
      pending.add(new Effect.Atomic(List.copyOf(writes)));
    }
  }

  /**
   * Sends what was collected since the last flush, if anything; returns the sequence number of the
   * last group sent, which a reply must wait for under {@code appendfsync always}.
   */
  public long flush() {
    if (!pending.isEmpty()) {
      lastSeq++;
      log.accept(new Group(lastSeq, pending));
      pending = new ArrayList<>();
    }
    return lastSeq;
  }

  public long lastSeq() {
    return lastSeq;
  }

  /** Whether effects are collected and not yet sent. */
  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /**
   * The sequence number the effects collected so far will carry once sent: what a reply produced
   * now must wait for under {@code appendfsync always}.
   */
  public long currentSeq() {
    return pending.isEmpty() ? lastSeq : lastSeq + 1;
  }
}
