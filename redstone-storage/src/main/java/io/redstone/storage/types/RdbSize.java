package io.redstone.storage.types;

import io.redstone.protocol.text.Numbers;
import java.util.Arrays;

/**
 * What Redis 7.0's RDB and listpack encodings would spend on a value, for DEBUG OBJECT's {@code
 * serializedlength}: RDB lengths and strings ({@code rdbSaveLen}, {@code rdbSaveRawString}, which
 * stores a canonical integer of up to 11 characters in 2, 3 or 5 bytes) and listpack entries
 * ({@code lpEncode...}: an integer in 1 to 9 bytes, a string with a 1, 2 or 5 byte header, plus the
 * entry's back length). Redis also tries LZF on every string longer than 20 bytes when {@code
 * rdbcompression} is on; that is not modelled, so a compressible value reads larger here.
 */
public final class RdbSize {
  /** A listpack's header (total bytes and element count) and its end byte. */
  public static final int LISTPACK_OVERHEAD = 7;

  private RdbSize() {}

  /** {@code rdbSaveLen}: 1, 2, 5 or 9 bytes. */
  public static int length(long value) {
    if (value < (1 << 6)) {
      return 1;
    }
    if (value < (1 << 14)) {
      return 2;
    }
    return value <= 0xffffffffL ? 5 : 9;
  }

  /** {@code rdbSaveRawString} of these bytes, without LZF. */
  public static long string(byte[] bytes, int offset, int count) {
    if (count <= 11) {
      byte[] text = Arrays.copyOfRange(bytes, offset, offset + count);
      if (Numbers.isLong(text)) {
        long value = Numbers.parseLong(text);
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
          return 2;
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
          return 3;
        }
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
          return 5;
        }
      }
    }
    return length(count) + (long) count;
  }

  public static long string(byte[] bytes) {
    return string(bytes, 0, bytes.length);
  }

  /** A blob (a listpack or an intset) saved as one RDB string, without LZF. */
  public static long blob(long bytes) {
    return length(bytes) + bytes;
  }

  /** Bytes of one listpack entry holding these bytes, its back length included. */
  public static int listpackEntry(byte[] bytes, int offset, int count) {
    if (count <= 20) {
      byte[] text = Arrays.copyOfRange(bytes, offset, offset + count);
      if (Numbers.isLong(text)) {
        return listpackInteger(Numbers.parseLong(text));
      }
    }
    int header = count < 64 ? 1 : count < 4096 ? 2 : 5;
    return withBackLength(header + count);
  }

  public static int listpackEntry(byte[] bytes) {
    return listpackEntry(bytes, 0, bytes.length);
  }

  /** Bytes of one listpack entry holding an integer, its back length included. */
  public static int listpackInteger(long value) {
    int encoded;
    if (value >= 0 && value <= 127) {
      encoded = 1;
    } else if (value >= -4096 && value <= 4095) {
      encoded = 2;
    } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
      encoded = 3;
    } else if (value >= -(1 << 23) && value < (1 << 23)) {
      encoded = 4;
    } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      encoded = 5;
    } else {
      encoded = 9;
    }
    return withBackLength(encoded);
  }

  private static int withBackLength(int encoded) {
    int back;
    if (encoded <= 127) {
      back = 1;
    } else if (encoded < 16383) {
      back = 2;
    } else if (encoded < 2097151) {
      back = 3;
    } else if (encoded < 268435455) {
      back = 4;
    } else {
      back = 5;
    }
    return encoded + back;
  }
}
