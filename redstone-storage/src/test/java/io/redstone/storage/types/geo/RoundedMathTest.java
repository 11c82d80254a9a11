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

  /** Within half an ulp of the true value, by a slow series in BigDecimal. */
  @Test
  void sinIsRoundedToNearest() {
    SplittableRandom random = new SplittableRandom(3);
    MathContext context = new MathContext(60);
    for (int i = 0; i < 200; i++) {
      double x = random.nextDouble(-Math.PI, Math.PI);
      BigDecimal exact = BigDecimal.ZERO;
      BigDecimal term = new BigDecimal(x);
      BigDecimal square = term.multiply(term, context);
      for (int k = 1; k < 60; k++) {
        exact = exact.add(term, context);
        term =
            term.multiply(square, context)
                .divide(BigDecimal.valueOf(-(2L * k) * (2L * k + 1)), context);
      }
      double got = RoundedMath.sin(x);
      BigDecimal error = new BigDecimal(got).subtract(exact, context).abs();
      assertThat(error).isLessThanOrEqualTo(new BigDecimal(Math.ulp(got) / 2));
    }
  }
}
