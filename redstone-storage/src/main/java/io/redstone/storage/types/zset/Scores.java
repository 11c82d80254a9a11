package io.redstone.storage.types.zset;

import io.redstone.storage.Strtod;

/**
 * Scores read the way Redis reads them, which is C's {@code strtod} under two sets of rules: {@link
 * #parse} for a score, increment or weight ({@code string2d}: the whole argument, no leading space,
 * no overflow to infinity, no underflow to zero, no NaN) and {@link #parseBound} for a bound of
 * ZRANGEBYSCORE and friends ({@code zslParseRange}: leading spaces and overflow allowed, the text
 * ends at its first NUL byte, the empty text is 0). Both accept {@code inf}, {@code infinity},
 * hexadecimal floats ({@code 0x1p3}) and a sign ({@link Strtod}).
 */
final class Scores {
  private Scores() {}

  /**
   * A score, increment or weight, or NaN when Redis would refuse it ({@code string2d}): the caller
   * answers with its own error text.
   */
  static double parse(byte[] text) {
    int length = text.length;
    if (length == 0 || isSpace(text[0])) {
      return Double.NaN;
    }
    Strtod parsed = Strtod.parse(text, 0, length);
    // string2d refuses only the ERANGE results that are infinite or zero, not subnormals.
    boolean overOrUnder =
        parsed.outOfRange() && (Double.isInfinite(parsed.value()) || parsed.value() == 0);
    if (parsed.end() != length || overOrUnder) {
      return Double.NaN;
    }
    return parsed.value();
  }

  /**
   * One bound of a score range from {@code from}, up to the first NUL byte: its value, or NaN when
   * the text is not a number (after a leading {@code (}, which the caller has stripped).
   */
  static double parseBound(byte[] text, int from) {
    int end = from;
    while (end < text.length && text[end] != 0) {
      end++;
    }
    Strtod parsed = Strtod.parse(text, from, end);
    if (parsed.end() != end) {
      return Double.NaN;
    }
    return parsed.value();
  }

  /** C's {@code isspace} in the C locale. */
  static boolean isSpace(byte b) {
    return Strtod.isSpace(b);
  }
}
