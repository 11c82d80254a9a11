package io.redstone.storage.types.geo;

/**
 * Geohashes as Redis computes them: a cell of the map at a given step (bits per axis, 1 to 26) is
 * named by the latitude and longitude cell numbers with their bits interleaved, latitude in the
 * even positions. A GEO member's score is its step-26 hash, 52 bits. Redis maps latitudes from its
 * own range, -85.05112878 to 85.05112878 (the limits of Web Mercator), not the usual -90 to 90;
 * GEOHASH re-encodes with the usual ranges to print a standard geohash.
 *
 * <p>Every operation follows Redis's arithmetic step by step (the same products and sums in the
 * same order, the same truncations and unsigned wrap-arounds), so positions decoded from a score
 * agree with Redis's to the last bit. Hashes are unsigned 64-bit values held in a {@code long}.
 */
final class GeoHash {
  static final double LAT_MIN = -85.05112878;
  static final double LAT_MAX = 85.05112878;
  static final double LONG_MIN = -180;
  static final double LONG_MAX = 180;

  /** The step of a stored score: 26 bits per axis, 52 in all. */
  static final int STEP_MAX = 26;

  private static final long EVEN_BITS = 0x5555555555555555L;
  private static final long ODD_BITS = 0xaaaaaaaaaaaaaaaaL;

  /** The value of 2^63 as a double, where C's double-to-unsigned conversion changes method. */
  private static final double TWO_TO_63 = 0x1p63;

  private GeoHash() {}

  /** A cell: its interleaved bits and its step. Bits and step both 0 mean "no cell". */
  record Cell(long bits, int step) {
    static final Cell NONE = new Cell(0, 0);

    boolean isNone() {
      return bits == 0 && step == 0;
    }
  }

  /** The bounds of a cell, in degrees. */
  record Area(double longitudeMin, double longitudeMax, double latitudeMin, double latitudeMax) {}

  /** A longitude and latitude, in degrees. */
  record Position(double longitude, double latitude) {}

  /**
   * The cell of {@code step} that holds the position, in Redis's ranges ({@code
   * geohashEncodeWGS84}); null when the position is outside them. A position on the upper edge
   * (longitude 180, latitude 85.05112878) gets the cell number 2^step, one past the last, as in
   * Redis: that bit then lands above the hash's 2*step bits.
   */
  static Cell encode(double longitude, double latitude, int step) {
    return encode(longitude, latitude, step, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX);
  }

