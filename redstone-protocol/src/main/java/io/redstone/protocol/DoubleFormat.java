package io.redstone.protocol;

import java.math.BigDecimal;

/**
 * Doubles as Redis 7.2 prints them in replies: the shortest text that reads back as the same
 * double, integers without a fraction, {@code inf}/{@code -inf}/{@code nan}, and exponents in C's
 * {@code %g} style ({@code 1e+20}).
 */
public final class DoubleFormat {
  private DoubleFormat() {}

  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e17) {
      return Long.toString((long) value);
    }
    // Java's Double.toString is already the shortest round-tripping digits; only the notation differs.
    String java = Double.toString(value);
    int exponentAt = java.indexOf('E');
    if (exponentAt < 0) {
      return java;
    }
    BigDecimal digits = new BigDecimal(java.substring(0, exponentAt)).stripTrailingZeros();
    int exponent = Integer.parseInt(java.substring(exponentAt + 1));
    String sign = exponent < 0 ? "-" : "+";
    int magnitude = Math.abs(exponent);
    return digits.toPlainString() + "e" + sign + (magnitude < 10 ? "0" : "") + magnitude;
  }
}
