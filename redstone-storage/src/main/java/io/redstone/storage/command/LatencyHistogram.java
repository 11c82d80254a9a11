package io.redstone.storage.command;

/**
 * Run times of one command, in buckets a quarter of a power of two wide (about 19% apart), from
 * under 64 ns to over an hour. Recording is two shifts and an array increment on the storage
 * thread, cheap enough for every call; readers on other threads (the metrics scrape) see plain
 * {@code long}s and may read a count one call behind, which a scrape tolerates.
 *
 * <p>One histogram answers both {@code INFO latencystats} (percentiles) and the Prometheus
 * histogram (counts at or below chosen bounds), so the two never disagree.
 */
public final class LatencyHistogram {
  /** Values below 2^MIN_EXPONENT ns share the first bucket. */
  private static final int MIN_EXPONENT = 6;

  private static final int MAX_EXPONENT = 42;
  private static final int SUB_BUCKET_BITS = 2;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

  /** One bucket under 2^MIN_EXPONENT, the sub-buckets of each power of two, one for overflow. */
  static final int BUCKETS = (MAX_EXPONENT - MIN_EXPONENT) * SUB_BUCKETS + 2;

  private final long[] counts = new long[BUCKETS];
  private long count;
  private long sumNanos;

  public void record(long nanos) {
    counts[bucketOf(nanos)]++;
    count++;
    sumNanos += nanos;
  }

  public long count() {
    return count;
  }

  public long sumNanos() {
    return sumNanos;
  }

  /**
   * Calls that took less than {@code nanos}, counted by whole buckets: a bucket counts when its
   * upper bound is at or below {@code nanos}. Exact for bounds that are powers of two.
   */
  public long countAtOrBelow(long nanos) {
    return countsAtOrBelow(new long[] {nanos})[0];
  }

  /**
   * {@link #countAtOrBelow} for each of several ascending bounds, in one pass over the buckets: a
   * metrics scrape asks for every bound of every command on the storage thread, where a pass per
   * bound would cost that thread a pass per bound.
   */
  public long[] countsAtOrBelow(long[] ascendingBounds) {
    long[] counts = new long[ascendingBounds.length];
    long total = 0;
    int b = 0;
    for (int i = 0; i < ascendingBounds.length; i++) {
      for (; b < BUCKETS && upperBound(b) <= ascendingBounds[i]; b++) {
        total += this.counts[b];
      }
      counts[i] = total;
    }
    return counts;
  }

  /**
   * The upper bound, in nanoseconds, of the bucket that holds the given percentile (0 to 100) of
   * recorded calls; 0 when nothing was recorded. Overstates by at most one bucket width, as an
   * HdrHistogram with two significant bits would.
   */
  public long percentileNanos(double percentile) {
    if (count == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(count * percentile / 100.0));
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      seen += counts[b];
      if (seen >= rank) {
        return upperBound(b);
      }
    }
    return upperBound(BUCKETS - 1);
  }

  public void reset() {
    java.util.Arrays.fill(counts, 0);
    count = 0;
    sumNanos = 0;
  }

  static int bucketOf(long nanos) {
    if (nanos < (1L << MIN_EXPONENT)) {
      return 0;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    if (exponent >= MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) (nanos >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
    return (exponent - MIN_EXPONENT) * SUB_BUCKETS + sub + 1;
  }

  /** The largest value bucket {@code b} holds, plus one: values in it are below this bound. */
  static long upperBound(int b) {
    if (b == 0) {
      return 1L << MIN_EXPONENT;
    }
    if (b == BUCKETS - 1) {
      return Long.MAX_VALUE;
    }
    int exponent = (b - 1) / SUB_BUCKETS + MIN_EXPONENT;
    int sub = (b - 1) % SUB_BUCKETS;
    return (1L << exponent) + ((long) (sub + 1) << (exponent - SUB_BUCKET_BITS));
  }
}
