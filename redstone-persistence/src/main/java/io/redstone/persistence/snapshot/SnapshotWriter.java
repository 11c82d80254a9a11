package io.redstone.persistence.snapshot;

import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.RecordBuffer;
import io.redstone.persistence.format.RecordFramer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a snapshot one entry at a time, as a keyspace walk produces them, to a channel the caller
 * chose: the thread that calls {@link #entry} is the thread that writes (buffered, 64 KiB at a
 * time). To encode on one thread and write on another, pass a channel that copies what it is given
 * into a queue (the bytes of a {@code write} call are reused after it returns).
 *
 * <p>The writer does not fsync or close the channel; {@link SnapshotFile} does that for files. Not
 * thread-safe.
 */
public final class SnapshotWriter {
  /** The expire-at of a key without a TTL (the engine's own sentinel). */
  public static final long NO_EXPIRY = -1L;

  static final int INFO = 0x10;
  static final int ENTRY = 0x11;
  static final int END = 0x12;
  static final int PART = 0x13;
  static final int LIBRARY = 0x14;
  static final int FLAG_EXPIRES = 0x01;

  /** On an entry: its value is the first of several parts; part records follow at once. */
  static final int FLAG_IN_PARTS = 0x02;

  /** On a part: the value's last. */
  static final int PART_LAST = 0x01;

  private static final byte[] NO_KEY = new byte[0];

  private static final int FLUSH_AT = 64 * 1024;

  /** Keys plus values above this go to the channel straight from the caller's arrays. */
  private static final int LARGE = 256 * 1024;

  private final WritableByteChannel out;
  private final RecordFramer framer = new RecordFramer();
  private final RecordBuffer buffer = new RecordBuffer(FLUSH_AT + 1024, 4 * FLUSH_AT);
  private final RecordBuffer scratch = new RecordBuffer(64);
  private long entries;
  private long libraries;
  private long flushed;
  private boolean finished;

  private SnapshotWriter(WritableByteChannel out) {
    this.out = out;
  }

  /**
   * Starts a snapshot on {@code out}: the file header and the info record (buffered until the first
   * flush).
   *
   * @param aux free-form name/value pairs stored in the info record, e.g. the writer's version
   */
  public static SnapshotWriter start(
      WritableByteChannel out, long createdAtMillis, Map<String, String> aux) {
    SnapshotWriter writer = new SnapshotWriter(out);
    writer.buffer.writeBytes(FileKind.SNAPSHOT.header());
    int start = writer.framer.begin(writer.buffer);
    writer.buffer.writeByte(INFO);
    writer.buffer.writeLong(createdAtMillis);
    writer.buffer.writeVarint(aux.size());
    for (Map.Entry<String, String> pair : aux.entrySet()) {
      writer.buffer.writeLengthPrefixed(pair.getKey().getBytes(StandardCharsets.UTF_8));
      writer.buffer.writeLengthPrefixed(pair.getValue().getBytes(StandardCharsets.UTF_8));
    }
    writer.framer.seal(writer.buffer, start);
    return writer;
  }

  /**
   * Adds one function library: its code, whose {@code #!lua name=...} line names it and whose
   * {@code redis.register_function} calls make its functions again when it is loaded. Libraries
   * come before the keys, as Redis's RDB puts its functions before the databases, so a loader has
   * them in place when the keys arrive.
   *
   * @throws IllegalStateException after the first key
   */
  public void library(byte[] code) throws IOException {
    if (finished) {
      throw new IllegalStateException("snapshot already finished");
    }
    if (entries > 0) {
      throw new IllegalStateException("function libraries go before the keys");
    }
    scratch.clear();
    scratch.writeByte(LIBRARY);
    record(NO_KEY, code);
    libraries++;
  }

