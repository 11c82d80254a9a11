package io.redstone.storage.types.stream;

import java.util.TreeMap;

/** A consumer of a group: its name, when it was last seen, and the entries it holds pending. */
final class Consumer {
  private final byte[] name;
  long seenTime;
  final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();

  Consumer(byte[] name, long seenTime) {
    this.name = name;
    this.seenTime = seenTime;
  }

  byte[] name() {
    return name;
  }

  long seenTime() {
    return seenTime;
  }

  TreeMap<StreamId, PendingEntry> pending() {
    return pending;
  }
}
