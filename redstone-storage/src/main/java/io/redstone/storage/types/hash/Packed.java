package io.redstone.storage.types.hash;

import java.util.Arrays;

/**
 * The compact encoding of a small hash, Redstone's counterpart of Redis's listpack: one {@code
 * byte[]} holding the number of pairs (4 bytes, big-endian) and then each field and its value as a
 * length (unsigned LEB128, one byte up to 127) followed by the bytes, in insertion order. A hash of
 * ten short fields costs one array and no object per field.
 *
 * <p>Every change but a same-length value update builds a new array sized exactly, as a listpack is
 * reallocated; a hash stays in this form only while it is small, so the copying stays cheap.
 */
final class Packed {
  static final int HEADER = 4;

  /** No pairs. Never changed in place: only a field's value is, and this holds none. */
  static final byte[] EMPTY = new byte[HEADER];

  private Packed() {}

  static int count(byte[] p) {
    return (p[0] & 0xff) << 24 | (p[1] & 0xff) << 16 | (p[2] & 0xff) << 8 | (p[3] & 0xff);
  }

  /** Writes the pair count into the header at {@code at} (0 for a packed hash itself). */
  static void writeCount(byte[] p, int at, int count) {
    p[at] = (byte) (count >>> 24);
    p[at + 1] = (byte) (count >>> 16);
    p[at + 2] = (byte) (count >>> 8);
    p[at + 3] = (byte) count;
  }

  private static void count(byte[] p, int count) {
    writeCount(p, 0, count);
  }

  /** The length stored in the entry at {@code at}. */
  static int length(byte[] p, int at) {
    int value = 0;
    int shift = 0;
    byte b;
    do {
      b = p[at++];
      value |= (b & 0x7f) << shift;
      shift += 7;
    } while (b < 0);
    return value;
  }

  /** Where the bytes of the entry at {@code at} start, after its length. */
  static int data(byte[] p, int at) {
    while (p[at] < 0) {
      at++;
    }
    return at + 1;
  }

  /** The offset of the entry after the one at {@code at}. */
  static int next(byte[] p, int at) {
    int length = length(p, at);
    return data(p, at) + length;
  }

  /** Bytes an entry of {@code length} data bytes takes, its length included. */
  static int entrySize(int length) {
    return lengthSize(length) + length;
  }

  private static int lengthSize(int length) {
    int size = 1;
    while ((length >>>= 7) != 0) {
      size++;
    }
    return size;
  }

  /** Writes an entry holding {@code bytes} at {@code at}; returns the offset after it. */
  static int writeEntry(byte[] p, int at, byte[] bytes) {
    int length = bytes.length;
    while ((length & ~0x7f) != 0) {
      p[at++] = (byte) ((length & 0x7f) | 0x80);
      length >>>= 7;
    }
    p[at++] = (byte) length;
    System.arraycopy(bytes, 0, p, at, bytes.length);
    return at + bytes.length;
  }

  /** Whether the entry at {@code at} holds exactly {@code bytes}. */
  static boolean entryEquals(byte[] p, int at, byte[] bytes) {
    int length = length(p, at);
    if (length != bytes.length) {
      return false;
    }
    int start = data(p, at);
    return Arrays.equals(p, start, start + length, bytes, 0, length);
  }

  /** A copy of the bytes of the entry at {@code at}. */
  static byte[] entry(byte[] p, int at) {
    int start = data(p, at);
    return Arrays.copyOfRange(p, start, start + length(p, at));
  }

  /** The offset of the field entry equal to {@code field}, or -1. */
  static int find(byte[] p, byte[] field) {
    int at = HEADER;
    while (at < p.length) {
      if (entryEquals(p, at, field)) {
        return at;
      }
      at = next(p, next(p, at));
    }
    return -1;
  }

  /** The offsets of every field entry, in order. */
  static int[] fieldOffsets(byte[] p) {
    int[] offsets = new int[count(p)];
    int at = HEADER;
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = at;
      at = next(p, next(p, at));
    }
    return offsets;
  }

  /** {@code p} with the pair appended. */
  static byte[] append(byte[] p, byte[] field, byte[] value) {
    byte[] grown = Arrays.copyOf(p, p.length + entrySize(field.length) + entrySize(value.length));
    writeEntry(grown, writeEntry(grown, p.length, field), value);
    count(grown, count(p) + 1);
    return grown;
  }

  /**
   * {@code p} with the value entry at {@code valueAt} replaced: the same array, changed in place,
   * when the new entry has the old one's size, else a new one.
   */
  static byte[] replace(byte[] p, int valueAt, byte[] value) {
    int end = next(p, valueAt);
    int size = entrySize(value.length);
    if (size == end - valueAt) {
      writeEntry(p, valueAt, value);
      return p;
    }
    byte[] changed = new byte[p.length - (end - valueAt) + size];
    System.arraycopy(p, 0, changed, 0, valueAt);
    int after = writeEntry(changed, valueAt, value);
    System.arraycopy(p, end, changed, after, p.length - end);
    return changed;
  }

  /** {@code p} without the pair whose field entry is at {@code fieldAt}. */
  static byte[] remove(byte[] p, int fieldAt) {
    int end = next(p, next(p, fieldAt));
    byte[] shrunk = new byte[p.length - (end - fieldAt)];
    System.arraycopy(p, 0, shrunk, 0, fieldAt);
    System.arraycopy(p, end, shrunk, fieldAt, p.length - end);
    count(shrunk, count(p) - 1);
    return shrunk;
  }
}
