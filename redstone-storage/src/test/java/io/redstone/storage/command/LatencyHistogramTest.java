package io.redstone.storage.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void bucketsCoverEveryValueInOrderWithBoundsAboveTheirValues() {
    int previous = 0;
    for (long nanos :
        new long[] {
          0,
          1,
          63,
          64,
          79,
          80,
          1_000,
          1_023,
          1_024,
          1_000_000,
          (1L << 42) - 1,
          1L << 42,
          Long.MAX_VALUE
        }) {
      int bucket = LatencyHistogram.bucketOf(nanos);
      assertThat(bucket).isBetween(previous, LatencyHistogram.BUCKETS - 1);
      assertThat(LatencyHistogram.upperBound(bucket))
          .isGreaterThan(Math.min(nanos, Long.MAX_VALUE - 1));
      if (bucket > 0) {
        assertThat(LatencyHistogram.upperBound(bucket - 1)).isLessThanOrEqualTo(nanos);
      }
      previous = bucket;
    }
  }

  @Test
  void boundsStrictlyIncreaseAndPowersOfTwoAreBounds() {
    for (int b = 1; b < LatencyHistogram.BUCKETS; b++) {
      assertThat(LatencyHistogram.upperBound(b)).isGreaterThan(LatencyHistogram.upperBound(b - 1));
    }
    assertThat(LatencyHistogram.upperBound(LatencyHistogram.bucketOf(1023))).isEqualTo(1024);
    assertThat(LatencyHistogram.upperBound(LatencyHistogram.bucketOf(1024))).isEqualTo(1280);
  }

  @Test
  void percentilesAndCountsFollowTheRecordedValues() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < 99; i++) {
      histogram.record(1_000); // 1 us, bucket [896, 1024)
    }
    histogram.record(5_000_000); // 5 ms, bucket [4194304, 5242880)

    assertThat(histogram.count()).isEqualTo(100);
    assertThat(histogram.sumNanos()).isEqualTo(99 * 1_000L + 5_000_000L);
    assertThat(histogram.percentileNanos(50)).isEqualTo(1024);
    assertThat(histogram.percentileNanos(99)).isEqualTo(1024);
    assertThat(histogram.percentileNanos(99.9)).isEqualTo(5_242_880);
    assertThat(histogram.countAtOrBelow(1024)).isEqualTo(99);
    assertThat(histogram.countAtOrBelow(1023)).isEqualTo(0);
    assertThat(histogram.countAtOrBelow(Long.MAX_VALUE)).isEqualTo(100);
    assertThat(histogram.countsAtOrBelow(new long[] {1023, 1024, 5_000_000, 5_242_880}))
        .containsExactly(0, 99, 99, 100);

    histogram.reset();
    assertThat(histogram.count()).isZero();
    assertThat(histogram.percentileNanos(50)).isZero();
    assertThat(histogram.countAtOrBelow(Long.MAX_VALUE)).isZero();
  }
}
