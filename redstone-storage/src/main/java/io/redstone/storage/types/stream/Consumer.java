package io.redstone.storage.types.stream;

import java.util.TreeMap;

/** A consumer of a group: its name, when it was last seen, and the entries it holds pending. */
public final class Consumer {
  private final byte[] name;
  long seenTime;
  final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();

  Consumer(byte[] name, long seenTime) {
    this.name = name;
    this.seenTime = seenTime;
  }

  public byte[] name() {
    return name;
  }

  public long seenTime() {
    return seenTime;
  }

  public TreeMap<StreamId, PendingEntry> pending() {
    return pending;
  }
}
