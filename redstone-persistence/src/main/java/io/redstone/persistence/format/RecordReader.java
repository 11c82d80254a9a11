package io.redstone.persistence.format;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads a file's records in order, checking the file header and every record's checksums, and
 * classifies the first bad record as a torn tail or corruption (see the package documentation). The
 * size is taken once at open: bytes appended later are not read.
 *
 * <pre>{@code
 * try (RecordReader in = RecordReader.open(path, FileKind.AOF_INCREMENT)) {
 *   while (in.next() == RecordReader.Next.RECORD) {
 *     use(in.payload(), in.payloadLength());
 *   }
 *   Damage damage = in.damage();      // null after END
 * }
 * }</pre>
 */
public final class RecordReader implements Closeable {
  /** What {@link #next()} found. */
  public enum Next {
    /** A good record: {@link #payload()} holds it. */
    RECORD,
    /**
     * The end of the records, right after a good record (or the header, or an empty file): the end
     * of the file, or reserved space (see the package documentation).
     */
    END,
    /**
     * A bad header or record: {@link #damage()} says where and what. Every later call says so too.
     */
    DAMAGED
  }

  private static final int WINDOW = 64 * 1024;

  private final FileKind kind;
  private final FileChannel channel;
  private final long size;
  private final CRC32C crc = new CRC32C();
  private final byte[] head = new byte[RecordFramer.HEADER_SIZE];
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
  private long windowStart;
  private boolean headerRead;
  private long position;
  private long recordOffset;
  private byte[] payload = new byte[256];
  private int payloadLength;
  private Damage damage;

  private RecordReader(FileKind kind, FileChannel channel) throws IOException {
    this.kind = kind;
    this.channel = channel;
    this.size = channel.size();
    window.limit(0);
  }

  public static RecordReader open(Path file, FileKind kind) throws IOException {
    return new RecordReader(kind, FileChannel.open(file, StandardOpenOption.READ));
  }

  /** The file's size when it was opened. */
  public long size() {
    return size;
  }

  /** The end of the last good record (or of the header): everything before it was checked. */
  public long position() {
    return position;
  }

  /** Where the record last returned (or the damaged one) starts. */
  public long recordOffset() {
    return recordOffset;
  }

  /** The last record's payload; valid until the next call. Bytes {@code [0, payloadLength())}. */
  public byte[] payload() {
    return payload;
  }

  public int payloadLength() {
    return payloadLength;
  }

  /** The damage {@link Next#DAMAGED} reported, else null. */
  public Damage damage() {
    return damage;
  }

  /**
   * Marks the record last returned as damaged although its checksums hold (its payload did not
   * parse). Corruption, never a torn tail: a torn write cannot produce matching checksums.
   */
  public Damage rejectRecord(String problem) {
    damage = new Damage(recordOffset, false, problem);
    position = recordOffset;
    return damage;
  }

  /** Reads the next record. */
  public Next next() throws IOException {
    if (damage != null) {
      return Next.DAMAGED;
    }
    if (!headerRead && !readFileHeader()) {
      return size == 0 ? Next.END : Next.DAMAGED;
    }
    recordOffset = position;
    long remaining = size - position;
    if (remaining == 0) {
      return Next.END;
    }
    int headBytes = (int) Math.min(remaining, RecordFramer.HEADER_SIZE);
    readAt(position, head, 0, headBytes);
    if (kind.mayReserveSpace()
        && FileKind.allZero(head, 0, headBytes)
        && zerosFrom(position + headBytes)) {
      return Next.END;
    }
    if (remaining < RecordFramer.HEADER_SIZE) {
      return damaged(
          true,
          "incomplete record header (" + remaining + " of " + RecordFramer.HEADER_SIZE + " bytes)");
    }
    crc.reset();
    crc.update(head, 0, 8);
    if ((int) crc.getValue() != RecordBuffer.getInt(head, 8)) {
      return damaged(
          zerosFrom(position + RecordFramer.HEADER_SIZE), "record header checksum mismatch");
    }
    int length = RecordBuffer.getInt(head, 0);
    if (length < 1 || length > RecordFramer.MAX_PAYLOAD) {
      return damaged(false, "invalid record length " + Integer.toUnsignedString(length));
    }
    long payloadEnd = position + RecordFramer.HEADER_SIZE + length;
    if (payloadEnd > size) {
      return damaged(
          true,
          "incomplete record ("
              + (remaining - RecordFramer.HEADER_SIZE)
              + " of "
              + length
              + " payload bytes)");
    }
    if (payload.length < length) {
      payload = new byte[Math.max(length, Math.min(payload.length * 2, RecordFramer.MAX_PAYLOAD))];
    }
    readAt(position + RecordFramer.HEADER_SIZE, payload, 0, length);
    crc.reset();
    crc.update(payload, 0, length);
    if ((int) crc.getValue() != RecordBuffer.getInt(head, 4)) {
      return damaged(zerosFrom(payloadEnd), "record payload checksum mismatch");
    }
    payloadLength = length;
    position = payloadEnd;
    return Next.RECORD;
  }

  private boolean readFileHeader() throws IOException {
    headerRead = true;
    recordOffset = 0;
    if (size == 0) {
      return false;
    }
    int n = (int) Math.min(size, FileKind.HEADER_SIZE);
    byte[] got = new byte[FileKind.HEADER_SIZE];
    readAt(0, got, 0, n);
    if (n < FileKind.HEADER_SIZE) {
      if (kind.isTornHeader(got, n)) {
        damaged(true, "incomplete file header (" + n + " of " + FileKind.HEADER_SIZE + " bytes)");
      } else {
        damaged(false, kind.problemWith(got));
      }
      return false;
    }
    String problem = kind.problemWith(got);
    if (problem != null) {
      damaged(kind.isTornHeader(got, n) && zerosFrom(n), problem);
      return false;
    }
    position = FileKind.HEADER_SIZE;
    return true;
  }

  private Next damaged(boolean tornTail, String problem) {
    damage = new Damage(recordOffset, tornTail, problem);
    return Next.DAMAGED;
  }

  /** Whether every byte from {@code from} to the end is zero (true when nothing is left). */
  private boolean zerosFrom(long from) throws IOException {
    byte[] chunk = new byte[(int) Math.min(WINDOW, Math.max(0, size - from))];
    for (long at = from; at < size; ) {
      int n = (int) Math.min(chunk.length, size - at);
      readAt(at, chunk, 0, n);
      if (!FileKind.allZero(chunk, 0, n)) {
        return false;
      }
      at += n;
    }
    return true;
  }

  /** Reads exactly {@code count} bytes at file offset {@code at}, which the size says exist. */
  private void readAt(long at, byte[] into, int offset, int count) throws IOException {
    while (count > 0) {
      long inWindow = at - windowStart;
      if (inWindow >= 0 && inWindow < window.limit()) {
        int n = (int) Math.min(count, window.limit() - inWindow);
        System.arraycopy(window.array(), (int) inWindow, into, offset, n);
        at += n;
        offset += n;
        count -= n;
      } else if (count >= WINDOW) {
        ByteBuffer direct = ByteBuffer.wrap(into, offset, count);
        while (direct.hasRemaining()) {
          if (channel.read(direct, at + direct.position() - offset) < 0) {
            throw new EOFException("file shrank while being read");
          }
        }
        return;
      } else {
        window.clear();
        windowStart = at;
        while (window.hasRemaining()) {
          if (channel.read(window, at + window.position()) < 0) {
            break;
          }
        }
        window.flip();
        if (window.limit() == 0) {
          throw new EOFException("file shrank while being read");
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
