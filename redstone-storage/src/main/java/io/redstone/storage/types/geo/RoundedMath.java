package io.redstone.storage.types.geo;

/**
 * {@code sin}, {@code cos} and {@code asin} rounded to the nearest double, for the ranges GEO's
 * distances use. Redis calls the C library's functions, which on Linux (glibc) round to nearest in
 * all but rare cases; Java's {@link StrictMath} (fdlibm) is off by one bit in a few percent of
 * cases, which shows in the full-precision distances STOREDIST stores and in the order of results
 * at nearly the same distance.
 *
 * <p>Ziv's method: a fast evaluation to about 70 bits (a table of sines and cosines at multiples of
 * 1/64 in double-double, and short polynomials for the rest), rounded when its error bound cannot
 * change the rounding, which is all but about one case in ten thousand; those are computed again
 * with Taylor series summed in double-double (about 106 bits). Products are split with Dekker's
 * method rather than {@link Math#fma}, which is slow on a processor without the instruction.
 */
final class RoundedMath {
  /** 2^27 + 1: splits a double into two halves whose products are exact. */
  private static final double SPLITTER = 134217729.0;

  /** Pi as a double-double. */
  private static final double PI_HI = Math.PI;

  private static final double PI_LO = 1.2246467991473532e-16;

  /** The table's spacing: sines and cosines are kept at k / 64. */
  private static final double STEP = 1.0 / 64;

  /** Table entries: up to a little past pi, the largest sine argument the distances use. */
  private static final int ENTRIES = 207;

  private static final double[] SIN_HI = new double[ENTRIES];
  private static final double[] SIN_LO = new double[ENTRIES];
  private static final double[] COS_HI = new double[ENTRIES];
  private static final double[] COS_LO = new double[ENTRIES];

  /** Relative bound of the fast evaluation's error (its true error is below 2^-72). */
  private static final double FAST_ERROR = 0x1p-68;

  static {
    double[] out = new double[2];
    for (int k = 0; k < ENTRIES; k++) {
      double a = k * STEP;
      sineSeries(a, 0, 0, out);
      SIN_HI[k] = out[0];
      SIN_LO[k] = out[1];
      cosineSeries(a, out);
      COS_HI[k] = out[0];
      COS_LO[k] = out[1];
    }
  }

  private RoundedMath() {}

  /** {@code sin(x)} rounded to nearest, for {@code |x| <= 2 pi}; StrictMath beyond. */
  static double sin(double x) {
    if (x == 0 || !(Math.abs(x) <= 2 * Math.PI)) {
      return x == 0 ? x : StrictMath.sin(x);
    }
    double magnitude = Math.abs(x);
    double fast = fastSin(magnitude, 0, true);
    if (Double.isNaN(fast)) {
      fast = sine(magnitude, 0, 0);
    }
    return x < 0 ? -fast : fast;
  }

  /** {@code cos(x)} rounded to nearest, for {@code |x| <= pi / 2}; StrictMath beyond. */
  static double cos(double x) {
    if (!(Math.abs(x) <= Math.PI / 2)) {
      return StrictMath.cos(x);
    }
    double magnitude = Math.abs(x);
    double fast = fastCosOrNaN(magnitude);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    double[] out = new double[2];
    cosineSeries(magnitude, out);
    return out[0] + out[1];
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
    double above = Math.nextUp(estimate);
    // sin(estimate) - x, divided by the slope cos(estimate), is how far estimate lies above the
    // true value, to first order; the error bound takes in the second-order term, over^2 tan / 2.
    double difference = fastSin(estimate, x, false);
    double slope = StrictMath.cos(estimate);
    if (!Double.isNaN(difference) && slope > 0x1p-20) {
      double over = difference / slope;
      double error = (FAST_ERROR * 2 + 0x1p-50 * Math.abs(over) + over * over) / slope;
      double halfDown = (estimate - below) / 2;
      double halfUp = (above - estimate) / 2;
      if (over > halfDown + error) {
        return below;
      }
      if (-over > halfUp + error) {
        return above;
      }
      if (Math.abs(over) < Math.min(halfDown, halfUp) - error) {
        return estimate;
      }
    }
    if (sine(estimate, (below - estimate) / 2, x) > 0) {
      return below;
    }
    if (sine(estimate, (above - estimate) / 2, x) < 0) {
      return above;
    }
    return estimate;
  }

