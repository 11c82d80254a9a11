package io.redstone.storage.keyspace;

/**
 * One key and its value: the only object a key costs besides the key and value themselves. It is
 * its own hash-chain link ({@link #next}) and remembers its slot in the {@link ExpiryIndex}, so
 * neither the table nor the TTL index needs wrapper objects.
 *
 * <p>Fields are package-private for {@link KeyTable} and {@link ExpiryIndex}; everything outside
 * the package reads them through accessors and changes them only through {@link
 * io.redstone.storage.Database}, which keeps the indexes in step.
 */
public final class Entry {
  /** {@link #expireAt()} of a key without a TTL. */
  public static final long NO_EXPIRY = -1L;

  final byte[] key;
  final int hash;
  Object value;
  /** Absolute unix milliseconds, or {@link #NO_EXPIRY}. */
  long expireAt = NO_EXPIRY;
  Entry next;
  /** Position in the expiry index while the key has a TTL, else -1. */
  int expirySlot = -1;
  /**
   * The snapshot epoch in which this entry was last serialised by a point-in-time walk; lets a
   * fork-less rewrite tell visited keys from unvisited ones.
   */
  int snapshotVersion;
  /** Seconds-resolution clock of the last access, for OBJECT IDLETIME and eviction. */
  int accessClock;

  Entry(byte[] key, int hash, Object value) {
    this.key = key;
    this.hash = hash;
    this.value = value;
  }

  public byte[] key() {
    return key;
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
    return accessClock;
  }

  public void touch(int clock) {
    this.accessClock = clock;
  }

  /** Replaces the value only; the key's TTL and place in the table are unchanged. */
  public void value(Object value) {
    this.value = value;
  }
}
