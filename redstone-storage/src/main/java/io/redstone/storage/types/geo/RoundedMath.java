package io.redstone.storage.types.geo;

/**
 * {@code sin}, {@code cos} and {@code asin} rounded to the nearest double, for the ranges GEO's
 * distances use. Redis calls the C library's functions, which on Linux (glibc) round to nearest in
 * all but rare cases; Java's {@link StrictMath} (fdlibm) is off by one bit in a few percent of
 * cases, which shows in the full-precision distances STOREDIST stores and in the order of results
 * at nearly the same distance. So the value is computed in double-double arithmetic (about 106
 * bits) and then rounded once.
 *
 * <p>Products are split with Dekker's method rather than {@link Math#fma}, which is slow on a
 * processor without the instruction.
 */
final class RoundedMath {
  /** 2^27 + 1: splits a double into two halves whose products are exact. */
  private static final double SPLITTER = 134217729.0;

  /** Pi as a double-double. */
  private static final double PI_HI = Math.PI;

  private static final double PI_LO = 1.2246467991473532e-16;

  private RoundedMath() {}

  /** {@code sin(x)} rounded to nearest, for {@code |x| <= 2 pi}; StrictMath beyond. */
  static double sin(double x) {
    if (x == 0 || !(Math.abs(x) <= 2 * Math.PI)) {
      return x == 0 ? x : StrictMath.sin(x);
    }
    return sine(x, 0, 0);
  }

  /** {@code cos(x)} rounded to nearest, for {@code |x| <= pi / 2}; StrictMath beyond. */
  static double cos(double x) {
    if (!(Math.abs(x) <= Math.PI / 2)) {
      return StrictMath.cos(x);
    }
    return series(1, 0, x, 0, 1, 0);
  }

  /**
   * {@code asin(x)} rounded to nearest, for {@code 0 <= x <= 1} (a haversine's root); NaN above 1,
   * as the C library answers. StrictMath's answer is within a bit of the true value, so the result
   * is it or a neighbour: the one whose rounding interval holds the true value, found by comparing
   * {@code x} with the sine of each interval's bound.
   */
  static double asin(double x) {
    if (!(x > 0 && x < 1)) {
      return StrictMath.asin(x);
    }
    double estimate = StrictMath.asin(x);
    double below = Math.nextDown(estimate);
    if (sine(estimate, (below - estimate) / 2, x) > 0) {
      return below;
    }
    double above = Math.nextUp(estimate);
    if (sine(estimate, (above - estimate) / 2, x) < 0) {
      return above;
    }
    return estimate;
  }

  /**
   * {@code sin(hi + lo) - minus} in double-double precision, rounded to a double (its sign is
   * exact), for {@code |hi| <= 2 pi}.
   */
  private static double sine(double hi, double lo, double minus) {
    // Fold into [-pi/2, pi/2], where the series converges fast: sin(x) = sin(pi - x).
    double sign = 1;
    if (hi < 0) {
      sign = -1;
      hi = -hi;
      lo = -lo;
    }
    if (hi > Math.PI) {
      double s = hi - 2 * PI_HI;
      double v = s - hi;
      double e = (hi - (s - v)) + (-2 * PI_HI - v) + lo - 2 * PI_LO;
      hi = s + e;
      lo = e - (hi - s);
    }
    if (Math.abs(hi) > Math.PI / 2) {
      double pi = hi > 0 ? PI_HI : -PI_HI;
      double piLo = hi > 0 ? PI_LO : -PI_LO;
      double s = pi - hi;
      double v = s - pi;
      double e = (pi - (s - v)) + (-hi - v) + piLo - lo;
      hi = s + e;
      lo = e - (hi - s);
    }
    // sin(x) - minus = sign * (sin(|x|) - sign * minus)
    return sign * series(hi, lo, hi, lo, 0, sign * minus);
  }

  /**
   * The Taylor series of sin ({@code cosine} 0, first term x) or cos ({@code cosine} 1, first term
   * 1) at the double-double {@code x}, less {@code minus}, summed in double-double and rounded.
   */
  private static double series(
      double firstHi, double firstLo, double xHi, double xLo, int cosine, double minus) {
    // x^2
    double p = xHi * xHi;
    double e = productError(xHi, xHi, p) + 2 * xHi * xLo;
    double x2Hi = p + e;
    double x2Lo = e - (x2Hi - p);
    double termHi = firstHi;
    double termLo = firstLo;
    // sum = first - minus
    double sumHi = firstHi - minus;
    double v = sumHi - firstHi;
    double sumLo = (firstHi - (sumHi - v)) + (-minus - v) + firstLo;
    double s = sumHi + sumLo;
    sumLo = sumLo - (s - sumHi);
    sumHi = s;
    for (int k = 1; k < 40; k++) {
      // term *= x^2
      p = termHi * x2Hi;
      e = productError(termHi, x2Hi, p) + termHi * x2Lo + termLo * x2Hi;
      termHi = p + e;
      termLo = e - (termHi - p);
      // term /= (2k - cosine)(2k + 1 - cosine)
      double divisor = (2.0 * k - cosine) * (2.0 * k + 1 - cosine);
      double q1 = termHi / divisor;
      p = q1 * divisor;
      double remainder = ((termHi - p) - productError(q1, divisor, p)) + termLo;
      double q2 = remainder / divisor;
      termHi = q1 + q2;
      termLo = q2 - (termHi - q1);
      // sum -= term or sum += term, alternately
      double bHi = (k & 1) == 1 ? -termHi : termHi;
      double bLo = (k & 1) == 1 ? -termLo : termLo;
      s = sumHi + bHi;
      v = s - sumHi;
      e = (sumHi - (s - v)) + (bHi - v) + sumLo + bLo;
      sumHi = s + e;
      sumLo = e - (sumHi - s);
      if (Math.abs(termHi) < 0x1p-115) {
        break;
      }
    }
    return sumHi + sumLo;
  }

  /** {@code a * b - p} exactly, where p is the rounded product (Dekker). */
  private static double productError(double a, double b, double p) {
    double ca = SPLITTER * a;
    double aHi = ca - (ca - a);
    double aLo = a - aHi;
    double cb = SPLITTER * b;
    double bHi = cb - (cb - b);
    double bLo = b - bHi;
    return ((aHi * bHi - p) + aHi * bLo + aLo * bHi) + aLo * bLo;
  }
}
