package io.redstone.storage.types.stream;

import io.redstone.protocol.text.Numbers;

/**
 * A stream entry ID: milliseconds and a sequence number, both unsigned 64-bit, ordered as Redis
 * orders them (by milliseconds, then sequence, unsigned).
 */
record StreamId(long ms, long seq) implements Comparable<StreamId> {
  public static final StreamId MIN = new StreamId(0, 0);
  public static final StreamId MAX = new StreamId(-1L, -1L);

  /** Redis's limit on the text of an ID argument (its parse buffer). */
  private static final int MAX_TEXT = 127;

  @Override
  public int compareTo(StreamId other) {
    int byMs = Long.compareUnsigned(ms, other.ms);
    return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
  }

  public boolean isZero() {
    return ms == 0 && seq == 0;
  }

  public boolean isMax() {
    return ms == -1L && seq == -1L;
  }

  /** The next ID, or null past the last possible one (Redis's {@code streamIncrID} failing). */
  public StreamId next() {
    if (seq != -1L) {
      return new StreamId(ms, seq + 1);
    }
    return ms == -1L ? null : new StreamId(ms + 1, 0);
  }

  /** The previous ID, or null before 0-0. */
  public StreamId previous() {
    if (seq != 0) {
      return new StreamId(ms, seq - 1);
    }
    return ms == 0 ? null : new StreamId(ms - 1, -1L);
  }

  @Override
  public String toString() {
    return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
  }

  /** The ID as Redis writes it, {@code <ms>-<seq>}, in ASCII. */
  public byte[] toBytes() {
    int msDigits = digits(ms);
    byte[] out = new byte[msDigits + 1 + digits(seq)];
    fill(out, msDigits, ms);
    out[msDigits] = '-';
    fill(out, out.length, seq);
    return out;
  }

  private static int digits(long unsigned) {
    if (unsigned < 0) {
      return 20;
    }
    int n = 1;
    for (long v = unsigned; v >= 10; v /= 10) {
      n++;
    }
    return n;
  }

  /** Writes the unsigned value's digits so that the last one is just before {@code end}. */
  private static void fill(byte[] out, int end, long unsigned) {
    int at = end;
    long v = unsigned;
    if (v < 0) {
      // Past Long.MAX_VALUE: one unsigned step leaves a value that fits.
      long quotient = Long.divideUnsigned(v, 10);
      out[--at] = (byte) ('0' + (v - quotient * 10));
      v = quotient;
    }
    do {
      out[--at] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
  }

  /** What an ID argument says: the ID, and whether its sequence was given or is {@code *}. */
  record Parsed(StreamId id, boolean seqGiven) {}

  /**
   * Redis's {@code streamGenericParseIDOrReply}: {@code -} and {@code +} (unless {@code strict}),
   * {@code <ms>} (the sequence then {@code missingSeq}), {@code <ms>-<seq>}, and with {@code
   * allowAutoSeq} {@code <ms>-*}. Null when the text is not an ID.
   */
  static Parsed parse(byte[] text, long missingSeq, boolean strict, boolean allowAutoSeq) {
    if (text.length > MAX_TEXT) {
      return null;
    }
    if (text.length == 1 && (text[0] == '-' || text[0] == '+')) {
      if (strict) {
        return null;
      }
      return new Parsed(text[0] == '-' ? MIN : MAX, true);
    }
    int dash = -1;
    for (int i = 0; i < text.length; i++) {
      if (text[i] == '-') {
        dash = i;
        break;
      }
    }
    int msEnd = dash < 0 ? text.length : dash;
    Long ms = unsigned(text, 0, msEnd);
    if (ms == null) {
      return null;
    }
    if (dash < 0) {
      return new Parsed(new StreamId(ms, missingSeq), true);
    }
    if (allowAutoSeq && text.length == dash + 2 && text[dash + 1] == '*') {
      return new Parsed(new StreamId(ms, 0), false);
    }
    Long seq = unsigned(text, dash + 1, text.length);
    return seq == null ? null : new Parsed(new StreamId(ms, seq), true);
  }

  /** A strict ID (no {@code -}/{@code +}), sequence 0 when missing; null when not an ID. */
  static StreamId parseStrict(byte[] text) {
    Parsed parsed = parse(text, 0, true, false);
    return parsed == null ? null : parsed.id();
  }

  /**
   * Redis's {@code string2ull}: a {@code string2ll} integer that is not negative, or else what C's
   * {@code strtoull} accepts whole (leading spaces, a sign, leading zeros, up to 2^64-1).
   */
  private static Long unsigned(byte[] text, int from, int to) {
    byte[] part = java.util.Arrays.copyOfRange(text, from, to);
    for (byte b : part) {
      if (b == 0) {
        return null;
      }
    }
    if (Numbers.isLong(part)) {
      long value = Numbers.parseLong(part);
      return value < 0 ? null : value;
    }
    int i = 0;
    while (i < part.length && isSpace(part[i])) {
      i++;
    }
    boolean negative = false;
    if (i < part.length && (part[i] == '+' || part[i] == '-')) {
      negative = part[i] == '-';
      i++;
    }
    if (i == part.length) {
      return null;
    }
    long value = 0;
    for (; i < part.length; i++) {
      int digit = part[i] - '0';
      if (digit < 0 || digit > 9) {
        return null;
      }
      if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0) {
        return null;
      }
      long times = value * 10;
      long sum = times + digit;
      if (Long.compareUnsigned(sum, times) < 0) {
        return null;
      }
      value = sum;
    }
    return negative ? -value : value;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }
}
