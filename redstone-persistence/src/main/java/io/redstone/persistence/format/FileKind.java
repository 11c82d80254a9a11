package io.redstone.persistence.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The kinds of Redstone persistence file, each with its own magic, and the file header they share:
 * eight magic bytes, then the format version as a big-endian u32.
 */
public enum FileKind {
  /** An increment of the append-only log: one record per write effect. */
  AOF_INCREMENT("REDSTAOF", "an append-only log increment", true),
  /** A snapshot: the AOF base file and the {@code SAVE}/{@code BGSAVE} dump. */
  SNAPSHOT("REDSTSNP", "a snapshot", false);

  /** Magic plus version. */
  public static final int HEADER_SIZE = 12;

  /** The only format version this code writes and reads. */
  public static final int VERSION = 1;

  private final byte[] header;
  private final String description;
  private final boolean mayReserveSpace;

  FileKind(String magic, String description, boolean mayReserveSpace) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    header = Arrays.copyOf(m, HEADER_SIZE);
    RecordBuffer.putInt(header, m.length, VERSION);
    this.description = description;
    this.mayReserveSpace = mayReserveSpace;
  }

  /**
   * Whether files of this kind may end in reserved zero bytes after their last record (see the
   * package documentation). Only the append-only log's increments do: they are written in place.
   */
  public boolean mayReserveSpace() {
    return mayReserveSpace;
  }

  /** The twelve bytes every file of this kind starts with. */
  public byte[] header() {
    return header.clone();
  }

  /** Words for messages, with the article: {@code a snapshot}. */
  public String description() {
    return description;
  }

  /**
   * Checks a complete header; returns null when it is this kind's, else what is wrong with it (and,
   * for a file Redis wrote, says so: Redstone does not read Redis's formats).
   */
  String problemWith(byte[] got) {
    if (Arrays.equals(got, 0, 8, header, 0, 8)) {
      int version = RecordBuffer.getInt(got, 8);
      return version == VERSION
          ? null
          : "unsupported format version "
              + Integer.toUnsignedString(version)
              + " (this Redstone reads version "
              + VERSION
              + ")";
    }
    for (FileKind other : values()) {
      if (other != this && Arrays.equals(got, 0, 8, other.header, 0, 8)) {
        return "this is " + other.description + ", not " + description;
      }
    }
    if (new String(got, 0, 5, StandardCharsets.ISO_8859_1).equals("REDIS")) {
      return "this is a Redis RDB file, which Redstone cannot read";
    }
    if (got[0] == '*') {
      return "this looks like a Redis AOF (RESP commands), which Redstone cannot read";
    }
    return "bad magic: not " + description + " written by Redstone";
  }

  /**
   * Whether {@code length} bytes read from the start of a file could be an unfinished header write.
   */
  boolean isTornHeader(byte[] got, int length) {
    return Arrays.equals(got, 0, length, header, 0, length) || allZero(got, 0, length);
  }

  static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
