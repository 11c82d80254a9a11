package io.redstone.persistence.format;

import java.util.zip.CRC32C;

/**
 * Frames payloads into records: {@code length | payloadCrc | headerCrc | payload}, checksums by
 * CRC32C (hardware-accelerated in the JDK). One framer per thread: it keeps its checksum state.
 *
 * <p>Typical use encodes the payload straight into the output buffer, so nothing is copied twice:
 *
 * <pre>{@code
 * int start = framer.begin(out);
 * out.writeByte(kind); ...            // the payload
 * framer.seal(out, start);
 * }</pre>
 */
public final class RecordFramer {
  /** Bytes before the payload. */
  public static final int HEADER_SIZE = 12;

  /** The largest payload a record may carry: what a Java array can hold. */
  public static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

  private final CRC32C crc = new CRC32C();

  /**
   * Reserves a record header in {@code out}; returns where the record starts, for {@link #seal}.
   */
  public int begin(RecordBuffer out) {
    return out.skip(HEADER_SIZE);
  }

  /** Completes the record begun at {@code start}: its payload is everything written since. */
  public void seal(RecordBuffer out, int start) {
    byte[] data = out.array();
    int payloadStart = start + HEADER_SIZE;
    int payloadLength = out.length() - payloadStart;
    if (payloadLength < 1) {
      throw new IllegalStateException("a record needs at least its kind byte");
    }
    crc.reset();
    crc.update(data, payloadStart, payloadLength);
    writeHeader(data, start, payloadLength, (int) crc.getValue());
  }

  /**
   * For payloads written in pieces without copying them together: start the checksum with {@link
   * #startPayload()}, feed each piece to {@link #payloadPiece}, then {@link #header} gives the
   * record header to write before the pieces.
   */
  public void startPayload() {
    crc.reset();
  }

  public void payloadPiece(byte[] bytes, int offset, int count) {
    crc.update(bytes, offset, count);
  }

  /**
   * Writes the header of a payload of {@code payloadLength} bytes whose pieces were fed since
   * {@link #startPayload()}.
   */
  public void header(byte[] into, int at, int payloadLength) {
    writeHeader(into, at, payloadLength, (int) crc.getValue());
  }

  private void writeHeader(byte[] into, int at, int payloadLength, int payloadCrc) {
    RecordBuffer.putInt(into, at, payloadLength);
    RecordBuffer.putInt(into, at + 4, payloadCrc);
    crc.reset();
    crc.update(into, at, 8);
    RecordBuffer.putInt(into, at + 8, (int) crc.getValue());
  }
}
