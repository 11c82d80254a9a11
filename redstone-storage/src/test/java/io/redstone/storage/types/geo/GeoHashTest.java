package io.redstone.storage.types.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.types.geo.GeoHash.Area;
import io.redstone.storage.types.geo.GeoHash.Cell;
import io.redstone.storage.types.geo.GeoHash.Position;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Scores and positions checked against what Redis 7.0.15 stores and answers for them. */
class GeoHashTest {
  @Test
  void scoresAreRedissFiftyTwoBitHashes() {
    assertThat(GeoHash.score(13.361389, 38.115556)).isEqualTo(3479099956230698L);
    assertThat(GeoHash.score(15.087269, 37.502669)).isEqualTo(3479447370796909L);
    assertThat(GeoHash.score(-180, -85.05112878)).isZero();
    assertThat(GeoHash.score(0, 0)).isEqualTo(3377699720527872L);
  }

  @Test
  void theUpperEdgesOverflowIntoTheBitsAboveTheHashAsInRedis() {
    // Longitude 180 and latitude 85.05112878 are cell number 2^26 of each axis.
    assertThat(GeoHash.score(180, 85.05112878)).isEqualTo(13510798882111488L);
    assertThat(GeoHash.score(180, 85.05112878)).isGreaterThan(1L << 52);
  }

  @Test
  void aScoreDecodesToItsCellsCentreWithinTheLimits() {
    Position palermo = GeoHash.decodeScore(3479099956230698.0);
    assertThat(GeoFormat.coordinate(palermo.longitude())).isEqualTo("13.36138933897018433");
    assertThat(GeoFormat.coordinate(palermo.latitude())).isEqualTo("38.11555639549629859");
    Position corner = GeoHash.decodeScore(13510798882111488.0);
    assertThat(corner.longitude()).isEqualTo(180);
    assertThat(corner.latitude()).isEqualTo(85.05112878);
  }

  @Test
  void scoresNoGeoaddWroteDecodeAsCsConversionToUnsignedMakesThem() {
    assertThat(GeoHash.scoreBits(-1)).isEqualTo(-1L);
    assertThat(GeoHash.scoreBits(1.5)).isEqualTo(1L);
    assertThat(GeoHash.scoreBits(1e19)).isEqualTo(Long.parseUnsignedLong("10000000000000000000"));
    assertThat(GeoHash.scoreBits(1e300)).isZero();
    assertThat(GeoHash.scoreBits(Double.NEGATIVE_INFINITY)).isEqualTo(Long.MIN_VALUE);
    assertThat(GeoHash.truncateLikeX86(1e19)).isEqualTo(Long.MIN_VALUE);
    assertThat(GeoHash.truncateLikeX86(-2.9)).isEqualTo(-2L);
  }

  @Test
  void positionsOutsideTheLimitsHaveNoCell() {
    assertThat(GeoHash.encode(180.0000001, 0, 26)).isNull();
    assertThat(GeoHash.encode(0, -85.05112879, 26)).isNull();
    assertThat(GeoHash.encode(0, 90, 26)).isNull();
    assertThat(GeoHash.encode(0, 89, 26, -180, 180, -90, 90)).isNull();
  }

  @Test
  void interleavingRoundTrips() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      long even = random.nextLong() & 0xFFFFFFFFL;
      long odd = random.nextLong() & 0xFFFFFFFFL;
      long bits = GeoHash.interleave(even, odd);
      assertThat(bits & 1).isEqualTo(even & 1);
      assertThat((bits >>> 1) & 1).isEqualTo(odd & 1);
      assertThat(GeoHash.deinterleave(bits)).isEqualTo(even | (odd << 32));
    }
  }

  @Test
  void aCellHoldsThePositionItWasEncodedFrom() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 1000; i++) {
      double longitude = random.nextDouble(-180, 180);
      double latitude = random.nextDouble(-85, 85);
      int step = 1 + random.nextInt(26);
      Area area = GeoHash.decode(GeoHash.encode(longitude, latitude, step));
      assertThat(longitude).isBetween(area.longitudeMin(), area.longitudeMax());
      assertThat(latitude).isBetween(area.latitudeMin(), area.latitudeMax());
    }
  }

  @Test
  void movingOffOneEdgeWrapsToTheOther() {
    Cell east = GeoHash.encode(179.9, 0, 10);
    Area wrapped = GeoHash.decode(GeoHash.move(east, 1, 0));
    assertThat(wrapped.longitudeMin()).isEqualTo(-180);
    Area back = GeoHash.decode(GeoHash.move(GeoHash.move(east, 1, 0), -1, 0));
    assertThat(back).isEqualTo(GeoHash.decode(east));
    Cell north = GeoHash.encode(10, 85, 10);
    Area up = GeoHash.decode(GeoHash.move(north, 0, 1));
    assertThat(up.latitudeMin()).isEqualTo(GeoHash.LAT_MIN);
  }

  @Test
  void theStepShrinksWithTheReachAndTowardsThePoles() {
    assertThat(SearchCells.estimateStep(0, 0)).isEqualTo(26);
    assertThat(SearchCells.estimateStep(1, 0)).isEqualTo(24);
    assertThat(SearchCells.estimateStep(1000, 0)).isEqualTo(14);
    assertThat(SearchCells.estimateStep(1000, 70)).isEqualTo(13);
    assertThat(SearchCells.estimateStep(1000, -81)).isEqualTo(12);
    assertThat(SearchCells.estimateStep(5e7, 0)).isEqualTo(1);
  }
}
