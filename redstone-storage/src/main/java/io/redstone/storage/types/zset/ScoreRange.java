package io.redstone.storage.types.zset;

/**
 * A range of scores, each end inclusive or exclusive, as ZRANGEBYSCORE, ZCOUNT and ZREMRANGEBYSCORE
 * take it ({@code zrangespec}).
 */
record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {

  /**
   * The range {@code min max} as the client wrote it ({@code (1.5}, {@code -inf}, {@code 3}), or
   * null when either end is not a number ({@code zslParseRange}).
   */
  static ScoreRange parse(byte[] min, byte[] max) {
    boolean minExclusive = min.length > 0 && min[0] == '(';
    boolean maxExclusive = max.length > 0 && max[0] == '(';
    double low = Scores.parseBound(min, minExclusive ? 1 : 0);
    double high = Scores.parseBound(max, maxExclusive ? 1 : 0);
    if (Double.isNaN(low) || Double.isNaN(high)) {
      return null;
    }
    return new ScoreRange(low, minExclusive, high, maxExclusive);
  }

  boolean aboveMin(double score) {
    return minExclusive ? score > min : score >= min;
  }

  boolean belowMax(double score) {
    return maxExclusive ? score < max : score <= max;
  }

  /** A range no score can fall in: min above max, or equal ends with one excluded. */
  boolean isEmpty() {
    return min > max || (min == max && (minExclusive || maxExclusive));
  }
}
