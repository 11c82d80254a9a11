package io.redstone.storage;

import io.redstone.protocol.ReplySink;
import java.util.function.Consumer;

/**
 * A reply a command could not give before returning (SAVE waits for its file). The front end keeps
 * the connection's later replies behind it, so the client still reads them in order. Created and
 * completed on the storage thread.
 */
public final class DeferredReply {
  private final int protocol;
  private Consumer<ReplySink> answer;
  private Runnable listener;

  DeferredReply(int protocol) {
    this.protocol = protocol;
  }

  /** The RESP version the reply must be written in: the client's when it asked. */
  public int protocol() {
    return protocol;
  }

  /** Gives the reply; {@code answer} writes it when the front end is ready to send it. */
  public void complete(Consumer<ReplySink> answer) {
    if (this.answer != null) {
      throw new IllegalStateException("reply already given");
    }
    this.answer = answer;
    if (listener != null) {
      listener.run();
    }
  }

  public boolean isDone() {
    return answer != null;
  }

  /** Writes the reply; only once {@link #isDone()}. */
  public void writeTo(ReplySink sink) {
    answer.accept(sink);
  }

  /** Runs {@code listener} when the reply is given (at once if it already was). */
  public void onComplete(Runnable listener) {
    this.listener = listener;
    if (answer != null) {
      listener.run();
    }
  }
}
