package io.redstone.persistence.aof;

import io.redstone.persistence.format.RecordBuffer;
import io.redstone.persistence.format.RecordFramer;

/**
 * Encodes write effects as append-only log records: one record per {@code (db, argv)}.
 *
 * <p>Payload: kind {@code 0x01}, db (varint), argc (varint), then each argument as a varint length
 * and its bytes. A {@code SET k v} costs 12 header bytes plus its arguments plus 7.
 *
 * <p>Cheap enough for the storage thread: no allocation per record once the output buffer has
 * grown, one size computation, one copy of each argument, and the CRC32C intrinsic. Not
 * thread-safe: one encoder per thread.
 */
public final class AofRecordEncoder {
  /** The record kind of a write effect. Kinds are never reused: readers reject unknown ones. */
  static final int COMMAND = 0x01;

  private final RecordFramer framer = new RecordFramer();

  /**
   * Appends one record to {@code out}; returns the bytes it took.
   *
   * @param db the database index, non-negative
   * @param argv the command and its arguments, at least one; read, not kept
   */
  public int encode(int db, byte[][] argv, RecordBuffer out) {
    if (db < 0) {
      throw new IllegalArgumentException("negative db " + db);
    }
    if (argv.length == 0) {
      throw new IllegalArgumentException("empty argv");
    }
    long payload = 1L + RecordBuffer.varintSize(db) + RecordBuffer.varintSize(argv.length);
    for (byte[] arg : argv) {
      payload += RecordBuffer.varintSize(arg.length) + (long) arg.length;
    }
    if (payload > RecordFramer.MAX_PAYLOAD) {
      throw new IllegalArgumentException("command of " + payload + " bytes is too large for a record");
    }
    out.ensureSpace(RecordFramer.HEADER_SIZE + payload);
    int start = framer.begin(out);
    out.writeByte(COMMAND);
    out.writeVarint(db);
    out.writeVarint(argv.length);
    for (byte[] arg : argv) {
      out.writeLengthPrefixed(arg);
    }
    framer.seal(out, start);
    return out.length() - start;
  }
}
