package io.redstone.storage.command;

import io.redstone.storage.LongDouble;

/**
 * The timeout of a blocking command, in seconds, read as Redis's {@code
 * getTimeoutFromObjectOrReply}: a {@code strtold} number, multiplied by 1000 and truncated to whole
 * milliseconds as an x86 cast does (so a value too large to fit, or infinite, reads as negative).
 */
public final class BlockingTimeout {
  private BlockingTimeout() {}

  /** The absolute deadline in unix ms for argument {@code index}, or 0 for "wait forever". */
  public static long parse(Invocation call, int index) {
    LongDouble seconds = LongDouble.parse(call.arg(index));
    if (seconds == null) {
      throw new CommandException(Errors.TIMEOUT_NOT_FLOAT);
    }
    long millis = seconds.timesTruncated(1000);
    if (millis < 0) {
      throw new CommandException(Errors.NEGATIVE_TIMEOUT);
    }
    if (millis == 0) {
      return 0;
    }
    if (millis > Long.MAX_VALUE - call.now()) {
      throw new CommandException(Errors.TIMEOUT_OUT_OF_RANGE);
    }
    return call.now() + millis;
  }
}
