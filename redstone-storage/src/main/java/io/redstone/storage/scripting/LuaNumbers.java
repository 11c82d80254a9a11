package io.redstone.storage.scripting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as Lua 5.1 prints them ({@code LUAI_NUMFFORMAT}, C's {@code %.14g}): {@code
 * 0.33333333333333}, {@code 1e+15}, {@code inf}, {@code nan}.
 */
final class LuaNumbers {
  private LuaNumbers() {}

  private static final MathContext FOURTEEN_DIGITS = new MathContext(14, RoundingMode.HALF_EVEN);

  static String g14(double value) {
    if (Double.isNaN(value)) {
      // glibc prints a NaN's sign, and x86 makes 0/0 negative: real Lua shows -nan.
      return "-nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return 1.0 / value < 0 ? "-0" : "0";
    }
    if (Math.abs(value) < 1e14 && value == (double) (long) value) {
      return Long.toString((long) value);
    }
    BigDecimal rounded =
        new BigDecimal(Math.abs(value)).round(FOURTEEN_DIGITS).stripTrailingZeros();
    String digits = rounded.unscaledValue().toString();
    int exponent = digits.length() - 1 - rounded.scale();
    StringBuilder out = new StringBuilder(24);
    if (value < 0) {
      out.append('-');
    }
    if (exponent < -4 || exponent >= 14) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      int magnitude = Math.abs(exponent);
      out.append('e').append(exponent < 0 ? '-' : '+');
      if (magnitude < 10) {
        out.append('0');
      }
      return out.append(magnitude).toString();
    }
    if (exponent < 0) {
      return out.append("0.").append("0".repeat(-exponent - 1)).append(digits).toString();
    }
    if (digits.length() <= exponent + 1) {
      return out.append(digits).append("0".repeat(exponent + 1 - digits.length())).toString();
    }
    return out.append(digits, 0, exponent + 1)
        .append('.')
        .append(digits, exponent + 1, digits.length())
        .toString();
  }

  /** C's {@code (long long)} cast of a double as x86 does it: out of range and NaN give MIN. */
  static long truncate(double value) {
    if (Double.isNaN(value) || value >= 0x1p63 || value < -0x1p63) {
      return Long.MIN_VALUE;
    }
    return (long) value;
  }
}
