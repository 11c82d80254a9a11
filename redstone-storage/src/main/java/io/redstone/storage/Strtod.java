package io.redstone.storage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} as glibc does it in the C locale, over bytes: Redis reads every float with it,
 * each caller with its own rules on top (what must follow the number, which {@code ERANGE} results
 * it refuses). The result says where the number ended and whether glibc would have set {@code
 * ERANGE}: on overflow to infinity, on underflow to zero, and on a result that is subnormal and not
 * exact.
 */
public final class Strtod {
  private double value;
  private int end;
  private boolean outOfRange;

  private Strtod() {}

  /** The value read; 0 when nothing converted. */
  public double value() {
    return value;
  }

  /** Where the number ended: the index of the first byte not read. */
  public int end() {
    return end;
  }

  /** Whether glibc sets {@code ERANGE} for this text. */
  public boolean outOfRange() {
    return outOfRange;
  }

  /**
   * glibc's {@code strtod} in the C locale over {@code text[from, to)}: leading white space, a
   * sign, then {@code inf}/{@code infinity}, {@code nan}/{@code nan(...)}, a hexadecimal float or a
   * decimal one. Where nothing converts, the value is 0 and {@code end} is {@code from}.
   */
  public static Strtod parse(byte[] text, int from, int to) {
    Strtod out = new Strtod();
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

  private static void decimalFloat(byte[] text, int start, int to, boolean negative, Strtod out) {
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
    out.outOfRange =
        Double.isInfinite(magnitude)
            || (magnitude == 0 && nonZeroDigit)
            || (isSubnormal(magnitude)
                && new BigDecimal(literal).compareTo(new BigDecimal(magnitude)) != 0);
  }

  /** A hexadecimal float after its {@code 0x}; false when no hex digit follows. */
  private static boolean hexFloat(byte[] text, int start, int to, boolean negative, Strtod out) {
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
    out.outOfRange =
        Double.isInfinite(magnitude)
            || (magnitude == 0 && nonZeroDigit)
            || (isSubnormal(magnitude) && !exactHex(literal.toString(), exponent));
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

  private static boolean isSubnormal(double magnitude) {
    return magnitude != 0 && magnitude < Double.MIN_NORMAL;
  }

  /**
   * Whether a hexadecimal float ({@code 0x} digits, an optional fraction, a {@code p} exponent)
   * that read as a subnormal is exact: its digits times its power of two is a whole multiple of the
   * smallest subnormal, 2^-1074.
   */
  private static boolean exactHex(String literal, String exponent) {
    String digits = literal.substring(2);
    int point = digits.indexOf('.');
    int fractionDigits = point < 0 ? 0 : digits.length() - point - 1;
    BigInteger mantissa = new BigInteger(digits.replace(".", ""), 16);
    long power;
    try {
      power = Long.parseLong(exponent.substring(1)) - 4L * fractionDigits;
    } catch (NumberFormatException e) {
      return false; // an exponent too long for a long is far out of any double's reach
    }
    return mantissa.signum() != 0 && power + 1074 + mantissa.getLowestSetBit() >= 0;
  }

  /** C's {@code isspace} in the C locale. */
  public static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
  }
}
