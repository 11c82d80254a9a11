package io.redstone.storage.command;

import io.redstone.storage.LongDouble;

/**
 * The timeout of a blocking command, in seconds, read as Redis 7.0's {@code
 * getTimeoutFromObjectOrReply}: a {@code strtold} number, times 1000, rounded up to whole
 * milliseconds (so any positive timeout waits at least a millisecond, and one too large to fit, or
 * infinite, reads as negative, as the x86 cast makes it).
 */
public final class BlockingTimeout {
  private BlockingTimeout() {}

  /** The absolute deadline in unix ms for argument {@code index}, or 0 for "wait forever". */
  public static long parse(Invocation call, int index) {
    LongDouble seconds = LongDouble.parse(call.arg(index));
    if (seconds == null) {
      throw new CommandException(Errors.TIMEOUT_NOT_FLOAT);
    }
    long millis = seconds.timesCeiling(1000);
    if (millis < 0) {
      throw new CommandException(Errors.NEGATIVE_TIMEOUT);
    }
    if (millis == 0) {
      return 0;
    }
    // Redis 7.0 adds without a check; a deadline past the end of time is no deadline in practice.
    return millis > Long.MAX_VALUE - call.now() ? Long.MAX_VALUE : call.now() + millis;
  }
}
