package io.redstone.protocol.text;

import java.nio.charset.StandardCharsets;

/** Number parsing and formatting with Redis's exact rules, over bytes. */
public final class Numbers {
  private Numbers() {}

  /**
   * Redis's {@code string2ll}: optional minus, no plus, no leading zeros (but "0"), no spaces, at
   * most 20 characters, within the signed 64-bit range.
   */
  public static boolean isLong(byte[] s) {
    int len = s.length;
    if (len == 0 || len > 20) {
      return false;
    }
    if (len == 1 && s[0] == '0') {
      return true;
    }
    int i = 0;
    boolean negative = false;
    if (s[0] == '-') {
      negative = true;
      i = 1;
      if (len == 1) {
        return false;
      }
    }
    if (s[i] < '1' || s[i] > '9') {
      return false;
    }
    long value = 0;
    for (; i < len; i++) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      // Accumulate negatively: the negative range is one larger.
      if (value < (Long.MIN_VALUE + d) / 10) {
        return false;
      }
      value = value * 10 - d;
    }
    return negative || value != Long.MIN_VALUE;
  }

  /** Parses a value {@link #isLong} accepted. */
  public static long parseLong(byte[] s) {
    int i = 0;
    boolean negative = s[0] == '-';
    if (negative) {
      i = 1;
    }
    long value = 0;
    for (; i < s.length; i++) {
      value = value * 10 - (s[i] - '0');
    }
    return negative ? value : -value;
  }

  /**
   * Redis's {@code string2ld}/{@code strtold} rules for a float argument: the whole string must
   * parse, no leading or trailing space, NaN refused; "inf" and "-inf" are accepted. Returns null
   * when not a valid float.
   */
  public static Double parseDouble(byte[] s) {
    if (s.length == 0 || s.length > 5000) {
      return null;
    }
    if (isSpace(s[0]) || isSpace(s[s.length - 1])) {
      return null;
    }
    String text = new String(s, StandardCharsets.ISO_8859_1);
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "inf":
      case "+inf":
      case "infinity":
      case "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    // Java accepts forms strtod does not (trailing 'd'/'f', "NaN"); refuse them first.
    char last = lower.charAt(lower.length() - 1);
    if (last == 'd' || last == 'f' || lower.contains("nan") || lower.contains("infinity")) {
      return null;
    }
    try {
      double value = Double.parseDouble(text);
      return Double.isNaN(value) ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
  }

  public static byte[] toBytes(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /** ASCII case-insensitive comparison of raw bytes with a keyword. */
  public static boolean equalsIgnoreCase(byte[] raw, String keyword) {
    if (raw.length != keyword.length()) {
      return false;
    }
    for (int i = 0; i < raw.length; i++) {
      int a = raw[i];
      int b = keyword.charAt(i);
      if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
        return false;
      }
    }
    return true;
  }
}
