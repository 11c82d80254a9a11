package io.redstone.persistence.aof;

import io.redstone.persistence.format.RecordBuffer;
import io.redstone.persistence.format.RecordFramer;

/**
 * Encodes write effects as append-only log records.
 *
 * <p>A command record holds one effect: kind {@code 0x01}, db (varint), argc (varint), then each
 * argument as a varint length and its bytes. A {@code SET k v} costs 12 header bytes plus its
 * arguments plus 7.
 *
 * <p>A group record holds several effects that must load all or none: kind {@code 0x02}, the effect
 * count (u32), then each effect as db, argc, arguments. Use it for a transaction or a command with
 * several effects: one record has one checksum, so a torn write drops the whole group rather than
 * replaying half of it (Redis drops an unfinished {@code MULTI} at the tail for the same reason).
 *
 * <p>Cheap enough for the storage thread: no allocation per record once the output buffer has
 * grown, one size computation, one copy of each argument, and the CRC32C intrinsic. Not
 * thread-safe: one encoder per thread.
 */
public final class AofRecordEncoder {
  /** Record kinds. Never reused: readers reject kinds they do not know. */
  static final int COMMAND = 0x01;

  static final int GROUP = 0x02;

  private final RecordFramer framer = new RecordFramer();
  private RecordBuffer groupOut;
  private int groupStart;
  private int groupCount;

  /**
   * Appends one record to {@code out}; returns the bytes it took.
   *
   * @param db the database index, non-negative
   * @param argv the command and its arguments, at least one; read, not kept
   */
  public int encode(int db, byte[][] argv, RecordBuffer out) {
    if (groupOut != null) {
      throw new IllegalStateException("a group is open");
    }
    long payload = 1L + effectSize(db, argv);
    if (payload > RecordFramer.MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "command of " + payload + " bytes is too large for a record");
    }
    out.ensureSpace(RecordFramer.HEADER_SIZE + payload);
    int start = framer.begin(out);
    out.writeByte(COMMAND);
    writeEffect(db, argv, out);
    framer.seal(out, start);
    return out.length() - start;
  }

  /**
   * Opens a group record in {@code out}: {@link #addToGroup} the effects, then {@link #endGroup}.
   */
  public void beginGroup(RecordBuffer out) {
    if (groupOut != null) {
      throw new IllegalStateException("a group is open");
    }
    groupOut = out;
    groupStart = framer.begin(out);
    out.writeByte(GROUP);
    out.writeInt(0);
    groupCount = 0;
  }

  /** Adds an effect to the open group. */
  public void addToGroup(int db, byte[][] argv) {
    if (groupOut == null) {
      throw new IllegalStateException("no group is open");
    }
    long payload =
        (long) groupOut.length() - groupStart - RecordFramer.HEADER_SIZE + effectSize(db, argv);
    if (payload > RecordFramer.MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "group of " + payload + " bytes is too large for a record");
    }
    writeEffect(db, argv, groupOut);
    groupCount++;
  }

  /**
   * Seals the open group and returns the bytes it took; an empty group leaves nothing in the buffer
   * and returns 0.
   */
  public int endGroup() {
    if (groupOut == null) {
      throw new IllegalStateException("no group is open");
    }
    RecordBuffer out = groupOut;
    groupOut = null;
    if (groupCount == 0) {
      out.truncate(groupStart);
      return 0;
    }
    out.putInt(groupStart + RecordFramer.HEADER_SIZE + 1, groupCount);
    framer.seal(out, groupStart);
    return out.length() - groupStart;
  }

  private static long effectSize(int db, byte[][] argv) {
    if (db < 0) {
      throw new IllegalArgumentException("negative db " + db);
    }
    if (argv.length == 0) {
      throw new IllegalArgumentException("empty argv");
    }
    long size = RecordBuffer.varintSize(db) + RecordBuffer.varintSize(argv.length);
    for (byte[] arg : argv) {
      size += RecordBuffer.varintSize(arg.length) + (long) arg.length;
    }
    return size;
  }

  private static void writeEffect(int db, byte[][] argv, RecordBuffer out) {
    out.writeVarint(db);
    out.writeVarint(argv.length);
    for (byte[] arg : argv) {
      out.writeLengthPrefixed(arg);
    }
  }
}
