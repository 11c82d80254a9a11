package io.redstone.storage.types.string;

import io.redstone.protocol.text.Numbers;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.types.ValueBuilder;

/** Redis's rules for a string value: its encodings, its size, and the integers it shares. */
public final class Strings {
  private Strings() {}

  /** Longest string Redis stores as {@code embstr}, in one allocation with its header. */
  private static final int EMBSTR_SIZE_LIMIT = 44;

  /** Redis shares one object per integer below this, with a pinned reference count. */
  private static final long SHARED_INTEGERS = 10_000;

  private static final int ARRAY_HEADER_BYTES = 16;

  /**
   * What OBJECT ENCODING reports, following Redis's {@code tryObjectEncoding} for a value written
   * by SET: {@code int} for a canonical 64-bit integer, {@code embstr} up to 44 bytes, else {@code
   * raw}; unless {@code hint} says the string was built in place (APPEND, SETRANGE: always {@code
   * raw}) or formatted without the integer check (INCRBYFLOAT: {@code embstr} or {@code raw} by
   * length).
   */
  public static String encoding(byte[] value, int hint) {
    if (hint == Entry.ENCODING_RAW) {
      return "raw";
    }
    if (hint == Entry.ENCODING_FROM_BYTES && value.length <= 20 && Numbers.isLong(value)) {
      return "int";
    }
    return value.length <= EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
  }

  /** Heap bytes of the array: a 16-byte header, the bytes, padded to 8. */
  public static long memory(byte[] value) {
    return arrayBytes(value.length);
  }

  /** Heap bytes of a {@code byte[]} of {@code length}, as {@link #memory} counts them. */
  public static long arrayBytes(int length) {
    return (ARRAY_HEADER_BYTES + length + 7L) & ~7L;
  }

  /** Whether Redis would hold this value as one of its shared integer objects (0 to 9999). */
  public static boolean isSharedInteger(byte[] value) {
    if (value.length > 20 || !Numbers.isLong(value)) {
      return false;
    }
    long number = Numbers.parseLong(value);
    return number >= 0 && number < SHARED_INTEGERS;
  }

  /** Rebuilds a stored string: always one part, the string itself. */
  public static ValueBuilder builder() {
    return new ValueBuilder() {
      private byte[] value;

      @Override
      public void add(byte[] part) {
        if (value != null) {
          throw new IllegalArgumentException("a string stored in parts");
        }
        value = part;
      }

      @Override
      public Object finish() {
        if (value == null) {
          throw new IllegalArgumentException("a string without its bytes");
        }
        return value;
      }
    };
  }
}
