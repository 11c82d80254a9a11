package io.redstone.storage.types.zset;

import java.nio.charset.StandardCharsets;

/**
 * Scores read the way Redis reads them, which is C's {@code strtod} under two sets of rules:
 * {@link #parse} for a score, increment or weight ({@code string2d}: the whole argument, no
 * leading space, no overflow to infinity, no underflow to zero, no NaN) and {@link #parseBound}
 * for a bound of ZRANGEBYSCORE and friends ({@code zslParseRange}: leading spaces and overflow
 * allowed, the text ends at its first NUL byte, the empty text is 0). Both accept {@code inf},
 * {@code infinity}, hexadecimal floats ({@code 0x1p3}) and a sign.
 */
final class Scores {
  private Scores() {}

  /** What {@link #strtod} read: the value, where it stopped, whether it over- or underflowed. */
  private static final class Parsed {
    double value;
    int end;
    boolean outOfRange;
  }

  /**
   * A score, increment or weight, or NaN when Redis would refuse it ({@code string2d}): the
   * caller answers with its own error text.
   */
  static double parse(byte[] text) {
    int length = text.length;
    if (length == 0 || isSpace(text[0])) {
      return Double.NaN;
    }
    Parsed parsed = strtod(text, 0, length);
    if (parsed.end != length || parsed.outOfRange) {
      return Double.NaN;
    }
    return parsed.value;
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
    Parsed parsed = strtod(text, from, end);
    if (parsed.end != end) {
      return Double.NaN;
    }
    return parsed.value;
  }

  /**
   * glibc's {@code strtod} in the C locale over {@code text[from, to)}: leading white space, a
   * sign, then {@code inf}/{@code infinity}, {@code nan}/{@code nan(...)}, a hexadecimal float or
   * a decimal one. Where nothing converts, the value is 0 and {@code end} is {@code from}.
   */
  private static Parsed strtod(byte[] text, int from, int to) {
    Parsed out = new Parsed();
    out.end = from;
    int i = from;
    while (i < to && isSpace(text[i])) {
      i++;
    }
    boolean negative = false;
    if (i < to && (text[i] == '+' || text[i] == '-')) {
      negative = text[i] == '-';
      i++;
    }
    if (startsWithIgnoreCase(text, i, to, "inf")) {
      i += 3;
      if (startsWithIgnoreCase(text, i, to, "inity")) {
        i += 5;
      }
      out.value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      out.end = i;
      return out;
    }
    if (startsWithIgnoreCase(text, i, to, "nan")) {
      i += 3;
      if (i < to && text[i] == '(') {
        int close = i + 1;
        while (close < to && isNanSequenceChar(text[close])) {
          close++;
        }
        if (close < to && text[close] == ')') {
          i = close + 1;
        }
      }
      out.value = Double.NaN;
      out.end = i;
      return out;
    }
    if (i + 1 < to && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
      if (hexFloat(text, i + 2, to, negative, out)) {
        return out;
      }
      // "0x" without hex digits: only the 0 converts.
      out.value = negative ? -0.0 : 0.0;
      out.end = i + 1;
      return out;
    }
    decimalFloat(text, i, to, negative, out);
    return out;
  }

  private static void decimalFloat(byte[] text, int start, int to, boolean negative, Parsed out) {
    int i = start;
    boolean nonZeroDigit = false;
    int digits = 0;
    while (i < to && isDigit(text[i])) {
      nonZeroDigit |= text[i] != '0';
      digits++;
      i++;
    }
    if (i < to && text[i] == '.') {
      i++;
      while (i < to && isDigit(text[i])) {
        nonZeroDigit |= text[i] != '0';
        digits++;
        i++;
      }
    }
    if (digits == 0) {
      return; // nothing converts: value 0, end where the caller began
    }
    if (i < to && (text[i] == 'e' || text[i] == 'E')) {
      int e = i + 1;
      if (e < to && (text[e] == '+' || text[e] == '-')) {
        e++;
      }
      if (e < to && isDigit(text[e])) {
        while (e < to && isDigit(text[e])) {
          e++;
        }
        i = e;
      }
    }
    String literal = new String(text, start, i - start, StandardCharsets.ISO_8859_1);
    double magnitude = Double.parseDouble(literal);
    out.value = negative ? -magnitude : magnitude;
    out.end = i;
    out.outOfRange = Double.isInfinite(magnitude) || (magnitude == 0 && nonZeroDigit);
  }

  /** A hexadecimal float after its {@code 0x}; false when no hex digit follows. */
  private static boolean hexFloat(byte[] text, int start, int to, boolean negative, Parsed out) {
    int i = start;
    int digits = 0;
    boolean nonZeroDigit = false;
    StringBuilder literal = new StringBuilder("0x");
    while (i < to && Character.digit(text[i], 16) >= 0) {
      nonZeroDigit |= text[i] != '0';
      literal.append((char) text[i]);
      digits++;
      i++;
    }
    if (i < to && text[i] == '.') {
      int j = i + 1;
      StringBuilder fraction = new StringBuilder(".");
      int fractionDigits = 0;
      while (j < to && Character.digit(text[j], 16) >= 0) {
        nonZeroDigit |= text[j] != '0';
        fraction.append((char) text[j]);
        fractionDigits++;
        j++;
      }
      if (digits + fractionDigits > 0) {
        literal.append(fraction);
        digits += fractionDigits;
        i = j;
      }
    }
    if (digits == 0) {
      return false;
    }
    String exponent = "p0";
    if (i < to && (text[i] == 'p' || text[i] == 'P')) {
      int e = i + 1;
      if (e < to && (text[e] == '+' || text[e] == '-')) {
        e++;
      }
      if (e < to && isDigit(text[e])) {
        while (e < to && isDigit(text[e])) {
          e++;
        }
        exponent = "p" + new String(text, i + 1, e - i - 1, StandardCharsets.ISO_8859_1);
        i = e;
      }
    }
    double magnitude = Double.parseDouble(literal + exponent);
    out.value = negative ? -magnitude : magnitude;
    out.end = i;
    out.outOfRange = Double.isInfinite(magnitude) || (magnitude == 0 && nonZeroDigit);
    return true;
  }

  private static boolean startsWithIgnoreCase(byte[] text, int at, int to, String word) {
    if (to - at < word.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (Character.toLowerCase(text[at + k]) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNanSequenceChar(byte b) {
    return isDigit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** C's {@code isspace} in the C locale. */
  static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
  }
}
