package io.redstone.storage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The C {@code long double} of x86-64 Linux (x87 80-bit extended precision: a 64-bit significand,
 * values below 2^16384, subnormals down to 2^-16445), as much of it as INCRBYFLOAT needs: Redis
 * parses both operands with {@code strtold}, adds them in extended precision and prints the sum
 * with {@code %.17Lf}. A Java {@code double} gives different digits ({@code 10.5 + 0.1} prints as
 * {@code 10.59999999999999964} in double but {@code 10.6} in extended precision), so the arithmetic
 * is emulated exactly: values are kept as {@code significand * 2^exponent} and every result is
 * rounded to nearest, ties to even, as the FPU does.
 *
 * <p>Immutable. A finite value, or an infinity or NaN produced by arithmetic or parsed from {@code
 * inf}.
 */
public final class LongDouble {
  /** Significand bits of the x87 format, the explicit integer bit included. */
  private static final int PRECISION = 64;

  /** Exponent of the least significant bit of the smallest subnormal. */
  private static final int MIN_EXPONENT = -16445;

  /** Every finite value is below 2^MAX_MAGNITUDE. */
  private static final int MAX_MAGNITUDE = 16384;

  /** Redis's {@code MAX_LONG_DOUBLE_CHARS}: longer input is refused before parsing. */
  private static final int MAX_CHARS = 5 * 1024;

  public static final LongDouble ZERO = new LongDouble(false, BigInteger.ZERO, 0, Kind.FINITE);

  private enum Kind {
    FINITE,
    INFINITE,
    NAN
  }

  private final boolean negative;

  /** Below 2^64; zero for a zero. */
  private final BigInteger significand;

  private final int exponent;
  private final Kind kind;

  private LongDouble(boolean negative, BigInteger significand, int exponent, Kind kind) {
    this.negative = negative;
    this.significand = significand;
    this.exponent = exponent;
    this.kind = kind;
  }

  public boolean isFinite() {
    return kind == Kind.FINITE;
  }

  /**
   * Parses as Redis's {@code string2ld}: {@code strtold} over the whole argument (decimal,
   * hexadecimal {@code 0x1p3}, {@code inf}/{@code infinity}, any case, optional sign), refusing
   * leading white space, trailing garbage, NaN, and results that overflowed to infinity or
   * underflowed to zero. Returns null when refused.
   */
  public static LongDouble parse(byte[] raw) {
    if (raw.length == 0 || raw.length >= MAX_CHARS) {
      return null;
    }
    if (isSpace(raw[0])) {
      return null;
    }
    // A NUL byte is never part of a number, so a value holding one is refused as trailing garbage.
    return new Parser(raw, raw.length).parse();
  }

  /**
   * {@code (long long) ceill(value * factor)} as Redis computes it on x86-64: the product rounded
   * to extended precision, its ceiling, and a value outside the 64-bit range (or an infinite one)
   * converted to {@link Long#MIN_VALUE}, x87's "integer indefinite". Blocking timeouts are read
   * this way.
   */
  public long timesCeiling(long factor) {
    if (kind != Kind.FINITE) {
      return Long.MIN_VALUE;
    }
    if (significand.signum() == 0) {
      return 0;
    }
    LongDouble product =
        round(
            factor < 0 != negative,
            significand.multiply(BigInteger.valueOf(Math.abs(factor))),
            exponent,
            false);
    if (product.kind != Kind.FINITE) {
      return Long.MIN_VALUE;
    }
    BigInteger magnitude;
    if (product.exponent >= 0) {
      magnitude = product.significand.shiftLeft(product.exponent);
    } else {
      magnitude = product.significand.shiftRight(-product.exponent);
      boolean fraction = product.significand.getLowestSetBit() < -product.exponent;
      if (fraction && !product.negative) {
        magnitude = magnitude.add(BigInteger.ONE);
      }
    }
    BigInteger whole = product.negative ? magnitude.negate() : magnitude;
    return whole.bitLength() < 64 ? whole.longValue() : Long.MIN_VALUE;
  }

  /** The sum rounded to extended precision; may be infinite or NaN. */
  public LongDouble add(LongDouble other) {
    if (kind == Kind.NAN || other.kind == Kind.NAN) {
      return nan();
    }
    if (kind == Kind.INFINITE || other.kind == Kind.INFINITE) {
      if (kind == Kind.INFINITE && other.kind == Kind.INFINITE && negative != other.negative) {
        return nan();
      }
      return kind == Kind.INFINITE ? this : other;
    }
    if (significand.signum() == 0 && other.significand.signum() == 0) {
      // Round to nearest: -0 + -0 is -0, every other sum of zeros is +0.
      return negative && other.negative ? this : ZERO;
    }
    int common = Math.min(exponent, other.exponent);
    BigInteger a = signed(significand.shiftLeft(exponent - common), negative);
    BigInteger b = signed(other.significand.shiftLeft(other.exponent - common), other.negative);
    BigInteger sum = a.add(b);
    if (sum.signum() == 0) {
      return ZERO;
    }
    return round(sum.signum() < 0, sum.abs(), common, false);
  }

