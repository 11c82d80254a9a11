package io.redstone.storage.types.stream;

import io.redstone.protocol.ReplySink;
import io.redstone.protocol.text.Numbers;
import java.util.Arrays;

/**
 * Redis's listpack layout over a {@code byte[]}: a 6-byte header (total bytes, element count), the
 * elements, an end byte. Each element is its encoding (a small integer in 1 to 9 bytes, or a string
 * with a 1, 2 or 5-byte length), then its own length backwards ("backlen") so the list can be
 * walked from either end. A string that reads as an integer is stored as the integer, as Redis
 * does. Keeping Redis's layout byte for byte gives a stream's blocks Redis's sizes, so {@code
 * stream-node-max-bytes} cuts blocks where Redis cuts them.
 *
 * <p>The array may be longer than the listpack (room to append); the header's total says where it
 * ends. Positions are indexes into the array.
 */
final class Listpack {
  static final int HEADER = 6;
  private static final int END = 0xFF;
  private static final int MAX_COUNT = 65535;

  private Listpack() {}

  /** An empty listpack with room for {@code capacity} bytes. */
  static byte[] create(int capacity) {
    byte[] lp = new byte[Math.max(capacity, HEADER + 1)];
    setTotal(lp, HEADER + 1);
    lp[HEADER] = (byte) END;
    return lp;
  }

  static int total(byte[] lp) {
    return (lp[0] & 0xFF) | (lp[1] & 0xFF) << 8 | (lp[2] & 0xFF) << 16 | (lp[3] & 0xFF) << 24;
  }

  private static void setTotal(byte[] lp, int total) {
    lp[0] = (byte) total;
    lp[1] = (byte) (total >>> 8);
    lp[2] = (byte) (total >>> 16);
    lp[3] = (byte) (total >>> 24);
  }

  private static int count(byte[] lp) {
    return (lp[4] & 0xFF) | (lp[5] & 0xFF) << 8;
  }

  private static void addCount(byte[] lp, int delta) {
    int count = count(lp);
    if (count == MAX_COUNT) {
      return;
    }
    count = Math.min(count + delta, MAX_COUNT);
    lp[4] = (byte) count;
    lp[5] = (byte) (count >>> 8);
  }

  /** The position of the first element, or -1 when empty. */
  static int first(byte[] lp) {
    return (lp[HEADER] & 0xFF) == END ? -1 : HEADER;
  }

  /** The position of the element after the one at {@code p}, or -1 at the end. */
  static int next(byte[] lp, int p) {
    int size = encodedSize(lp, p);
    int after = p + size + backlenSize(size);
    return (lp[after] & 0xFF) == END ? -1 : after;
  }

  /** The position of the last element, or -1 when empty. */
  static int last(byte[] lp) {
    int end = total(lp) - 1;
    return end == HEADER ? -1 : previousFrom(lp, end);
  }

  /** The position of the element before the one at {@code p}, or -1 at the start. */
  static int previous(byte[] lp, int p) {
    return p == HEADER ? -1 : previousFrom(lp, p);
  }

  /** The element that ends just before {@code end}, read through its backlen. */
  private static int previousFrom(byte[] lp, int end) {
    int at = end - 1;
    int size = 0;
    int shift = 0;
    while (true) {
      int b = lp[at] & 0xFF;
      size |= (b & 127) << shift;
      if ((b & 128) == 0) {
        break;
      }
      shift += 7;
      at--;
    }
    return end - backlenSize(size) - size;
  }

  /** Bytes of the element's encoding and data, without its backlen. */
  private static int encodedSize(byte[] lp, int p) {
    int b = lp[p] & 0xFF;
    if ((b & 0x80) == 0) {
      return 1;
    }
    if ((b & 0xC0) == 0x80) {
      return 1 + (b & 0x3F);
    }
    if ((b & 0xE0) == 0xC0) {
      return 2;
    }
    if ((b & 0xF0) == 0xE0) {
      return 2 + ((b & 0x0F) << 8 | (lp[p + 1] & 0xFF));
    }
    return switch (b) {
      case 0xF0 -> 5 + readLe(lp, p + 1, 4);
      case 0xF1 -> 3;
      case 0xF2 -> 4;
      case 0xF3 -> 5;
      case 0xF4 -> 9;
      default -> throw new IllegalStateException("bad listpack encoding " + b + " at " + p);
    };
  }

