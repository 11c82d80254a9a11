package io.redstone.server;

import io.redstone.protocol.RespWriter;
import io.redstone.storage.DeferredReply;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Replies that may not leave yet, in the order they were produced: a chunk of a batch's replies in
 * which a command deferred its reply (SAVE), and, under {@code appendfsync always}, every chunk
 * produced after a write until that write is fsynced, as Redis answers only after {@code
 * beforeSleep} has synced the log. One queue for all connections keeps each connection's replies in
 * order and never lets a reply that saw a write overtake that write's fsync. Storage thread only.
 */
final class HeldReplies {
  /** A piece of a batch's replies: bytes already written, or a reply still to come. */
  sealed interface Part permits Written, Deferred {}

  record Written(Buffer bytes) implements Part {}

  record Deferred(DeferredReply reply) implements Part {}

  private record Held(List<Part> parts, long requiredSeq, ReplyTarget target, boolean endOfBatch) {}

  private final ArrayDeque<Held> queue = new ArrayDeque<>();
  private final RespWriter deferredWriter = new RespWriter(2, 256);
  private long durableSeq;

  boolean isEmpty() {
    return queue.isEmpty();
  }

  long durableSeq() {
    return durableSeq;
  }

  /** Whether a chunk may leave at once: nothing queued, nothing deferred, its writes durable. */
  boolean canSendNow(long requiredSeq) {
    return queue.isEmpty() && requiredSeq <= durableSeq;
  }

  void hold(List<Part> parts, long requiredSeq, ReplyTarget target, boolean endOfBatch) {
    queue.add(new Held(parts, requiredSeq, target, endOfBatch));
    for (Part part : parts) {
      if (part instanceof Deferred deferred) {
        deferred.reply().onComplete(this::release);
      }
    }
    release();
  }

  /** Records that every effect up to {@code seq} is on disk, and lets out what waited for it. */
  void durable(long seq) {
    durableSeq = Math.max(durableSeq, seq);
    release();
  }

  private void release() {
    while (!queue.isEmpty() && ready(queue.peek())) {
      Held held = queue.poll();
      if (held.parts().size() == 1 && held.parts().get(0) instanceof Written only) {
        held.target().replies(only.bytes(), held.endOfBatch());
        continue;
      }
      Buffer out = Buffer.buffer();
      for (Part part : held.parts()) {
        if (part instanceof Written written) {
          out.appendBuffer(written.bytes());
        } else if (part instanceof Deferred deferred) {
          deferredWriter.reset();
          deferredWriter.protocol(deferred.reply().protocol());
          deferred.reply().writeTo(deferredWriter);
          out.appendBytes(deferredWriter.array(), 0, deferredWriter.size());
        }
      }
      held.target().replies(out, held.endOfBatch());
    }
  }

  private boolean ready(Held held) {
    if (held.requiredSeq() > durableSeq) {
      return false;
    }
    for (Part part : held.parts()) {
      if (part instanceof Deferred deferred && !deferred.reply().isDone()) {
        return false;
      }
    }
    return true;
  }
}