  /**
   * Redis's human-friendly long double text ({@code ld2string} with {@code LD_STR_HUMAN}): {@code
   * %.17Lf}, then trailing zeros and a trailing point removed, and {@code -0} shown as {@code 0}.
   * Finite values only.
   */
  public String toHumanString() {
    if (kind != Kind.FINITE) {
      throw new IllegalStateException("not finite");
    }
    BigDecimal magnitude =
        exponent >= 0
            ? new BigDecimal(significand.shiftLeft(exponent))
            : new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
    String digits = magnitude.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
    int length = digits.length();
    while (digits.charAt(length - 1) == '0') {
      length--;
    }
    if (digits.charAt(length - 1) == '.') {
      length--;
    }
    String text = digits.substring(0, length);
    return negative && !text.equals("0") ? "-" + text : text;
  }

  private static LongDouble nan() {
    return new LongDouble(false, BigInteger.ZERO, 0, Kind.NAN);
  }

  private static LongDouble infinity(boolean negative) {
    return new LongDouble(negative, BigInteger.ZERO, 0, Kind.INFINITE);
  }

  private static BigInteger signed(BigInteger magnitude, boolean negative) {
    return negative ? magnitude.negate() : magnitude;
  }

  /**
   * Rounds {@code (magnitude + f) * 2^exp}, where {@code 0 < f < 1} if {@code inexact} and {@code f
   * = 0} otherwise, to the nearest extended value, ties to even.
   */
  static LongDouble round(boolean negative, BigInteger magnitude, int exp, boolean inexact) {
    if (magnitude.signum() == 0 && !inexact) {
      return new LongDouble(negative, BigInteger.ZERO, 0, Kind.FINITE);
    }
    int drop = Math.max(magnitude.bitLength() - PRECISION, MIN_EXPONENT - exp);
    if (inexact && drop < 2) {
      // Make room for a guard bit below the kept bits, so the sticky part is strictly below it.
      magnitude = magnitude.shiftLeft(2 - drop);
      exp -= 2 - drop;
      drop = 2;
    }
    if (drop > 0) {
      BigInteger kept = magnitude.shiftRight(drop);
      BigInteger rest = magnitude.subtract(kept.shiftLeft(drop));
      int vsHalf = rest.compareTo(BigInteger.ONE.shiftLeft(drop - 1));
      boolean up = vsHalf > 0 || (vsHalf == 0 && (inexact || kept.testBit(0)));
      magnitude = up ? kept.add(BigInteger.ONE) : kept;
      exp += drop;
      if (magnitude.bitLength() > PRECISION) {
        magnitude = magnitude.shiftRight(1);
        exp++;
      }
    }
    if (magnitude.signum() == 0) {
      return new LongDouble(negative, BigInteger.ZERO, 0, Kind.FINITE);
    }
    if (magnitude.bitLength() + exp > MAX_MAGNITUDE) {
      return infinity(negative);
    }
    return new LongDouble(negative, magnitude, exp, Kind.FINITE);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
  }

  /** One {@code strtold} pass that must consume all of {@code text[0, end)}. */
  private static final class Parser {
    /** Decimal exponents beyond these are certain to overflow or underflow. */
    private static final int DECIMAL_OVERFLOW = 4940;

    private static final int DECIMAL_UNDERFLOW = -4960;

    private final byte[] text;
    private final int end;
    private int pos;

    Parser(byte[] text, int end) {
      this.text = text;
      this.end = end;
    }

    LongDouble parse() {
      boolean negative = false;
      if (text[pos] == '+' || text[pos] == '-') {
        negative = text[pos] == '-';
        pos++;
      }
      LongDouble value;
      if (matchWord("infinity") || matchWord("inf")) {
        value = infinity(negative);
      } else if (matchWord("nan")) {
        return null;
      } else if (pos + 1 < end
          && text[pos] == '0'
          && (text[pos + 1] == 'x' || text[pos + 1] == 'X')
          && startsHexDigits(pos + 2)) {
        pos += 2;
        value = hex(negative);
      } else {
        value = decimal(negative);
      }
      return value != null && pos == end ? value : null;
    }

