package io.redstone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Redis 7.2 prints for doubles ({@code d2string}: integers within ±2^62, otherwise Grisu2
 * digits laid out by {@code fpconv_dtoa}). The expected texts were produced by Redis's own
 * algorithm; Redis 7.0 printed {@code %.17g} instead, so the Debian 7.0 server is no reference
 * here.
 */
class DoubleFormatTest {

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.5                      | 1.5",
        "3                        | 3",
        "-3                       | -3",
        "0.1                      | 0.1",
        "-0.5                     | -0.5",
        "0.30000000000000004      | 0.30000000000000004",
        "0.3333333333333333       | 0.3333333333333333",
        "123.456                  | 123.456",
        "100.5                    | 100.5",
        "4.35                     | 4.35",
        "12345678.9               | 12345678.9",
        "1e20                     | 1e+20",
        "1e21                     | 1e+21",
        "-1e300                   | -1e+300",
        "1.7976931348623157e308   | 1.7976931348623157e+308",
        "1.2345678901234566e25    | 1.2345678901234566e+25",
        "0.000015                 | 0.000015",
        "3e-5                     | 0.00003",
        "2.5e-4                   | 0.00025",
        "1e-6                     | 0.000001",
        "1e-7                     | 1e-7",
        "5e-7                     | 5e-7",
        "1.5e-7                   | 1.5e-7",
        "-2.5e-10                 | -2.5e-10",
        "2.2250738585072014e-308  | 2.2250738585072014e-308",
        "4.9e-324                 | 5e-324",
      })
  void printsLikeRedis72(double value, String expected) {
    assertThat(DoubleFormat.format(value)).isEqualTo(expected);
  }

  /** Checked against redis-server 7.0.15 (ZADD then ZSCORE) and C's printf("%.17g"). */
  @ParameterizedTest(name = "{0} prints as {1} in Redis 7.0")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.5                      | 1.5",
        "3                        | 3",
        "-3                       | -3",
        "0.1                      | 0.10000000000000001",
        "0.30000000000000004      | 0.30000000000000004",
        "123.456                  | 123.456",
        "1.5e-7                   | 1.4999999999999999e-07",
        "1e16                     | 10000000000000000",
        "1e17                     | 1e+17",
        "1e20                     | 1e+20",
        "-1e300                   | -1.0000000000000001e+300",
        "0.0001                   | 0.0001",
        "0.00001                  | 1.0000000000000001e-05",
        "1152921504606846976      | 1.152921504606847e+18",
        "99999999999999999        | 1e+17",
        "4.9e-324                 | 4.9406564584124654e-324",
        "1.7976931348623157e308   | 1.7976931348623157e+308",
      })
  void printsLikeRedis70(double value, String expected) {
    assertThat(DoubleFormat.formatG17(value)).isEqualTo(expected);
  }

  @Test
  void redis70SpecialValues() {
    assertThat(DoubleFormat.formatG17(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(DoubleFormat.formatG17(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    assertThat(DoubleFormat.formatG17(0.0)).isEqualTo("0");
    assertThat(DoubleFormat.formatG17(-0.0)).isEqualTo("-0");
  }

  @Test
  void redis70TextReadsBackAsTheSameDouble() {
    Random random = new Random(70);
    for (int i = 0; i < 20_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (!Double.isNaN(value) && !Double.isInfinite(value)) {
        assertThat(Double.parseDouble(DoubleFormat.formatG17(value))).isEqualTo(value);
      }
    }
  }

  @Test
  void integralValuesUpToTwoToThe62ArePrintedAsIntegers() {
    assertThat(DoubleFormat.format(1e16)).isEqualTo("10000000000000000");
    assertThat(DoubleFormat.format(1e17)).isEqualTo("100000000000000000");
    assertThat(DoubleFormat.format(0x1p53)).isEqualTo("9007199254740992");
    assertThat(DoubleFormat.format(0x1p62)).isEqualTo("4611686018427387904");
    assertThat(DoubleFormat.format(-0x1p62)).isEqualTo("-4611686018427387904");
    // Past 2^62 Grisu2 takes over: shortest digits, padded with zeros while the exponent is small.
    assertThat(DoubleFormat.format(0x1p63)).isEqualTo("9223372036854776000");
  }

  @Test
  void grisu2IsNotAlwaysShortestAndNeitherIsRedis() {
    // The true shortest text of 1e23 is "1e+23"; Grisu2, and so Redis 7.2, gives 16 nines.
    assertThat(DoubleFormat.format(1e23)).isEqualTo("99999999999999990000000");
  }

  @Test
  void specialValues() {
    assertThat(DoubleFormat.format(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(DoubleFormat.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    assertThat(DoubleFormat.format(Double.NaN)).isEqualTo("nan");
    assertThat(DoubleFormat.format(0.0)).isEqualTo("0");
    assertThat(DoubleFormat.format(-0.0)).isEqualTo("-0");
  }

  @Test
  void everyPrintedValueReadsBackAsTheSameDouble() {
    Random random = new Random(7);
    int checked = 0;
    for (int i = 0; i < 50_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        continue;
      }
      String text = DoubleFormat.format(value);
      // Up to 17 digits, 7 zeros of padding and a sign (wider than fpconv's own 24-byte buffer).
      if (Double.parseDouble(text) != value || text.indexOf('E') >= 0 || text.length() > 25) {
        throw new AssertionError(value + " printed as " + text);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(45_000);
  }
}