  private static int backlenSize(int size) {
    if (size <= 127) {
      return 1;
    } else if (size < 16383) {
      return 2;
    } else if (size < 2097151) {
      return 3;
    } else if (size < 268435455) {
      return 4;
    }
    return 5;
  }

  private static int readLe(byte[] lp, int at, int bytes) {
    int value = 0;
    for (int i = 0; i < bytes; i++) {
      value |= (lp[at + i] & 0xFF) << (8 * i);
    }
    return value;
  }

  static boolean isInteger(byte[] lp, int p) {
    int b = lp[p] & 0xFF;
    return (b & 0x80) == 0 || (b & 0xE0) == 0xC0 || (b >= 0xF1 && b <= 0xF4);
  }

  /** The integer at {@code p}, which must be one. */
  static long integer(byte[] lp, int p) {
    int b = lp[p] & 0xFF;
    if ((b & 0x80) == 0) {
      return b;
    }
    if ((b & 0xE0) == 0xC0) {
      int raw = (b & 0x1F) << 8 | (lp[p + 1] & 0xFF);
      return raw >= 1 << 12 ? raw - (1 << 13) : raw;
    }
    return switch (b) {
      case 0xF1 -> (short) readLe(lp, p + 1, 2);
      case 0xF2 -> (readLe(lp, p + 1, 3) << 8) >> 8;
      case 0xF3 -> readLe(lp, p + 1, 4);
      case 0xF4 -> (readLe(lp, p + 1, 4) & 0xFFFFFFFFL) | ((long) readLe(lp, p + 5, 4) << 32);
      default -> throw new IllegalStateException("not an integer at " + p);
    };
  }

  private static int stringStart(byte[] lp, int p) {
    int b = lp[p] & 0xFF;
    if ((b & 0xC0) == 0x80) {
      return p + 1;
    }
    return (b & 0xF0) == 0xE0 ? p + 2 : p + 5;
  }

  private static int stringLength(byte[] lp, int p) {
    return encodedSize(lp, p) - (stringStart(lp, p) - p);
  }

  /** The element as bytes: a string as stored, an integer in decimal. */
  static byte[] bytes(byte[] lp, int p) {
    if (isInteger(lp, p)) {
      return Numbers.toBytes(integer(lp, p));
    }
    int start = stringStart(lp, p);
    return Arrays.copyOfRange(lp, start, start + stringLength(lp, p));
  }

  /** Writes the element as a bulk string, without copying a stored string. */
  static void writeBulk(ReplySink reply, byte[] lp, int p) {
    if (isInteger(lp, p)) {
      reply.bulk(Numbers.toBytes(integer(lp, p)));
    } else {
      reply.bulk(lp, stringStart(lp, p), stringLength(lp, p));
    }
  }

  /** Whether the element equals {@code value} as Redis's {@code lpCompare} sees it. */
  static boolean equalsBytes(byte[] lp, int p, byte[] value) {
    if (isInteger(lp, p)) {
      return Numbers.isLong(value) && Numbers.parseLong(value) == integer(lp, p);
    }
    int start = stringStart(lp, p);
    int length = stringLength(lp, p);
    return Arrays.equals(lp, start, start + length, value, 0, value.length);
  }

  // ---------------------------------------------------------------------------------------------
  // Appending

  /** The bytes {@code value} takes as an element, backlen included. */
  static int elementSize(byte[] value) {
    if (Numbers.isLong(value)) {
      return integerSize(Numbers.parseLong(value));
    }
    int size = stringEncodedSize(value.length);
    return size + backlenSize(size);
  }

  static int integerSize(long value) {
    int size = integerEncodedSize(value);
    return size + backlenSize(size);
  }

  private static int integerEncodedSize(long v) {
    if (v >= 0 && v <= 127) {
      return 1;
    } else if (v >= -4096 && v <= 4095) {
      return 2;
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      return 3;
    } else if (v >= -(1 << 23) && v < 1 << 23) {
      return 4;
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      return 5;
    }
    return 9;
  }

  private static int stringEncodedSize(int length) {
    if (length < 64) {
      return 1 + length;
    } else if (length < 4096) {
      return 2 + length;
    }
    return 5 + length;
  }

