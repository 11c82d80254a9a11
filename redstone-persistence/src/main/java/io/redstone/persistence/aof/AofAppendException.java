package io.redstone.persistence.aof;

import java.io.IOException;

/**
 * An append or fsync that did not happen, now or because the appender failed before. {@link
 * #durableOffset()} says which appends are safe: those that ended at or before it. Every append
 * that ended after it must be reported to its clients as not durable.
 */
public final class AofAppendException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long durableOffset;
  private final AofAppender.State state;

  AofAppendException(String message, Throwable cause, long durableOffset, AofAppender.State state) {
    super(message, cause);
    this.durableOffset = durableOffset;
    this.state = state;
  }

  /** The end of the bytes known to be on disk. */
  public long durableOffset() {
    return durableOffset;
  }

  /**
   * The appender's state after the failure: {@code WRITE_FAILED}, {@code BROKEN} or {@code CLOSED}.
   */
  public AofAppender.State state() {
    return state;
  }
}
