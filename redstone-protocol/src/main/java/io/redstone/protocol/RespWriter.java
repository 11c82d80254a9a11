package io.redstone.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes replies as RESP2 or RESP3 into one growable byte array, so the replies to a whole
 * pipelined batch leave in a single write. Reuse it: {@link #reset()} keeps the array.
 */
public final class RespWriter implements ReplySink {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_BULK_RESP2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_ARRAY_RESP2 = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_RESP3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE_RESP3 = "#t\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE_RESP3 = "#f\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int SMALL_INTEGERS = 128;
  private static final byte[][] INTEGER_REPLIES = new byte[SMALL_INTEGERS][];

  static {
    for (int i = 0; i < SMALL_INTEGERS; i++) {
      INTEGER_REPLIES[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
  }

  private byte[] buffer;
  private int size;
  private int protocol;

  public RespWriter() {
    this(2, 256);
  }

  public RespWriter(int protocol, int initialCapacity) {
    this.protocol = protocol;
    this.buffer = new byte[Math.max(16, initialCapacity)];
  }

  @Override
  public int protocol() {
    return protocol;
  }

  /** Switches protocol between replies, as {@code HELLO} does for the rest of the connection. */
  @Override
  public void protocol(int version) {
    this.protocol = version;
  }

  /** Bytes written since the last reset. */
  public int size() {
    return size;
  }

  /** The encoded bytes; valid up to {@link #size()} until the next write. */
  public byte[] array() {
    return buffer;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  public void reset() {
    size = 0;
  }

  @Override
  public long mark() {
    return size;
  }

  @Override
  public void discardSince(long mark) {
    if (mark < 0 || mark > size) {
      throw new IllegalArgumentException("mark " + mark + " is not within the " + size + " bytes");
    }
    size = (int) mark;
  }

  @Override
  public void simpleString(String text) {
    writeByte('+');
    writeAscii(text);
    write(CRLF);
  }

  @Override
  public void ok() {
    write(OK);
  }

  /**
   * As Redis's {@code addReplyErrorFormat}: line breaks at either end are dropped and those inside
   * become spaces, so no message can break the protocol.
   */
  @Override
  public void error(String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    int to = text.length;
    while (from < to && isLineBreak(text[from])) {
      from++;
    }
    while (to > from && isLineBreak(text[to - 1])) {
      to--;
    }
    ensure(to - from + 3);
    buffer[size++] = '-';
    for (int i = from; i < to; i++) {
      buffer[size++] = isLineBreak(text[i]) ? (byte) ' ' : text[i];
    }
    write(CRLF);
  }

  private static boolean isLineBreak(byte b) {
    return b == '\r' || b == '\n';
  }

  @Override
  public void integer(long value) {
    if (value >= 0 && value < SMALL_INTEGERS) {
      write(INTEGER_REPLIES[(int) value]);
      return;
    }
    writeByte(':');
    writeDecimal(value);
    write(CRLF);
  }

  @Override
  public void bulk(byte[] value) {
    if (value == null) {
      nullBulk();
    } else {
      bulk(value, 0, value.length);
    }
  }

  @Override
  public void bulk(byte[] value, int offset, int length) {
    ensure(length + 24);
    buffer[size++] = '$';
    writeDecimal(length);
    buffer[size++] = '\r';
    buffer[size++] = '\n';
    System.arraycopy(value, offset, buffer, size, length);
    size += length;
    buffer[size++] = '\r';
    buffer[size++] = '\n';
  }

  @Override
  public void bulk(String text) {
    bulk(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void nullBulk() {
    write(protocol == 3 ? NULL_RESP3 : NULL_BULK_RESP2);
  }

  @Override
  public void nullArray() {
    write(protocol == 3 ? NULL_RESP3 : NULL_ARRAY_RESP2);
  }

  @Override
  public void arrayHeader(int length) {
    header('*', length);
  }

  @Override
  public void mapHeader(int entries) {
    if (protocol == 3) {
      header('%', entries);
    } else {
      header('*', entries * 2);
    }
  }

  @Override
  public void setHeader(int length) {
    header(protocol == 3 ? '~' : '*', length);
  }

  @Override
  public void pushHeader(int length) {
    header(protocol == 3 ? '>' : '*', length);
  }

  @Override
  public void doubleValue(double value) {
    // Redis 7.0's %.17g, as the reference server prints: see DoubleFormat#formatG17.
    String text = DoubleFormat.formatG17(value);
    if (protocol == 3) {
      writeByte(',');
      writeAscii(text);
      write(CRLF);
    } else {
      bulk(text.getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Override
  public void formattedDouble(String text) {
    if (protocol == 3) {
      writeByte(',');
      writeAscii(text);
      write(CRLF);
    } else {
      bulk(text.getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Override
  public void bool(boolean value) {
    if (protocol == 3) {
      write(value ? TRUE_RESP3 : FALSE_RESP3);
    } else {
      integer(value ? 1 : 0);
    }
  }

  @Override
  public void verbatim(String format, byte[] text) {
    if (protocol != 3) {
      bulk(text);
      return;
    }
    ensure(text.length + 32);
    buffer[size++] = '=';
    writeDecimal(text.length + 4L);
    write(CRLF);
    writeAscii(format);
    writeByte(':');
    write(text);
    write(CRLF);
  }

  /** Appends bytes that are already RESP, such as a pre-encoded reply. */
  @Override
  public void raw(byte[] encoded) {
    write(encoded);
  }

  private void header(char type, int length) {
    ensure(24);
    buffer[size++] = (byte) type;
    writeDecimal(length);
    buffer[size++] = '\r';
    buffer[size++] = '\n';
  }

  private void writeAscii(String text) {
    int length = text.length();
    ensure(length);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      buffer[size++] = (byte) ((c == '\r' || c == '\n') ? ' ' : c);
    }
  }

  private void writeDecimal(long value) {
    ensure(20);
    if (value == Long.MIN_VALUE) {
      write("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    if (value < 0) {
      buffer[size++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    int end = size + digits;
    for (int i = end - 1; i >= size; i--) {
      buffer[i] = (byte) ('0' + (value % 10));
      value /= 10;
    }
    size = end;
  }

  private void writeByte(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  private void write(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      long wanted = Math.max((long) buffer.length << 1, (long) size + extra);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("reply buffer would exceed 2 GB");
      }
      buffer = Arrays.copyOf(buffer, (int) wanted);
    }
  }
}