  /** Appends {@code value} (as an integer when it reads as one); returns the possibly new array. */
  static byte[] appendBytes(byte[] lp, byte[] value) {
    if (Numbers.isLong(value)) {
      return appendInteger(lp, Numbers.parseLong(value));
    }
    int size = stringEncodedSize(value.length);
    int end = total(lp) - 1;
    lp = ensure(lp, end + size + backlenSize(size) + 1);
    int at = end;
    int length = value.length;
    if (length < 64) {
      lp[at++] = (byte) (0x80 | length);
    } else if (length < 4096) {
      lp[at++] = (byte) (0xE0 | length >>> 8);
      lp[at++] = (byte) length;
    } else {
      lp[at++] = (byte) 0xF0;
      for (int i = 0; i < 4; i++) {
        lp[at++] = (byte) (length >>> (8 * i));
      }
    }
    System.arraycopy(value, 0, lp, at, length);
    return finishAppend(lp, end, size);
  }

  static byte[] appendInteger(byte[] lp, long value) {
    int size = integerEncodedSize(value);
    int end = total(lp) - 1;
    lp = ensure(lp, end + size + backlenSize(size) + 1);
    writeInteger(lp, end, value, size);
    return finishAppend(lp, end, size);
  }

  private static void writeInteger(byte[] lp, int at, long v, int size) {
    switch (size) {
      case 1 -> lp[at] = (byte) v;
      case 2 -> {
        int raw = (int) (v < 0 ? (1 << 13) + v : v);
        lp[at] = (byte) (0xC0 | raw >>> 8);
        lp[at + 1] = (byte) raw;
      }
      default -> {
        lp[at] = (byte) (size == 3 ? 0xF1 : size == 4 ? 0xF2 : size == 5 ? 0xF3 : 0xF4);
        for (int i = 0; i < size - 1; i++) {
          lp[at + 1 + i] = (byte) (v >>> (8 * i));
        }
      }
    }
  }

  private static byte[] finishAppend(byte[] lp, int at, int size) {
    int after = writeBacklen(lp, at + size, size);
    lp[after] = (byte) END;
    setTotal(lp, after + 1);
    addCount(lp, 1);
    return lp;
  }

  private static int writeBacklen(byte[] lp, int at, int size) {
    int n = backlenSize(size);
    for (int i = 0; i < n; i++) {
      int shift = 7 * (n - 1 - i);
      int part = (size >>> shift) & 127;
      lp[at + i] = (byte) (i == 0 ? part : part | 128);
    }
    return at + n;
  }

  /** Grows the array (doubling) so it holds {@code needed} bytes. */
  private static byte[] ensure(byte[] lp, int needed) {
    if (needed <= lp.length) {
      return lp;
    }
    return Arrays.copyOf(lp, Math.max(needed, Math.min(lp.length * 2, needed + 4096)));
  }

  /** The listpack in an array of exactly its size (Redis's {@code lpShrinkToFit}). */
  static byte[] shrink(byte[] lp) {
    int total = total(lp);
    return total == lp.length ? lp : Arrays.copyOf(lp, total);
  }

  /** Replaces the integer at {@code p}; returns the possibly new array (sizes may differ). */
  static byte[] replaceInteger(byte[] lp, int p, long value) {
    int oldSize = encodedSize(lp, p);
    int oldElement = oldSize + backlenSize(oldSize);
    int newSize = integerEncodedSize(value);
    int newElement = newSize + backlenSize(newSize);
    int total = total(lp);
    if (newElement != oldElement) {
      int delta = newElement - oldElement;
      lp = ensure(lp, total + delta);
      System.arraycopy(lp, p + oldElement, lp, p + newElement, total - p - oldElement);
      setTotal(lp, total + delta);
    }
    writeInteger(lp, p, value, newSize);
    writeBacklen(lp, p + newSize, newSize);
    return lp;
  }

  /**
   * Checks that the first {@code length} bytes of {@code lp} are one well-formed listpack (for a
   * loaded file); throws {@link IllegalArgumentException} otherwise.
   */
  static void validate(byte[] lp) {
    if (lp.length < HEADER + 1 || total(lp) != lp.length || (lp[lp.length - 1] & 0xFF) != END) {
      throw new IllegalArgumentException("bad listpack header");
    }
    try {
      int p = HEADER;
      while ((lp[p] & 0xFF) != END) {
        int size = encodedSize(lp, p);
        int after = p + size + backlenSize(size);
        if (size <= 0 || after >= lp.length || previousFrom(lp, after) != p) {
          throw new IllegalArgumentException("bad listpack element at " + p);
        }
        p = after;
      }
      if (p != lp.length - 1) {
        throw new IllegalArgumentException("listpack ends early");
      }
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      throw new IllegalArgumentException("bad listpack element", e);
    }
  }
}
