package io.redstone.storage.keyspace;

/**
 * One key and its value: the only object a key costs besides the key and value themselves. It is
 * its own hash-chain link (a {@link HashNode}) and remembers its slot in the {@link ExpiryIndex},
 * so neither the table nor the TTL index needs wrapper objects.
 *
 * <p>Fields are package-private for {@link KeyTable} and {@link ExpiryIndex}; everything outside
 * the package reads them through accessors and changes them only through {@link
 * io.redstone.storage.Database}, which keeps the indexes in step.
 */
public final class Entry extends HashNode {
  /** {@link #expireAt()} of a key without a TTL. */
  public static final long NO_EXPIRY = -1L;

  /** Bits of the access clock; it wraps after 2^24 seconds (194 days), as Redis's does. */
  public static final int CLOCK_BITS = 24;

  public static final int CLOCK_MASK = (1 << CLOCK_BITS) - 1;

  /** Encoding hint: OBJECT ENCODING follows from the value's bytes (what SET stores). */
  public static final int ENCODING_FROM_BYTES = 0;

  /** Encoding hint: the string was built in place (APPEND, SETRANGE): Redis reports raw. */
  public static final int ENCODING_RAW = 1;

  /**
   * Encoding hint: the string was formatted from a number but never made an integer (INCRBYFLOAT).
   */
  public static final int ENCODING_NOT_INT = 2;

  Object value;

  /** Absolute unix milliseconds, or {@link #NO_EXPIRY}. */
  long expireAt = NO_EXPIRY;

  /** Position in the expiry index while the key has a TTL, else -1. */
  int expirySlot = -1;

  /**
   * The snapshot epoch in which this entry was last serialised by a point-in-time walk; lets a
   * fork-less rewrite tell visited keys from unvisited ones.
   */
  int snapshotVersion;

  /**
   * Low {@link #CLOCK_BITS} bits: the seconds clock of the last access (wrapping, as Redis's LRU
   * clock), for OBJECT IDLETIME and eviction. High bits: the string encoding hint. Packed so the
   * hint costs no memory per key.
   */
  int accessWord;

  Entry(byte[] key, int hash, Object value) {
    super(key, hash);
    this.value = value;
  }

  public Object value() {
    return value;
  }

  public long expireAt() {
    return expireAt;
  }

  public boolean hasExpiry() {
    return expireAt != NO_EXPIRY;
  }

  public int snapshotVersion() {
    return snapshotVersion;
  }

  public void snapshotVersion(int version) {
    this.snapshotVersion = version;
  }

  public int accessClock() {
    return accessWord & CLOCK_MASK;
  }

  public void touch(int clock) {
    accessWord = (accessWord & ~CLOCK_MASK) | (clock & CLOCK_MASK);
  }

  /** How the value was built, for OBJECT ENCODING: one of the {@code ENCODING_} constants. */
  public int encodingHint() {
    return accessWord >>> CLOCK_BITS;
  }

  public void encodingHint(int hint) {
    accessWord = (accessWord & CLOCK_MASK) | (hint << CLOCK_BITS);
  }

  /**
   * Replaces the value only; the key's TTL and place in the table are unchanged. A new value drops
   * the encoding hint of the old one.
   */
  public void value(Object value) {
    this.value = value;
    encodingHint(ENCODING_FROM_BYTES);
  }
}
