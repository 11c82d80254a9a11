package io.redstone.storage.command;

import io.redstone.protocol.text.Glob;

/**
 * The options of SCAN, HSCAN, SSCAN and ZSCAN, parsed once for all four as Redis's {@code
 * scanGenericCommand} does: {@code COUNT n} (at least 1), {@code MATCH pattern} and, for SCAN only,
 * {@code TYPE name}; anything else is a syntax error. Redis's order of checks for the collection
 * scans: the cursor first ({@link #parseCursor}), then the key (absent: the empty scan {@code 0
 * []}; another type: WRONGTYPE), then these options.
 *
 * @param count how many elements one call should look at: a hint, as in Redis
 * @param pattern the MATCH pattern, or null for none (and for {@code *}, which matches anything)
 * @param typeFilter SCAN's TYPE name, or null
 */
public record ScanArguments(long count, byte[] pattern, String typeFilter) {
  /** (2^64 - 1) / 10: a cursor above this overflows when one more digit is appended. */
  private static final long MAX_CURSOR_BEFORE_DIGIT = Long.divideUnsigned(-1L, 10);

  /** Parses the options from argument {@code first} on; {@code keyspace} allows TYPE (SCAN). */
  public static ScanArguments parse(Invocation call, int first, boolean keyspace) {
    long count = 10;
    byte[] pattern = null;
    String typeFilter = null;
    for (int i = first; i < call.argc(); i += 2) {
      boolean hasValue = call.argc() - i >= 2;
      if (hasValue && call.argIs(i, "count")) {
        count = call.argLong(i + 1);
        if (count < 1) {
          throw new CommandException(Errors.SYNTAX);
        }
      } else if (hasValue && call.argIs(i, "match")) {
        byte[] value = call.arg(i + 1);
        pattern = value.length == 1 && value[0] == '*' ? null : value;
      } else if (hasValue && keyspace && call.argIs(i, "type")) {
        // Redis 7.0 and 7.2 accept any name here; an unknown one simply matches no key.
        typeFilter = call.argString(i + 1);
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    return new ScanArguments(count, pattern, typeFilter);
  }

  /** Whether an element (a key, field or member) passes MATCH. */
  public boolean matches(byte[] element) {
    return pattern == null || Glob.matches(pattern, element, false);
  }

  /**
   * The cursor by the rules of C's {@code strtoul} as Redis applies them: no leading space, an
   * optional sign (a minus negates modulo 2^64, so "-1" is the largest cursor), decimal digits up
   * to 2^64 - 1, nothing after them. The empty string reads as 0, as in Redis.
   */
  public static long parseCursor(byte[] raw) {
    int i = 0;
    if (raw.length == 0) {
      return 0;
    }
    boolean negative = false;
    if (raw[0] == '+' || raw[0] == '-') {
      negative = raw[0] == '-';
      i = 1;
    }
    if (i == raw.length) {
      throw new CommandException(Errors.INVALID_CURSOR);
    }
    long value = 0;
    for (; i < raw.length; i++) {
      int digit = raw[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new CommandException(Errors.INVALID_CURSOR);
      }
      if (Long.compareUnsigned(value, MAX_CURSOR_BEFORE_DIGIT) > 0) {
        throw new CommandException(Errors.INVALID_CURSOR);
      }
      long shifted = value * 10;
      long next = shifted + digit;
      if (Long.compareUnsigned(next, shifted) < 0) {
        throw new CommandException(Errors.INVALID_CURSOR);
      }
      value = next;
    }
    return negative ? -value : value;
  }
}