  /**
   * Adds one key. The arrays are read before this returns and not kept.
   *
   * @param db database index, non-negative
   * @param value the value's bytes ({@link ValueType#STRING}: the string)
   * @param expireAtMillis absolute unix milliseconds, or {@link #NO_EXPIRY}
   */
  public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAtMillis)
      throws IOException {
    entryRecord(db, type, key, value, expireAtMillis, 0);
    entries++;
  }

  /**
   * Adds one key whose value comes in {@code parts}, each a bounded slice of a big collection: an
   * entry record with the first part, then one part record for each of the others, so no record
   * holds the whole value and a reader can rebuild it part by part. One part is a plain {@link
   * #entry}. The expiry is stored once, on the entry; a reader applies it when the value is whole.
   */
  public void entryInParts(
      int db, ValueType type, byte[] key, List<byte[]> parts, long expireAtMillis)
      throws IOException {
    if (parts.size() == 1) {
      entry(db, type, key, parts.get(0), expireAtMillis);
      return;
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a value without parts");
    }
    entryRecord(db, type, key, parts.get(0), expireAtMillis, FLAG_IN_PARTS);
    for (int i = 1; i < parts.size(); i++) {
      scratch.clear();
      scratch.writeByte(PART);
      scratch.writeByte(i == parts.size() - 1 ? PART_LAST : 0);
      record(NO_KEY, parts.get(i));
    }
    entries++;
  }

  private void entryRecord(
      int db, ValueType type, byte[] key, byte[] value, long expireAtMillis, int flags)
      throws IOException {
    if (finished) {
      throw new IllegalStateException("snapshot already finished");
    }
    if (db < 0) {
      throw new IllegalArgumentException("negative db " + db);
    }
    scratch.clear();
    scratch.writeByte(ENTRY);
    scratch.writeVarint(db);
    scratch.writeByte(type.code());
    if (expireAtMillis == NO_EXPIRY) {
      scratch.writeByte(flags);
    } else {
      scratch.writeByte(flags | FLAG_EXPIRES);
      scratch.writeLong(expireAtMillis);
    }
    scratch.writeVarint(key.length);
    record(key, value);
  }

  /** One record: what {@link #scratch} holds, then {@code key}, then {@code value} prefixed. */
  private void record(byte[] key, byte[] value) throws IOException {
    long payload =
        (long) scratch.length() + key.length + RecordBuffer.varintSize(value.length) + value.length;
    if (payload > RecordFramer.MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "entry of " + payload + " bytes is too large for a record");
    }
    if (key.length + (long) value.length > LARGE) {
      writeLargeEntry(key, value, (int) payload);
    } else {
      int start = framer.begin(buffer);
      buffer.writeBytes(scratch.array(), 0, scratch.length());
      buffer.writeBytes(key);
      buffer.writeLengthPrefixed(value);
      framer.seal(buffer, start);
      if (buffer.length() >= FLUSH_AT) {
        flush();
      }
    }
  }

  /** A large record goes out in pieces from the caller's arrays rather than through the buffer. */
  private void writeLargeEntry(byte[] key, byte[] value, int payloadLength) throws IOException {
    int prefixLength = scratch.length();
    scratch.writeVarint(value.length);
    framer.startPayload();
    framer.payloadPiece(scratch.array(), 0, prefixLength);
    framer.payloadPiece(key, 0, key.length);
    framer.payloadPiece(scratch.array(), prefixLength, scratch.length() - prefixLength);
    framer.payloadPiece(value, 0, value.length);
    int start = buffer.skip(RecordFramer.HEADER_SIZE);
    framer.header(buffer.array(), start, payloadLength);
    buffer.writeBytes(scratch.array(), 0, prefixLength);
    flush();
    writeFully(ByteBuffer.wrap(key));
    buffer.writeBytes(scratch.array(), prefixLength, scratch.length() - prefixLength);
    flush();
    writeFully(ByteBuffer.wrap(value));
  }

  /** Writes the end record and everything buffered. Entries cannot be added afterwards. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    int start = framer.begin(buffer);
    buffer.writeByte(END);
    buffer.writeLong(entries);
    framer.seal(buffer, start);
    flush();
    finished = true;
  }

  public boolean finished() {
    return finished;
  }

  /** Entries (keys) added so far. */
  public long entries() {
    return entries;
  }

  /** Function libraries added so far. */
  public long libraries() {
    return libraries;
  }

  /** Bytes produced so far, written or still buffered. */
  public long size() {
    return flushed + buffer.length();
  }

  private void flush() throws IOException {
    if (!buffer.isEmpty()) {
      writeFully(buffer.asByteBuffer());
      buffer.clear();
    }
  }

  private void writeFully(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      flushed += out.write(bytes);
    }
  }
}