  /** As {@link #encode(double, double, int)} within the given ranges ({@code geohashEncode}). */
  static Cell encode(
      double longitude,
      double latitude,
      int step,
      double longitudeMin,
      double longitudeMax,
      double latitudeMin,
      double latitudeMax) {
    if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) {
      return null;
    }
    if (latitude < latitudeMin
        || latitude > latitudeMax
        || longitude < longitudeMin
        || longitude > longitudeMax) {
      return null;
    }
    double latitudeOffset = (latitude - latitudeMin) / (latitudeMax - latitudeMin);
    double longitudeOffset = (longitude - longitudeMin) / (longitudeMax - longitudeMin);
    latitudeOffset *= (double) (1L << step);
    longitudeOffset *= (double) (1L << step);
    // C converts each offset to a 32-bit unsigned integer by truncation; offsets are 0..2^step.
    return new Cell(interleave((long) latitudeOffset, (long) longitudeOffset), step);
  }

  /** The bounds of a cell in Redis's ranges ({@code geohashDecode}). */
  static Area decode(Cell cell) {
    long separated = deinterleave(cell.bits());
    long latitudeCell = separated & 0xFFFFFFFFL;
    long longitudeCell = separated >>> 32;
    double cells = (double) (1L << cell.step());
    double latitudeScale = LAT_MAX - LAT_MIN;
    double longitudeScale = LONG_MAX - LONG_MIN;
    // uint32 arithmetic: the cell after the last wraps to 0, as in C (never reached in practice).
    long nextLatitude = (latitudeCell + 1) & 0xFFFFFFFFL;
    long nextLongitude = (longitudeCell + 1) & 0xFFFFFFFFL;
    return new Area(
        LONG_MIN + (longitudeCell / cells) * longitudeScale,
        LONG_MIN + (nextLongitude / cells) * longitudeScale,
        LAT_MIN + (latitudeCell / cells) * latitudeScale,
        LAT_MIN + (nextLatitude / cells) * latitudeScale);
  }

  /**
   * The position a stored score stands for: the centre of its step-26 cell, kept within Redis's
   * ranges ({@code decodeGeohash}). Any score decodes, as in Redis, even one no GEOADD wrote.
   */
  static Position decodeScore(double score) {
    Area area = decode(new Cell(scoreBits(score), STEP_MAX));
    double longitude = (area.longitudeMin() + area.longitudeMax()) / 2;
    longitude = Math.max(LONG_MIN, Math.min(LONG_MAX, longitude));
    double latitude = (area.latitudeMin() + area.latitudeMax()) / 2;
    latitude = Math.max(LAT_MIN, Math.min(LAT_MAX, latitude));
    return new Position(longitude, latitude);
  }

  /** The score GEOADD stores for a position within Redis's ranges. */
  static long score(double longitude, double latitude) {
    return align52(encode(longitude, latitude, STEP_MAX));
  }

  /** The cell's bits moved up to 52-bit precision ({@code geohashAlign52Bits}). */
  static long align52(Cell cell) {
    return cell.bits() << (52 - cell.step() * 2);
  }

  /**
   * A score as C's {@code (uint64_t)} conversion turns it into hash bits on x86-64: truncated
   * towards zero; a negative value wraps as a signed one would; from 2^63 up the conversion goes
   * through 2^63 less, and a value beyond the 64-bit range gives x86's "integer indefinite".
   */
  static long scoreBits(double score) {
    if (!(score >= TWO_TO_63)) {
      return truncateLikeX86(score);
    }
    return truncateLikeX86(score - TWO_TO_63) ^ Long.MIN_VALUE;
  }

  /**
   * C's {@code (long long)} of a double on x86-64 ({@code cvttsd2si}): truncation towards zero, and
   * {@link Long#MIN_VALUE} for NaN or a value outside the signed 64-bit range (Java would
   * saturate).
   */
  static long truncateLikeX86(double value) {
    if (value >= TWO_TO_63 || value < -TWO_TO_63 || Double.isNaN(value)) {
      return Long.MIN_VALUE;
    }
    return (long) value;
  }

  /** The cell {@code dx} to the east (1) or west (-1) and {@code dy} to the north or south. */
  static Cell move(Cell cell, int dx, int dy) {
    long bits = cell.bits();
    int shift = 64 - cell.step() * 2;
    if (dx != 0) {
      bits = moveAxis(bits, ODD_BITS, EVEN_BITS >>> shift, ODD_BITS >>> shift, dx);
    }
    if (dy != 0) {
      bits = moveAxis(bits, EVEN_BITS, ODD_BITS >>> shift, EVEN_BITS >>> shift, dy);
    }
    return new Cell(bits, cell.step());
  }

  /**
   * Adds or subtracts one to the cell number held in the {@code axis} bits: filling the other
   * axis's positions with ones ({@code fill}) lets a carry or borrow run straight through them;
   * {@code keep} then drops what ran past the step, so a move off one edge wraps to the other.
   */
  private static long moveAxis(long bits, long axis, long fill, long keep, int direction) {
    long moving = bits & axis;
    long other = bits & ~axis;
    if (direction > 0) {
      moving = moving + (fill + 1);
    } else {
      moving = (moving | fill) - (fill + 1);
    }
    return (moving & keep) | other;
  }

  /** The bits of {@code even} in the even positions and those of {@code odd} in the odd ones. */
  static long interleave(long even, long odd) {
    return spread(even & 0xFFFFFFFFL) | (spread(odd & 0xFFFFFFFFL) << 1);
  }

  /** The even bits packed into the low 32 bits, and the odd bits into the high 32. */
  static long deinterleave(long bits) {
    return compact(bits) | (compact(bits >>> 1) << 32);
  }

  /** Moves bit i of a 32-bit value to bit 2i. */
  private static long spread(long value) {
    long x = value;
    x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
    x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
    x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
    x = (x | (x << 2)) & 0x3333333333333333L;
    x = (x | (x << 1)) & EVEN_BITS;
    return x;
  }

  /** Moves bit 2i to bit i, the inverse of {@link #spread}; odd bits are dropped. */
  private static long compact(long value) {
    long x = value & EVEN_BITS;
    x = (x | (x >>> 1)) & 0x3333333333333333L;
    x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
    x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
    x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
    x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
    return x;
  }
}