  /**
   * {@code sin(x) - minus} for {@code 0 <= x < 3.2}, within {@code 2^-68} ({@code x = a + b}, with
   * {@code a} a multiple of 1/64 from the table and {@code |b| <= 1/128}: {@code sin(a) cos(b) +
   * cos(a) sin(b)}). With {@code roundingTest}, rounded to nearest when that error cannot change
   * the rounding, else NaN; without, the nearest double to the evaluation (for a difference whose
   * size, not rounding, matters). NaN past the table.
   */
  private static double fastSin(double x, double minus, boolean roundingTest) {
    int k = (int) (x * 64 + 0.5);
    if (k >= ENTRIES) {
      return Double.NaN;
    }
    double b = x - k * STEP;
    double sHi = SIN_HI[k];
    double sLo = SIN_LO[k];
    double cHi = COS_HI[k];
    double cLo = COS_LO[k];
    double b2 = b * b;
    double b2Lo = productError(b, b, b2);
    // sin(b) = b + sinTail, cos(b) = 1 - b^2/2 + cosTail
    double sinTail =
        b * b2 * (-1.0 / 6 + b2 * (1.0 / 120 + b2 * (-1.0 / 5040 + b2 * (1.0 / 362880))))
            - b * b2Lo / 6;
    double halfSquare = -b2 / 2;
    double cosTail = -b2Lo / 2 + b2 * b2 * (1.0 / 24 + b2 * (-1.0 / 720 + b2 * (1.0 / 40320)));
    // sin(a) (1 + halfSquare + cosTail) + cos(a) (b + sinTail) - minus
    double p1 = sHi * halfSquare;
    double p1Lo = productError(sHi, halfSquare, p1);
    double p2 = cHi * b;
    double p2Lo = productError(cHi, b, p2);
    double small = sLo + p1Lo + p2Lo + sHi * cosTail + cHi * sinTail + cLo * b + sLo * halfSquare;
    double error = roundingTest ? FAST_ERROR * (Math.abs(sHi) + Math.abs(p2)) : -1;
    return sumRoundedOrNaN(sHi, p1, p2, -minus, small, error);
  }

  /** As {@link #fastSin}: {@code cos(a) cos(b) - sin(a) sin(b)}, for 0 <= x <= pi/2. */
  private static double fastCosOrNaN(double x) {
    int k = (int) (x * 64 + 0.5);
    double b = x - k * STEP;
    double sHi = SIN_HI[k];
    double sLo = SIN_LO[k];
    double cHi = COS_HI[k];
    double cLo = COS_LO[k];
    double b2 = b * b;
    double b2Lo = productError(b, b, b2);
    double sinTail =
        b * b2 * (-1.0 / 6 + b2 * (1.0 / 120 + b2 * (-1.0 / 5040 + b2 * (1.0 / 362880))))
            - b * b2Lo / 6;
    double halfSquare = -b2 / 2;
    double cosTail = -b2Lo / 2 + b2 * b2 * (1.0 / 24 + b2 * (-1.0 / 720 + b2 * (1.0 / 40320)));
    double p1 = cHi * halfSquare;
    double p1Lo = productError(cHi, halfSquare, p1);
    double p2 = -sHi * b;
    double p2Lo = productError(-sHi, b, p2);
    double small = cLo + p1Lo + p2Lo + cHi * cosTail - sHi * sinTail - sLo * b + cLo * halfSquare;
    return sumRoundedOrNaN(cHi, p1, p2, 0, small, FAST_ERROR * (Math.abs(cHi) + Math.abs(p2)));
  }

  /**
   * {@code a + b + c + d + small} rounded to nearest, or NaN when an error of up to {@code error}
   * could change the rounding (never for a negative {@code error}). The four large terms are added
   * exactly (as double-doubles).
   */
  private static double sumRoundedOrNaN(
      double a, double b, double c, double d, double small, double error) {
    double s = a + b;
    double v = s - a;
    double lo = (a - (s - v)) + (b - v);
    double t = s + c;
    v = t - s;
    lo += (s - (t - v)) + (c - v);
    double u = t + d;
    v = u - t;
    lo += (t - (u - v)) + (d - v);
    lo += small;
    double hi = u + lo;
    lo = lo - (hi - u);
    if (error < 0) {
      return hi;
    }
    if (hi == 0) {
      return Double.NaN;
    }
    double toMidpoint =
        lo >= 0 ? (Math.nextUp(hi) - hi) / 2 - lo : (hi - Math.nextDown(hi)) / 2 + lo;
    return toMidpoint > error ? hi : Double.NaN;
  }

  /**
   * {@code sin(hi + lo) - minus} in double-double precision, rounded to a double (its sign is
   * exact), for {@code |hi| <= 2 pi}.
   */
  private static double sine(double hi, double lo, double minus) {
    double[] out = new double[2];
    sineSeries(hi, lo, minus, out);
    return out[0] + out[1];
  }

  /** {@code sin(hi + lo) - minus} as a double-double in {@code out}, for {@code |hi| <= 2 pi}. */
  private static void sineSeries(double hi, double lo, double minus, double[] out) {
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
    series(hi, lo, hi, lo, 0, sign * minus, out);
    out[0] *= sign;
    out[1] *= sign;
  }

  /** {@code cos(x)} as a double-double in {@code out}, for {@code |x| <= pi / 2}. */
  private static void cosineSeries(double x, double[] out) {
    series(1, 0, x, 0, 1, 0, out);
  }

  /**
   * The Taylor series of sin ({@code cosine} 0, first term x) or cos ({@code cosine} 1, first term
   * 1) at the double-double {@code x}, less {@code minus}, summed in double-double into {@code
   * out}.
   */
  private static void series(
      double firstHi,
      double firstLo,
      double xHi,
      double xLo,
      int cosine,
      double minus,
      double[] out) {
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
    out[0] = sumHi;
    out[1] = sumLo;
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
