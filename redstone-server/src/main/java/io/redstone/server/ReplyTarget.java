package io.redstone.server;

import io.vertx.core.buffer.Buffer;

/**
 * Where the storage verticle sends a batch's replies: the connection that sent the batch. A batch's
 * replies may leave in several chunks, so that a pipeline of large replies is never assembled whole
 * in memory; the last chunk says so. Only {@link #replies} is needed by a target that never applies
 * backpressure (tests, tools).
 */
@FunctionalInterface
interface ReplyTarget {
  /**
   * Called on the storage thread with the next chunk of replies, in order; the target hands it to
   * the connection's own thread. {@code endOfBatch} marks the batch's last chunk, which may be
   * empty.
   */
  void replies(Buffer chunk, boolean endOfBatch);

  /**
   * Called on the storage thread with output that answers no command (a pub/sub message, a MONITOR
   * line), after {@link #owe} counted it; it goes out after every chunk handed over before it.
   */
  default void pushed(byte[] bytes) {}

  /**
   * Called on the storage thread when a chunk is produced, before it may wait for an fsync: from
   * then on its bytes count as output the client has not received.
   */
  default void owe(int bytes) {}

  /** Whether the client's unsent output is above the high-water mark. Any thread. */
  default boolean outputFull() {
    return false;
  }

  /**
   * Called on the storage thread after {@link #outputFull} stopped a batch: the target sends {@link
   * StorageMessage.OutputDrained} once the output is below the low-water mark, never from inside
   * this call.
   */
  default void notifyWhenDrained() {}
}
