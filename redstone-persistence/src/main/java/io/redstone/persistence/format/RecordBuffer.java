package io.redstone.persistence.format;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array that records are encoded into, reused from record to record so encoding
 * makes no garbage once it has grown to the working size. Not thread-safe: hand a filled buffer to
 * another thread only through a safe publication (a queue), and do not touch it meanwhile.
 */
public final class RecordBuffer {
  /** Arrays can be a few bytes short of {@code Integer.MAX_VALUE} in some JVMs. */
  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

  private final int initialCapacity;
  private final int retainedCapacity;
  private byte[] data;
  private int length;

  /** A buffer that keeps up to 1 MiB of capacity across {@link #clear()}. */
  public RecordBuffer(int initialCapacity) {
    this(initialCapacity, 1 << 20);
  }

  /**
   * @param retainedCapacity {@link #clear()} gives back an array that grew beyond this (one huge
   *     record must not pin its size in memory for the life of the buffer)
   */
  public RecordBuffer(int initialCapacity, int retainedCapacity) {
    if (initialCapacity < 0 || retainedCapacity < initialCapacity) {
      throw new IllegalArgumentException(
          "capacities " + initialCapacity + "/" + retainedCapacity + " are invalid");
    }
    this.initialCapacity = initialCapacity;
    this.retainedCapacity = retainedCapacity;
    this.data = new byte[initialCapacity];
  }

  /**
   * The backing array; bytes {@code [0, length())} are the content. Changes when the buffer grows.
   */
  public byte[] array() {
    return data;
  }

  public int length() {
    return length;
  }

  public boolean isEmpty() {
    return length == 0;
  }

  /** Empties the buffer, keeping its array unless that grew beyond the retained capacity. */
  public void clear() {
    length = 0;
    if (data.length > retainedCapacity) {
      data = new byte[initialCapacity];
    }
  }

  /** The content as a read-only-by-convention view over the backing array (no copy). */
  public ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(data, 0, length);
  }

  /** A copy of the content. */
  public byte[] toByteArray() {
    return Arrays.copyOf(data, length);
  }

  /** Makes room for {@code extra} more bytes. */
  public void ensureSpace(long extra) {
    long needed = length + extra;
    if (needed <= data.length) {
      return;
    }
    if (needed > MAX_CAPACITY) {
      throw new IllegalStateException(
          "record buffer cannot hold " + needed + " bytes (limit " + MAX_CAPACITY + ")");
    }
    long grown = Math.max(needed, Math.min((long) data.length * 2, MAX_CAPACITY));
    data = Arrays.copyOf(data, (int) Math.max(grown, 64));
  }

  /** Drops everything from {@code newLength} on (e.g. a record begun and abandoned). */
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IndexOutOfBoundsException("length " + newLength + " of " + length);
    }
    length = newLength;
  }

  /** Overwrites four bytes at {@code at}, inside the content (a count filled in afterwards). */
  public void putInt(int at, int value) {
    if (at < 0 || at + 4 > length) {
      throw new IndexOutOfBoundsException("int at " + at + " of " + length);
    }
    putInt(data, at, value);
  }

  /**
   * Moves the end by {@code count} bytes (reserved space that is filled in later); returns the old
   * end.
   */
  public int skip(int count) {
    ensureSpace(count);
    int at = length;
    length += count;
    return at;
  }

  public void writeByte(int value) {
    ensureSpace(1);
    data[length++] = (byte) value;
  }

  public void writeInt(int value) {
    ensureSpace(4);
    putInt(data, length, value);
    length += 4;
  }

  public void writeLong(long value) {
    ensureSpace(8);
    putInt(data, length, (int) (value >>> 32));
    putInt(data, length + 4, (int) value);
    length += 8;
  }

  /** An unsigned LEB128 varint of a non-negative {@code value}: 1 byte below 128, at most 5. */
  public void writeVarint(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative varint " + value);
    }
    ensureSpace(5);
    while (value >= 0x80) {
      data[length++] = (byte) (value | 0x80);
      value >>>= 7;
    }
    data[length++] = (byte) value;
  }

  public void writeBytes(byte[] bytes) {
    writeBytes(bytes, 0, bytes.length);
  }

  public void writeBytes(byte[] bytes, int offset, int count) {
    ensureSpace(count);
    System.arraycopy(bytes, offset, data, length, count);
    length += count;
  }

  /** A varint's length then the bytes. */
  public void writeLengthPrefixed(byte[] bytes) {
    writeVarint(bytes.length);
    writeBytes(bytes, 0, bytes.length);
  }

  /** Bytes {@link #writeVarint(int)} takes for {@code value}. */
  public static int varintSize(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative varint " + value);
    }
    int size = 1;
    while (value >= 0x80) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  static void putInt(byte[] into, int at, int value) {
    into[at] = (byte) (value >>> 24);
    into[at + 1] = (byte) (value >>> 16);
    into[at + 2] = (byte) (value >>> 8);
    into[at + 3] = (byte) value;
  }

  static int getInt(byte[] from, int at) {
    return (from[at] & 0xff) << 24
        | (from[at + 1] & 0xff) << 16
        | (from[at + 2] & 0xff) << 8
        | (from[at + 3] & 0xff);
  }
}
