package io.redstone.storage.types.stream;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A consumer group: the last ID delivered, the entries-read counter (-1 when unknown), its
 * consumers by name (in byte order, as Redis's radix tree lists them) and its pending entries list.
 */
final class ConsumerGroup {
  /** Redis's {@code SCG_INVALID_ENTRIES_READ}. */
  static final long UNKNOWN_ENTRIES_READ = -1;

  /** Rough heap bytes of one pending entry held in two maps, and of one consumer. */
  static final long PENDING_BYTES = 160;

  static final long CONSUMER_BYTES = 120;

  StreamId lastId;
  long entriesRead;
  final TreeMap<byte[], Consumer> consumers = new TreeMap<>(Arrays::compareUnsigned);
  final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();

  ConsumerGroup(StreamId lastId, long entriesRead) {
    this.lastId = lastId;
    this.entriesRead = entriesRead;
  }

  StreamId lastId() {
    return lastId;
  }

  long entriesRead() {
    return entriesRead;
  }

  TreeMap<byte[], Consumer> consumers() {
    return consumers;
  }

  TreeMap<StreamId, PendingEntry> pending() {
    return pending;
  }

  void setLastId(StreamId id, long entriesRead) {
    this.lastId = id;
    this.entriesRead = entriesRead;
  }

  /** The consumer named so, or null; {@code now} (not negative) refreshes its seen time. */
  Consumer consumer(byte[] name, long now) {
    Consumer consumer = consumers.get(name);
    if (consumer != null && now >= 0) {
      consumer.seenTime = now;
    }
    return consumer;
  }

  /** Creates the consumer; null when it exists. */
  Consumer createConsumer(byte[] name, long now) {
    if (consumers.containsKey(name)) {
      return null;
    }
    Consumer consumer = new Consumer(name.clone(), now);
    consumers.put(consumer.name(), consumer);
    return consumer;
  }

  /** Deletes the consumer and its pending entries; returns how many it held. */
  int deleteConsumer(Consumer consumer) {
    int held = consumer.pending.size();
    for (StreamId id : consumer.pending.keySet()) {
      pending.remove(id);
    }
    consumers.remove(consumer.name());
    return held;
  }

  /** Acknowledges an entry: true when it was pending. */
  boolean acknowledge(StreamId id) {
    PendingEntry entry = pending.remove(id);
    if (entry == null) {
      return false;
    }
    entry.consumer.pending.remove(id);
    return true;
  }

  /**
   * Makes {@code consumer} the owner of pending {@code id}, creating the pending entry when absent
   * (with the given time and count) and moving it from another consumer when owned.
   */
  PendingEntry assign(StreamId id, Consumer consumer, long deliveryTime, long count) {
    PendingEntry entry = pending.get(id);
    if (entry == null) {
      entry = new PendingEntry(consumer, deliveryTime, count);
      pending.put(id, entry);
      consumer.pending.put(id, entry);
      return entry;
    }
    if (entry.consumer != consumer) {
      if (entry.consumer != null) {
        entry.consumer.pending.remove(id);
      }
      consumer.pending.put(id, entry);
      entry.consumer = consumer;
    }
    entry.deliveryTime = deliveryTime;
    entry.deliveryCount = count;
    return entry;
  }

  long memory() {
    return 96 + consumers.size() * CONSUMER_BYTES + pending.size() * PENDING_BYTES;
  }

  ConsumerGroup duplicate() {
    ConsumerGroup copy = new ConsumerGroup(lastId, entriesRead);
    for (Consumer consumer : consumers.values()) {
      copy.createConsumer(consumer.name(), consumer.seenTime);
    }
    for (var e : pending.entrySet()) {
      PendingEntry entry = e.getValue();
      copy.assign(
          e.getKey(),
          copy.consumers.get(entry.consumer.name()),
          entry.deliveryTime,
          entry.deliveryCount);
    }
    return copy;
  }
}
