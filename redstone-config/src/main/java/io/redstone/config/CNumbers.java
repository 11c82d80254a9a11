package io.redstone.config;

/**
 * The lenient C conversions some directives use ({@code strtoll}, {@code strtol}), where Redis only
 * checks that the whole text was consumed: leading blanks and a sign are accepted, an out-of-range
 * number saturates, and an empty text is 0.
 */
final class CNumbers {
  private CNumbers() {}

  /** {@code strtoll(text, &end, 10)} with {@code *end == '\0'} required, or null. */
  static Long strtollWhole(String text) {
    int i = 0;
    while (i < text.length() && isCSpace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    int digitsStart = i;
    long value = 0;
    boolean saturated = false;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      if (!saturated) {
        if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
          saturated = true;
        } else {
          value = value * 10 + (c - '0');
        }
      }
    }
    if (i == digitsStart) {
      // No digits: strtoll leaves the end pointer at the start, so only "" passes.
      return text.isEmpty() ? 0L : null;
    }
    if (saturated) {
      return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return negative ? -value : value;
  }

  static boolean isCSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }
}
