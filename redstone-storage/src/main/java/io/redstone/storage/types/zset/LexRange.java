package io.redstone.storage.types.zset;

import java.util.Arrays;

/**
 * A range of members by their bytes, as ZRANGEBYLEX, ZLEXCOUNT and ZREMRANGEBYLEX take it ({@code
 * zlexrangespec}): each end is {@code -} (below every member), {@code +} (above every member),
 * {@code [member} (inclusive) or {@code (member} (exclusive).
 */
final class LexRange {
  /** An end: {@link #BELOW_ALL}, {@link #ABOVE_ALL}, or a member's bytes. */
  private static final byte[] BELOW_ALL = new byte[0];

  private static final byte[] ABOVE_ALL = new byte[0];

  private final byte[] min;
  private final boolean minExclusive;
  private final byte[] max;
  private final boolean maxExclusive;

  private LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
    this.min = min;
    this.minExclusive = minExclusive;
    this.max = max;
    this.maxExclusive = maxExclusive;
  }

  /** The range {@code min max}, or null when either end is malformed ({@code zslParseLexRange}). */
  static LexRange parse(byte[] min, byte[] max) {
    byte[] low = end(min);
    byte[] high = end(max);
    if (low == null || high == null) {
      return null;
    }
    return new LexRange(low, exclusive(min), high, exclusive(max));
  }

  /** {@code -} and {@code +} alone (Redis reads the argument as a C string: a NUL ends it). */
  private static byte[] end(byte[] item) {
    if (item.length == 0) {
      return null;
    }
    switch (item[0]) {
      case '+':
        return item.length == 1 || item[1] == 0 ? ABOVE_ALL : null;
      case '-':
        return item.length == 1 || item[1] == 0 ? BELOW_ALL : null;
      case '(':
      case '[':
        return Arrays.copyOfRange(item, 1, item.length);
      default:
        return null;
    }
  }

  /** {@code +} and {@code -} count as exclusive, as in Redis. */
  private static boolean exclusive(byte[] item) {
    return item[0] != '[';
  }

  /** Redis's {@code sdscmplex}: the two sentinels below and above every member. */
  private static int compare(byte[] a, byte[] b) {
    if (a == b) {
      return 0;
    }
    if (a == BELOW_ALL || b == ABOVE_ALL) {
      return -1;
    }
    if (a == ABOVE_ALL || b == BELOW_ALL) {
      return 1;
    }
    return Arrays.compareUnsigned(a, b);
  }

  boolean aboveMin(byte[] member) {
    int cmp = compare(member, min);
    return minExclusive ? cmp > 0 : cmp >= 0;
  }

  boolean belowMax(byte[] member) {
    int cmp = compare(member, max);
    return maxExclusive ? cmp < 0 : cmp <= 0;
  }

  /** A range no member can fall in. */
  boolean isEmpty() {
    int cmp = compare(min, max);
    return cmp > 0 || (cmp == 0 && (minExclusive || maxExclusive));
  }
}
