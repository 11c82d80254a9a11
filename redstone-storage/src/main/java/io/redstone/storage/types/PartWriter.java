package io.redstone.storage.types;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a collection's elements into stored parts bounded by {@link PartLimits}: each part is a
 * complete payload of the type's format (its header, which states the part's element count, and its
 * elements), so a loader decodes one part at a time. A codec writes an element's bytes and calls
 * {@link #endElement}; the part is cut there when it is full.
 */
public final class PartWriter {
  /** The header of a part holding {@code count} elements, in the type's format. */
  @FunctionalInterface
  public interface Header {
    byte[] of(int count);
  }

  private final PartLimits limits;
  private final Header header;
  private final List<byte[]> parts = new ArrayList<>();
  private byte[] body;
  private int length;
  private int count;

  public PartWriter(PartLimits limits, Header header) {
    this.limits = limits;
    this.header = header;
    this.body = new byte[Math.min(limits.maxBytes(), 1024) + 64];
  }

  public void writeByte(int value) {
    ensure(1);
    body[length++] = (byte) value;
  }

  /** Big-endian, as {@link java.nio.ByteBuffer}'s default. */
  public void writeInt(int value) {
    ensure(4);
    body[length++] = (byte) (value >>> 24);
    body[length++] = (byte) (value >>> 16);
    body[length++] = (byte) (value >>> 8);
    body[length++] = (byte) value;
  }

  /** Big-endian, as {@link java.nio.ByteBuffer}'s default. */
  public void writeLong(long value) {
    writeInt((int) (value >>> 32));
    writeInt((int) value);
  }

  /** Unsigned LEB128: seven bits a byte, low bits first. */
  public void writeVarint(long value) {
    ensure(10);
    while ((value & ~0x7fL) != 0) {
      body[length++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    body[length++] = (byte) value;
  }

  public void writeBytes(byte[] bytes) {
    writeBytes(bytes, 0, bytes.length);
  }

  public void writeBytes(byte[] bytes, int offset, int count) {
    ensure(count);
    System.arraycopy(bytes, offset, body, length, count);
    length += count;
  }

  /** One element is complete; the part is cut here if it reached a limit. */
  public void endElement() {
    count++;
    if (count >= limits.maxElements() || length >= limits.maxBytes()) {
      cut();
    }
  }

  /** The parts, at least one (an empty collection is one part with no elements). */
  public List<byte[]> finish() {
    if (count > 0 || parts.isEmpty()) {
      cut();
    }
    return List.copyOf(parts);
  }

  private void cut() {
    byte[] head = header.of(count);
    byte[] part = Arrays.copyOf(head, head.length + length);
    System.arraycopy(body, 0, part, head.length, length);
    parts.add(part);
    count = 0;
    length = 0;
    if (body.length > 2 * (limits.maxBytes() + 64L)) {
      // One huge element grew the buffer: give it back rather than hold it for the whole value.
      body = new byte[Math.min(limits.maxBytes(), 1024) + 64];
    }
  }

  private void ensure(int extra) {
    long needed = (long) length + extra;
    if (needed > body.length) {
      if (needed > Integer.MAX_VALUE - 64) {
        throw new IllegalStateException("a stored part of " + needed + " bytes is too large");
      }
      long grown = Math.max(needed, Math.min(2L * body.length, Integer.MAX_VALUE - 64));
      body = Arrays.copyOf(body, (int) grown);
    }
  }
}
