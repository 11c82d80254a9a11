package io.redstone.storage.observe;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs unexpected failures without flooding the log: every failure gets one line naming what failed
 * and its cause, and a stack trace only the first time a cause is seen in each interval. A pipeline
 * of 2,000 commands that all hit the same bug writes 2,000 short lines and one trace, not 2,000
 * traces. A cause is the exception's class and the place it was thrown from.
 */
public final class FailureLog {
  /** Causes remembered at most; past this the memory starts over, costing a few extra traces. */
  private static final int MAX_CAUSES = 1024;

  private final Logger log;
  private final long intervalNanos;
  private final Map<String, Long> lastTraceNanos = new HashMap<>();

  public FailureLog(Logger log, long intervalNanos) {
    this.log = log;
    this.intervalNanos = intervalNanos;
  }

  /**
   * Logs {@code what} failed with {@code failure} at error level, with the stack trace if this
   * cause has had none logged within the interval. Returns whether the trace was logged.
   */
  public boolean failed(String what, Throwable failure, long nowNanos) {
    String cause = cause(failure);
    Long last = lastTraceNanos.get(cause);
    boolean trace = last == null || nowNanos - last >= intervalNanos;
    if (trace) {
      if (lastTraceNanos.size() >= MAX_CAUSES) {
        lastTraceNanos.clear();
      }
      lastTraceNanos.put(cause, nowNanos);
      log.error("{} failed: {}", what, failure.toString(), failure);
    } else {
      log.error("{} failed: {} (stack trace logged earlier)", what, failure.toString());
    }
    return trace;
  }

  private static String cause(Throwable failure) {
    StackTraceElement[] frames = failure.getStackTrace();
    String where = frames.length == 0 ? "" : frames[0].toString();
    return failure.getClass().getName() + "@" + where;
  }
}