    private boolean matchWord(String word) {
      if (end - pos < word.length()) {
        return false;
      }
      for (int i = 0; i < word.length(); i++) {
        if (Character.toLowerCase(text[pos + i]) != word.charAt(i)) {
          return false;
        }
      }
      pos += word.length();
      return true;
    }

    /** Whether a hexadecimal significand starts at i ({@code 1}, {@code .8}), as strtold needs. */
    private boolean startsHexDigits(int i) {
      if (i < end && Character.digit(text[i], 16) >= 0) {
        return true;
      }
      return i + 1 < end && text[i] == '.' && Character.digit(text[i + 1], 16) >= 0;
    }

    private LongDouble decimal(boolean negative) {
      StringBuilder digits = new StringBuilder();
      int fractionDigits = 0;
      boolean any = false;
      while (pos < end && isDigit(text[pos])) {
        digits.append((char) text[pos++]);
        any = true;
      }
      if (pos < end && text[pos] == '.') {
        pos++;
        while (pos < end && isDigit(text[pos])) {
          digits.append((char) text[pos++]);
          fractionDigits++;
          any = true;
        }
      }
      if (!any) {
        return null;
      }
      long exponent = optionalExponent('e', 'E') - fractionDigits;
      BigInteger mantissa = new BigInteger(digits.toString());
      if (mantissa.signum() == 0) {
        return new LongDouble(negative, BigInteger.ZERO, 0, Kind.FINITE);
      }
      long magnitude = mantissa.toString().length() - 1 + exponent;
      if (magnitude > DECIMAL_OVERFLOW) {
        return null; // ERANGE with HUGE_VALL: refused
      }
      if (magnitude < DECIMAL_UNDERFLOW) {
        return null; // ERANGE with zero: refused
      }
      LongDouble value;
      if (exponent >= 0) {
        value = round(negative, mantissa.multiply(BigInteger.TEN.pow((int) exponent)), 0, false);
      } else {
        BigInteger divisor = BigInteger.TEN.pow((int) -exponent);
        int shift = Math.max(0, PRECISION + 2 + divisor.bitLength() - mantissa.bitLength());
        BigInteger[] qr = mantissa.shiftLeft(shift).divideAndRemainder(divisor);
        value = round(negative, qr[0], -shift, qr[1].signum() != 0);
      }
      return refuseRangeErrors(value);
    }

    private LongDouble hex(boolean negative) {
      BigInteger mantissa = BigInteger.ZERO;
      long binaryExponent = 0;
      while (pos < end && Character.digit(text[pos], 16) >= 0) {
        mantissa = appendHexDigit(mantissa, text[pos++]);
      }
      if (pos < end && text[pos] == '.') {
        pos++;
        while (pos < end && Character.digit(text[pos], 16) >= 0) {
          mantissa = appendHexDigit(mantissa, text[pos++]);
          binaryExponent -= 4;
        }
      }
      binaryExponent += optionalExponent('p', 'P');
      if (mantissa.signum() == 0) {
        return new LongDouble(negative, BigInteger.ZERO, 0, Kind.FINITE);
      }
      long magnitude = mantissa.bitLength() + binaryExponent;
      if (magnitude > MAX_MAGNITUDE + 1 || magnitude < MIN_EXPONENT - 2) {
        return null;
      }
      return refuseRangeErrors(round(negative, mantissa, (int) binaryExponent, false));
    }

    private static BigInteger appendHexDigit(BigInteger mantissa, byte digit) {
      return mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(digit, 16)));
    }

    /** An exponent part, if one follows; strtold leaves an incomplete one ({@code 1e+}) unread. */
    private long optionalExponent(char lower, char upper) {
      if (pos >= end || (text[pos] != lower && text[pos] != upper)) {
        return 0;
      }
      int i = pos + 1;
      boolean negative = false;
      if (i < end && (text[i] == '+' || text[i] == '-')) {
        negative = text[i] == '-';
        i++;
      }
      if (i >= end || !isDigit(text[i])) {
        return 0;
      }
      long value = 0;
      while (i < end && isDigit(text[i])) {
        // Saturate: any exponent this large is out of range either way.
        value = Math.min(value * 10 + (text[i] - '0'), 1_000_000_000L);
        i++;
      }
      pos = i;
      return negative ? -value : value;
    }

    /** string2ld refuses overflow to infinity and underflow to zero (both ERANGE). */
    private static LongDouble refuseRangeErrors(LongDouble value) {
      if (value.kind == Kind.INFINITE || value.significand.signum() == 0) {
        return null;
      }
      return value;
    }

    private static boolean isDigit(byte b) {
      return b >= '0' && b <= '9';
    }
  }
}
