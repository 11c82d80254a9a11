package io.redstone.storage;

/**
 * Estimated heap bytes of keys and values, for {@code INFO memory}, {@code MEMORY USAGE} and
 * {@code maxmemory}. Assumes a 64-bit JVM with compressed oops: 16-byte array headers, 8-byte
 * alignment, and a 48-byte {@link io.redstone.storage.keyspace.Entry} plus its table slot.
 */
public final class MemoryEstimate {
  private static final int ENTRY_BYTES = 48;
  private static final int TABLE_SLOT_BYTES = 8;
  private static final int ARRAY_HEADER_BYTES = 16;

  private MemoryEstimate() {}

  public static long entry(byte[] key, Object value) {
    return ENTRY_BYTES + TABLE_SLOT_BYTES + array(key.length) + value(value);
  }

  public static long value(Object value) {
    if (value instanceof byte[]) {
      return array(((byte[]) value).length);
    }
    return 0;
  }

  private static long array(int length) {
    return (ARRAY_HEADER_BYTES + length + 7L) & ~7L;
  }
}
