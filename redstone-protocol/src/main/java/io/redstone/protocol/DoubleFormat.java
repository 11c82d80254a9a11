package io.redstone.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles as Redis prints them. {@link #formatG17} is Redis 7.0's {@code %.17g}, which replies use
 * ({@link RespWriter#doubleValue}): the reference server is 7.0.15, and its replies are what the
 * differential tests compare. {@link #format} is Redis 7.2's {@code d2string}, kept for the day the
 * reference moves to 7.2.
 *
 * <p>{@link #format}: {@code nan}, {@code inf}, {@code -inf}, {@code 0} and {@code -0}; integral
 * values within ±2<sup>62</sup> as integers; anything else as the digits of Florian Loitsch's
 * Grisu2 algorithm (which Redis 7.2 uses through its {@code fpconv} library), laid out as {@code
 * fpconv} does: plain decimals for moderate exponents ({@code 0.1}, {@code 0.000015}, {@code
 * 123.456}) and otherwise a mantissa with an unpadded exponent ({@code 1e+20}, {@code 1.5e-7},
 * {@code 5e-324}).
 *
 * <p>Grisu2 finds the shortest digits that read back as the same double in nearly every case, and a
 * few more digits in rare ones; this class reproduces its arithmetic exactly rather than computing
 * the true shortest, so it prints what Redis prints in those cases too. (Redis 7.0 printed {@code
 * %.17g}, {@code 0.10000000000000001}; 7.2 changed that.)
 */
public final class DoubleFormat {
  private DoubleFormat() {}

  private static final long FRACTION_MASK = 0x000F_FFFF_FFFF_FFFFL;
  private static final long HIDDEN_BIT = 0x0010_0000_0000_0000L;
  private static final int EXPONENT_BIAS = 1023 + 52;

  /** Redis prints integral doubles in this range as integers (its {@code double2ll}). */
  private static final double INTEGER_RANGE = 0x1p62;

  // Grisu's cache of powers of ten: 10^k for k = -348, -340, ..., 340, as 64-bit significands
  // (top bit set, rounded to nearest) with binary exponents.
  private static final int FIRST_POWER = -348;
  private static final int POWER_STEP = 8;
  private static final int POWER_COUNT = 87;
  private static final long[] POWER_SIGNIFICANDS = new long[POWER_COUNT];
  private static final int[] POWER_EXPONENTS = new int[POWER_COUNT];

  /** The window of binary exponents Grisu2 wants after scaling, so digits fit in 32 bits. */
  private static final int MIN_TARGET_EXPONENT = -60;

  private static final int MAX_TARGET_EXPONENT = -32;

  private static final long[] POWERS_OF_TEN = new long[20];

  static {
    for (int i = 0; i < POWER_COUNT; i++) {
      int k = FIRST_POWER + i * POWER_STEP;
      // 10^k = significand * 2^exponent, significand in [2^63, 2^64).
      BigInteger numerator = BigInteger.TEN.pow(Math.max(k, 0));
      BigInteger denominator = BigInteger.TEN.pow(Math.max(-k, 0));
      int exponent = numerator.bitLength() - denominator.bitLength() - 64;
      BigInteger significand;
      while (true) {
        BigInteger scaledNumerator = exponent < 0 ? numerator.shiftLeft(-exponent) : numerator;
        BigInteger scaledDenominator = exponent > 0 ? denominator.shiftLeft(exponent) : denominator;
        BigInteger[] quotient = scaledNumerator.divideAndRemainder(scaledDenominator);
        significand = quotient[0];
        if (quotient[1].shiftLeft(1).compareTo(scaledDenominator) >= 0) {
          significand = significand.add(BigInteger.ONE);
        }
        if (significand.bitLength() > 64) {
          exponent++;
        } else if (significand.bitLength() < 64) {
          exponent--;
        } else {
          break;
        }
      }
      POWER_SIGNIFICANDS[i] = significand.longValue();
      POWER_EXPONENTS[i] = exponent;
    }
    long power = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = power;
      power *= 10;
    }
  }

  /** 10^i as doubles, exact up to 10^22: where integral doubles stop fitting {@code %.<i>g}. */
  private static final double[] POWERS_OF_TEN_DOUBLE = new double[23];

  /** Rounding to i significant digits, half to even as glibc's printf. */
  private static final MathContext[] SIGNIFICANT = new MathContext[23];

  static {
    for (int i = 0; i < POWERS_OF_TEN_DOUBLE.length; i++) {
      POWERS_OF_TEN_DOUBLE[i] = Double.parseDouble("1e" + i);
      SIGNIFICANT[i] = new MathContext(i, RoundingMode.HALF_EVEN);
    }
  }

  /** Significant digits of C's {@code %.17g}: enough for every double to read back exactly. */
  private static final int G17_DIGITS = 17;

  /**
   * A double as Redis 7.0 prints it in replies ({@code addReplyDouble}), in {@code ZSCAN} and in
   * its listpacks: C's {@code %.17g}, except infinities as {@code inf} and {@code -inf}. Seventeen
   * significant digits of the exact binary value, rounded half to even as glibc does, then trailing
   * zeros dropped: {@code 0.10000000000000001}, {@code 1.5}, {@code 3}, {@code -0}, {@code 1e+20},
   * {@code 1.4999999999999999e-07}.
   */
  public static String formatG17(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    return formatG(value, G17_DIGITS);
  }

  /**
   * C's {@code %.<digits>g} (1 to 22 digits) of a number, not NaN, as glibc prints it: that many
   * significant digits of the exact binary value, rounded half to even, trailing zeros dropped, an
   * exponent of at least two digits, infinities as {@code inf} and {@code -inf}. Lua's {@code
   * %.14g} uses it too.
   */
  public static String formatG(double value, int digits) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return 1.0 / value < 0 ? "-0" : "0";
    }
    if (Math.abs(value) < POWERS_OF_TEN_DOUBLE[digits] && value == (double) (long) value) {
      return Long.toString((long) value);
    }
    BigDecimal rounded =
        new BigDecimal(Math.abs(value)).round(SIGNIFICANT[digits]).stripTrailingZeros();
    String significant = rounded.unscaledValue().toString();
    int exponent = significant.length() - 1 - rounded.scale();
    StringBuilder out = new StringBuilder(24);
    if (value < 0) {
      out.append('-');
    }
    if (exponent < -4 || exponent >= digits) {
      out.append(significant.charAt(0));
      if (significant.length() > 1) {
        out.append('.').append(significant, 1, significant.length());
      }
      int magnitude = Math.abs(exponent);
      out.append('e').append(exponent < 0 ? '-' : '+');
      if (magnitude < 10) {
        out.append('0');
      }
      return out.append(magnitude).toString();
    }
    if (exponent < 0) {
      return out.append("0.").append("0".repeat(-exponent - 1)).append(significant).toString();
    }
    if (significant.length() <= exponent + 1) {
      return out.append(significant)
          .append("0".repeat(exponent + 1 - significant.length()))
          .toString();
    }
    return out.append(significant, 0, exponent + 1)
        .append('.')
        .append(significant, exponent + 1, significant.length())
        .toString();
  }

  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return 1.0 / value < 0 ? "-0" : "0";
    }
    if (value >= -INTEGER_RANGE && value <= INTEGER_RANGE && value == (double) (long) value) {
      return Long.toString((long) value);
    }
    byte[] digits = new byte[18];
    int[] decimalExponent = new int[1];
    int count = grisu2(Math.abs(value), digits, decimalExponent);
    return layout(digits, count, decimalExponent[0], value < 0);
  }

  /** The significand of {@code value} as it would be in [2^63, 2^64) and its binary exponent. */
  private record Fp(long significand, int exponent) {
    /** The upper 64 bits of the 128-bit product, rounded as Grisu's reference code rounds. */
    Fp times(Fp other) {
      long a = significand;
      long b = other.significand;
      long lowMask = 0xFFFF_FFFFL;
      long aHigh = a >>> 32;
      long aLow = a & lowMask;
      long bHigh = b >>> 32;
      long bLow = b & lowMask;
      long highLow = aHigh * bLow;
      long lowHigh = aLow * bHigh;
      long lowLow = aLow * bLow;
      long highHigh = aHigh * bHigh;
      long middle = (highLow & lowMask) + (lowHigh & lowMask) + (lowLow >>> 32) + (1L << 31);
      long product = highHigh + (highLow >>> 32) + (lowHigh >>> 32) + (middle >>> 32);
      return new Fp(product, exponent + other.exponent + 64);
    }
  }

  /**
   * Writes the decimal digits of positive, finite, non-zero {@code value} into {@code digits} and
   * returns how many; the value is {@code digits * 10^decimalExponent[0]}.
   */
  private static int grisu2(double value, byte[] digits, int[] decimalExponent) {
    long bits = Double.doubleToRawLongBits(value);
    long fraction = bits & FRACTION_MASK;
    int biased = (int) ((bits >>> 52) & 0x7FF);
    long significand;
    int exponent;
    if (biased != 0) {
      significand = fraction + HIDDEN_BIT;
      exponent = biased - EXPONENT_BIAS;
    } else {
      significand = fraction;
      exponent = 1 - EXPONENT_BIAS;
    }

    // The boundaries halfway to the neighbouring doubles, with a common exponent; the lower one
    // is closer when the significand is a power of two (the gap below is half the gap above).
    long upper = (significand << 1) + 1;
    int upperExponent = exponent - 1;
    while ((upper & (HIDDEN_BIT << 1)) == 0) {
      upper <<= 1;
      upperExponent--;
    }
    upper <<= 64 - 52 - 2;
    upperExponent -= 64 - 52 - 2;
    int lowerShift = significand == HIDDEN_BIT ? 2 : 1;
    long lower = (significand << lowerShift) - 1;
    int lowerExponent = exponent - lowerShift;
    lower <<= lowerExponent - upperExponent;

    long normalized = significand;
    int normalizedExponent = exponent;
    while ((normalized & HIDDEN_BIT) == 0) {
      normalized <<= 1;
      normalizedExponent--;
    }
    normalized <<= 64 - 52 - 1;
    normalizedExponent -= 64 - 52 - 1;

    int index = cachedPowerIndex(upperExponent);
    Fp power = new Fp(POWER_SIGNIFICANDS[index], POWER_EXPONENTS[index]);
    Fp scaled = new Fp(normalized, normalizedExponent).times(power);
    Fp scaledUpper = new Fp(upper, upperExponent).times(power);
    Fp scaledLower = new Fp(lower, upperExponent).times(power);
    // Stay strictly inside the rounding interval: the scaling is off by up to one unit.
    long high = scaledUpper.significand() - 1;
    long low = scaledLower.significand() + 1;
    decimalExponent[0] = -(FIRST_POWER + index * POWER_STEP);
    return generateDigits(
        scaled.significand(), high, low, scaledUpper.exponent(), digits, decimalExponent);
  }

  /** The cached power that brings {@code binaryExponent} into Grisu2's target window. */
  private static int cachedPowerIndex(int binaryExponent) {
    int approximate = (int) (-(binaryExponent + POWER_COUNT) * 0.30102999566398114);
    int index = (approximate - FIRST_POWER) / POWER_STEP;
    while (true) {
      int scaledExponent = binaryExponent + POWER_EXPONENTS[index] + 64;
      if (scaledExponent < MIN_TARGET_EXPONENT) {
        index++;
      } else if (scaledExponent > MAX_TARGET_EXPONENT) {
        index--;
      } else {
        return index;
      }
    }
  }

  /**
   * Emits digits of {@code high} (the scaled upper boundary) until what is left is within the
   * interval's width, then nudges the last digit towards {@code value} while that stays inside.
   */
  private static int generateDigits(
      long value, long high, long low, int exponent, byte[] digits, int[] decimalExponent) {
    long distanceToValue = high - value;
    long delta = high - low;
    int shift = -exponent;
    long one = 1L << shift;
    long integral = high >>> shift;
    long fractional = high & (one - 1);

    int count = 0;
    int kappa = 10;
    for (int divisorIndex = 10; kappa > 0; divisorIndex++) {
      long divisor = POWERS_OF_TEN[19 - divisorIndex];
      int digit = (int) (integral / divisor);
      if (digit != 0 || count != 0) {
        digits[count++] = (byte) ('0' + digit);
      }
      integral -= digit * divisor;
      kappa--;
      long rest = (integral << shift) + fractional;
      if (Long.compareUnsigned(rest, delta) <= 0) {
        decimalExponent[0] += kappa;
        roundLastDigit(digits, count, delta, rest, divisor << shift, distanceToValue);
        return count;
      }
    }

    int unitPower = 1;
    while (true) {
      fractional *= 10;
      delta *= 10;
      kappa--;
      int digit = (int) (fractional >>> shift);
      if (digit != 0 || count != 0) {
        digits[count++] = (byte) ('0' + digit);
      }
      fractional &= one - 1;
      if (Long.compareUnsigned(fractional, delta) < 0) {
        decimalExponent[0] += kappa;
        roundLastDigit(
            digits, count, delta, fractional, one, distanceToValue * POWERS_OF_TEN[unitPower]);
        return count;
      }
      unitPower++;
    }
  }

  /** Grisu's "weeding": lowers the last digit while that brings the number closer to the value. */
  private static void roundLastDigit(
      byte[] digits, int count, long delta, long rest, long step, long distance) {
    while (Long.compareUnsigned(rest, distance) < 0
        && Long.compareUnsigned(delta - rest, step) >= 0
        && (Long.compareUnsigned(rest + step, distance) < 0
            || Long.compareUnsigned(distance - rest, rest + step - distance) > 0)) {
      digits[count - 1]--;
      rest += step;
    }
  }

  /** Places the digits as {@code fpconv} does: integer, plain decimal, or with an exponent. */
  private static String layout(byte[] digits, int count, int decimalExponent, boolean negative) {
    StringBuilder out = new StringBuilder(26);
    if (negative) {
      out.append('-');
    }
    int exponent = Math.abs(decimalExponent + count - 1);
    if (decimalExponent >= 0 && exponent < count + 7) {
      appendDigits(out, digits, 0, count);
      out.append("0".repeat(decimalExponent));
      return out.toString();
    }
    if (decimalExponent < 0 && (decimalExponent > -7 || exponent < 4)) {
      int integerDigits = count + decimalExponent;
      if (integerDigits <= 0) {
        out.append("0.").append("0".repeat(-integerDigits));
        appendDigits(out, digits, 0, count);
      } else {
        appendDigits(out, digits, 0, integerDigits);
        out.append('.');
        appendDigits(out, digits, integerDigits, count);
      }
      return out.toString();
    }
    int shown = Math.min(count, negative ? 17 : 18);
    out.append((char) digits[0]);
    if (shown > 1) {
      out.append('.');
      appendDigits(out, digits, 1, shown);
    }
    out.append('e').append(decimalExponent + shown - 1 < 0 ? '-' : '+').append(exponent);
    return out.toString();
  }

  private static void appendDigits(StringBuilder out, byte[] digits, int from, int to) {
    for (int i = from; i < to; i++) {
      out.append((char) digits[i]);
    }
  }
}
