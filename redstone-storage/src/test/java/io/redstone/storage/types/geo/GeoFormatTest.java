package io.redstone.storage.types.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeoFormatTest {
  @Test
  void distancesHaveFourDecimalsRoundedHalfToEven() {
    assertThat(GeoFormat.distance(166274.15156960033)).isEqualTo("166274.1516");
    assertThat(GeoFormat.distance(0)).isEqualTo("0.0000");
    assertThat(GeoFormat.distance(12.3)).isEqualTo("12.3000");
    assertThat(GeoFormat.distance(0.0005)).isEqualTo("0.0005");
    assertThat(GeoFormat.distance(0.00005)).isEqualTo("0.0000");
    // The scaled values are 2.5 and 7.5 exactly, and 1.4999999999999998.
    assertThat(GeoFormat.distance(0.00025)).isEqualTo("0.0002");
    assertThat(GeoFormat.distance(0.00075)).isEqualTo("0.0008");
    assertThat(GeoFormat.distance(0.00015)).isEqualTo("0.0001");
    assertThat(GeoFormat.distance(20037726.0)).isEqualTo("20037726.0000");
  }

  @Test
  void coordinatesHaveUpToSeventeenDecimalsWithoutTrailingZeros() {
    assertThat(GeoFormat.coordinate(180)).isEqualTo("180");
    assertThat(GeoFormat.coordinate(-0.0)).isEqualTo("0");
    assertThat(GeoFormat.coordinate(-1e-30)).isEqualTo("0");
    assertThat(GeoFormat.coordinate(85.05112878)).isEqualTo("85.0511287799999991");
    assertThat(GeoFormat.coordinate(0.5)).isEqualTo("0.5");
    assertThat(GeoFormat.coordinate(-179.99999731779099)).isEqualTo("-179.99999731779098511");
  }

  @Test
  void errorsPrintCoordinatesAsCsPercentF() {
    assertThat(GeoFormat.sixDecimals(200)).isEqualTo("200.000000");
    assertThat(GeoFormat.sixDecimals(-0.0000001)).isEqualTo("-0.000000");
    assertThat(GeoFormat.sixDecimals(-0.0)).isEqualTo("-0.000000");
    assertThat(GeoFormat.sixDecimals(0.0078125)).isEqualTo("0.007812");
    assertThat(GeoFormat.sixDecimals(-85.05112879)).isEqualTo("-85.051129");
    assertThat(GeoFormat.sixDecimals(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(GeoFormat.sixDecimals(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
  }
}
