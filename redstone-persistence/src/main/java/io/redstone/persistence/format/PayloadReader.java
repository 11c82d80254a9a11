package io.redstone.persistence.format;

import java.util.Arrays;

/**
 * Reads the fields of one payload with bounds checks: a length that runs past the payload is a
 * {@link MalformedPayloadException}, never an out-of-bounds error or a huge allocation.
 */
public final class PayloadReader {
  private byte[] data;
  private int position;
  private int end;

  /** Starts reading {@code length} bytes of {@code data}; the reader is reused across payloads. */
  public PayloadReader reset(byte[] data, int length) {
    this.data = data;
    this.position = 0;
    this.end = length;
    return this;
  }

  public int remaining() {
    return end - position;
  }

  public int readByte() throws MalformedPayloadException {
    need(1, "a byte");
    return data[position++] & 0xff;
  }

  /** A big-endian 32-bit integer. */
  public int readInt() throws MalformedPayloadException {
    need(4, "a 32-bit integer");
    int value = RecordBuffer.getInt(data, position);
    position += 4;
    return value;
  }

  public long readLong() throws MalformedPayloadException {
    need(8, "a 64-bit integer");
    long high = RecordBuffer.getInt(data, position) & 0xffffffffL;
    long low = RecordBuffer.getInt(data, position + 4) & 0xffffffffL;
    position += 8;
    return high << 32 | low;
  }

  /** A varint written by {@link RecordBuffer#writeVarint(int)}: non-negative, at most 5 bytes. */
  public int readVarint() throws MalformedPayloadException {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = readByte();
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (value < 0 || (shift == 28 && b > 0x07)) {
          throw new MalformedPayloadException("varint out of range");
        }
        return value;
      }
    }
    throw new MalformedPayloadException("varint longer than 5 bytes");
  }

  /** A varint length then that many bytes, copied. */
  public byte[] readLengthPrefixed() throws MalformedPayloadException {
    int length = readVarint();
    need(length, length + " bytes");
    byte[] bytes = Arrays.copyOfRange(data, position, position + length);
    position += length;
    return bytes;
  }

  /**
   * Fails unless the whole payload was read: trailing bytes mean a format this reader does not
   * know.
   */
  public void expectEnd() throws MalformedPayloadException {
    if (position != end) {
      throw new MalformedPayloadException(
          (end - position) + " unexpected bytes at the end of the record");
    }
  }

  private void need(int count, String what) throws MalformedPayloadException {
    if (count > end - position) {
      throw new MalformedPayloadException(
          "record ends before " + what + " (" + (end - position) + " bytes left)");
    }
  }
}
