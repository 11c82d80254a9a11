package io.redstone.storage.types.stream;

/**
 * An entry delivered to a consumer of a group and not yet acknowledged (Redis's NACK): held in the
 * group's pending list and in its consumer's, the same object in both.
 */
final class PendingEntry {
  Consumer consumer;
  long deliveryTime;
  long deliveryCount;

  PendingEntry(Consumer consumer, long deliveryTime, long deliveryCount) {
    this.consumer = consumer;
    this.deliveryTime = deliveryTime;
    this.deliveryCount = deliveryCount;
  }

  Consumer consumer() {
    return consumer;
  }

  long deliveryTime() {
    return deliveryTime;
  }

  long deliveryCount() {
    return deliveryCount;
  }
}
