package io.redstone.storage;

import io.redstone.storage.types.Values;
import io.redstone.storage.types.string.Strings;

/**
 * Estimated heap bytes of a key with its value, for {@code INFO memory}, {@code MEMORY USAGE} and
 * {@code maxmemory}. Assumes a 64-bit JVM with compressed oops: a 48-byte {@link
 * io.redstone.storage.keyspace.Entry} plus its table slot, the key's array, and what the value's
 * type says the value costs ({@link Values#memory}).
 */
public final class MemoryEstimate {
  private static final int ENTRY_BYTES = 48;
  private static final int TABLE_SLOT_BYTES = 8;

  private MemoryEstimate() {}

  public static long entry(byte[] key, Object value) {
    return ENTRY_BYTES + TABLE_SLOT_BYTES + Strings.arrayBytes(key.length) + Values.memory(value);
  }
}
