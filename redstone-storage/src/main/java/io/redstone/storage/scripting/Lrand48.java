package io.redstone.storage.scripting;

/**
 * The 48-bit linear congruential generator behind Redis's {@code math.random} ({@code
 * redisLrand48}): the same sequence for the same seed on every machine, as scripts expect.
 */
final class Lrand48 {
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long MASK = (1L << 48) - 1;
  static final int MAX = Integer.MAX_VALUE;

  private long state;

  /** Redis's initial state, before any {@code math.randomseed}. */
  private static final long INITIAL = 0x1234_ABCD_330EL;

  Lrand48() {
    state = INITIAL;
  }

  void seed(int seed) {
    long low = seed & 0xFFFF;
    long high = (seed >>> 16) & 0xFFFF;
    state = (high << 32) | (low << 16) | 0x330E;
  }

  /** The next value in [0, 2^31). */
  int next() {
    state = (state * MULTIPLIER + 0xB) & MASK;
    return (int) (state >>> 17);
  }
}
