package io.redstone.storage.types.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoundedMathTest {
  private static double hex(String text) {
    return Double.parseDouble(text);
  }

  /** Inputs where fdlibm's last bit differs from glibc's; the expected values are glibc's. */
  @Test
  void agreesWithTheCLibraryWhereStrictMathDoesNot() {
    assertThat(RoundedMath.sin(hex("-0x1.260fcd1050124p+1")))
        .isEqualTo(hex("-0x1.7eb386f94ed3fp-1"));
    assertThat(StrictMath.sin(hex("-0x1.260fcd1050124p+1")))
        .isNotEqualTo(hex("-0x1.7eb386f94ed3fp-1"));
    assertThat(RoundedMath.sin(hex("0x1.1b3a322b13dbep+1"))).isEqualTo(hex("0x1.9a1608bf6a1f6p-1"));
    assertThat(RoundedMath.cos(hex("0x1.11ad92d1eb708p-1"))).isEqualTo(hex("0x1.b894b335f6872p-1"));
    assertThat(StrictMath.cos(hex("0x1.11ad92d1eb708p-1")))
        .isNotEqualTo(hex("0x1.b894b335f6872p-1"));
    assertThat(RoundedMath.cos(hex("-0x1.f5e66e5d85f3ap-1")))
        .isEqualTo(hex("0x1.1d1444019d901p-1"));
    assertThat(RoundedMath.asin(hex("0x1.86499331191c5p-1")))
        .isEqualTo(hex("0x1.bbd0f4b9b0c7bp-1"));
    assertThat(StrictMath.asin(hex("0x1.86499331191c5p-1")))
        .isNotEqualTo(hex("0x1.bbd0f4b9b0c7bp-1"));
    assertThat(RoundedMath.asin(hex("0x1.087fbb5cdaa51p-1")))
        .isEqualTo(hex("0x1.15f3ac1fdf359p-1"));
  }

  @Test
  void edgeValuesAreTheLibrarys() {
    assertThat(RoundedMath.sin(0.0)).isEqualTo(0.0);
    assertThat(1 / RoundedMath.sin(-0.0)).isNegative();
    assertThat(RoundedMath.cos(0)).isEqualTo(1);
    assertThat(RoundedMath.asin(0)).isEqualTo(0);
    assertThat(RoundedMath.asin(1)).isEqualTo(StrictMath.asin(1));
    assertThat(RoundedMath.asin(Math.nextUp(1.0))).isNaN();
  }

  private static final MathContext DIGITS = new MathContext(60);

  /** sin or cos of the exact value of {@code x}, to 60 digits, by its Taylor series. */
  private static BigDecimal exact(BigDecimal x, boolean cosine) {
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal term = cosine ? BigDecimal.ONE : x;
    BigDecimal square = x.multiply(x, DIGITS);
    for (int k = 1; k < 80; k++) {
      sum = sum.add(term, DIGITS);
      long n = cosine ? 2L * k - 1 : 2L * k;
      term = term.multiply(square, DIGITS).divide(BigDecimal.valueOf(-n * (n + 1)), DIGITS);
    }
    return sum;
  }

  private static void assertRoundedToNearest(double got, BigDecimal exact, String what) {
    BigDecimal error = new BigDecimal(got).subtract(exact, DIGITS).abs();
    assertThat(error).as(what).isLessThanOrEqualTo(new BigDecimal(Math.ulp(got) / 2));
  }

  /** Arguments over the whole range, and near its ends and the points where results are small. */
  private static double argument(SplittableRandom random, double max) {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextDouble(0, 1e-3);
      case 1 -> max - random.nextDouble(0, 1e-4);
      default -> random.nextDouble(-max, max);
    };
  }

  @Test
  void sinAndCosAreRoundedToNearest() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 300; i++) {
      double x = argument(random, Math.PI);
      assertRoundedToNearest(RoundedMath.sin(x), exact(new BigDecimal(x), false), "sin " + x);
      double y = argument(random, Math.PI / 2);
      assertRoundedToNearest(RoundedMath.cos(y), exact(new BigDecimal(y), true), "cos " + y);
    }
  }

  /** The true asin(x) lies within the result's rounding interval: x between the bounds' sines. */
  @Test
  void asinIsRoundedToNearest() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 300; i++) {
      double x = random.nextInt(3) == 0 ? 1 - random.nextDouble(0, 1e-6) : random.nextDouble();
      double y = RoundedMath.asin(x);
      BigDecimal value = new BigDecimal(y);
      BigDecimal low = value.add(new BigDecimal((Math.nextDown(y) - y) / 2));
      BigDecimal high = value.add(new BigDecimal((Math.nextUp(y) - y) / 2));
      BigDecimal target = new BigDecimal(x);
      assertThat(exact(low, false)).as("asin %s", x).isLessThanOrEqualTo(target);
      assertThat(exact(high, false)).as("asin %s", x).isGreaterThanOrEqualTo(target);
    }
  }
}
