package io.redstone.storage.types.geo;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The ways GEO replies print numbers, each as Redis prints it. */
final class GeoFormat {
  private GeoFormat() {}

  /**
   * A distance with four decimals ({@code addReplyDoubleDistance}, {@code fixedpoint_d2string}):
   * the value times 10^4 rounded to the nearest integer, ties to even ({@code llrint}), then
   * written with the point put back.
   */
  static String distance(double meters) {
    if (meters == 0) {
      return "0.0000";
    }
    long scaled = (long) Math.rint(meters * 10000.0);
    StringBuilder text = new StringBuilder(24);
    if (scaled < 0) {
      text.append('-');
      scaled = -scaled;
    }
    String fraction = Long.toString(scaled % 10000);
    text.append(scaled / 10000).append('.');
    text.append("0000", fraction.length(), 4).append(fraction);
    return text.toString();
  }

  /**
   * A coordinate as Redis prints it ({@code addReplyHumanLongDouble}): the exact value with 17
   * decimals ({@code %.17Lf}, ties to even), trailing zeros and a trailing point removed, {@code
   * -0} as {@code 0}.
   */
  static String coordinate(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    String digits =
        new BigDecimal(value)
            .setScale(17, RoundingMode.HALF_EVEN)
            .stripTrailingZeros()
            .toPlainString();
    return digits.equals("-0") ? "0" : digits;
  }

  /**
   * C's {@code %f}: six decimals of the exact value, ties to even; the sign kept even when the
   * value rounds to zero ({@code -0.000000}); {@code inf} and {@code -inf}.
   */
  static String sixDecimals(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    String digits =
        new BigDecimal(Math.abs(value)).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    return negative ? "-" + digits : digits;
  }
}
