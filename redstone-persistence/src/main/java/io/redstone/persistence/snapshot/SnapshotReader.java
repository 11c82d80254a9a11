package io.redstone.persistence.snapshot;

import io.redstone.persistence.CorruptFileException;
import io.redstone.persistence.ReplayException;
import io.redstone.persistence.format.Damage;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.FileScan;
import io.redstone.persistence.format.MalformedPayloadException;
import io.redstone.persistence.format.PayloadReader;
import io.redstone.persistence.format.RecordReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a snapshot, calling back once per entry. A snapshot is all or nothing: any damage,
 * including a missing end record (a snapshot cut short), is refused with a {@link
 * CorruptFileException} naming the file and offset. Entries read before the damage have been
 * delivered already: on an exception, throw the partly loaded dataset away.
 */
public final class SnapshotReader {
  private final Path file;
  private final SnapshotEntryHandler handler;
  private final PayloadReader in = new PayloadReader();
  private long createdAtMillis;
  private final Map<String, String> aux = new LinkedHashMap<>();
  private long entries;

  /** An entry in parts has begun and its last part is still to come. */
  private boolean partsOpen;

  private SnapshotReader(Path file, SnapshotEntryHandler handler) {
    this.file = file;
    this.handler = handler;
  }

  /**
   * Reads {@code file} completely.
   *
   * @throws CorruptFileException when the file is damaged or incomplete
   * @throws ReplayException when {@code handler} throws
   */
  public static SnapshotInfo read(Path file, SnapshotEntryHandler handler) throws IOException {
    SnapshotReader reader = new SnapshotReader(file, handler);
    FileScan scan = reader.scan();
    if (!scan.ok()) {
      throw scan.toException();
    }
    return new SnapshotInfo(reader.createdAtMillis, reader.aux, reader.entries, scan.size());
  }

  /**
   * Reads {@code file} to its end or first damage, reporting damage in the result rather than
   * throwing.
   */
  public static FileScan scan(Path file, SnapshotEntryHandler handler) throws IOException {
    return new SnapshotReader(file, handler).scan();
  }

  private FileScan scan() throws IOException {
    try (RecordReader records = RecordReader.open(file, FileKind.SNAPSHOT)) {
      Damage damage = readAll(records);
      return new FileScan(file, records.size(), records.position(), entries, damage);
    }
  }

  private Damage readAll(RecordReader records) throws IOException {
    boolean infoSeen = false;
    while (true) {
      RecordReader.Next next = records.next();
      if (next == RecordReader.Next.DAMAGED) {
        return records.damage();
      }
      if (next == RecordReader.Next.END) {
        return new Damage(
            records.position(),
            true,
            records.position() == 0
                ? "empty file"
                : "the snapshot ends without its end record (incomplete)");
      }
      try {
        in.reset(records.payload(), records.payloadLength());
        int kind = in.readByte();
        if (!infoSeen) {
          if (kind != SnapshotWriter.INFO) {
            return records.rejectRecord(
                "the first record is not the snapshot info (kind " + kind + ")");
          }
          readInfo();
          infoSeen = true;
          try {
            handler.info(createdAtMillis, java.util.Collections.unmodifiableMap(aux));
          } catch (RuntimeException e) {
            throw new ReplayException(file, records.recordOffset(), e);
          }
        } else if (kind == SnapshotWriter.PART) {
          if (!partsOpen) {
            return records.rejectRecord("a value part without its entry");
          }
          readPart(records.recordOffset());
        } else if (partsOpen) {
          return records.rejectRecord("an entry in parts ends without its last part");
        } else if (kind == SnapshotWriter.ENTRY) {
          readEntry(records.recordOffset());
        } else if (kind == SnapshotWriter.LIBRARY) {
          if (entries > 0) {
            return records.rejectRecord("a function library after the keys");
          }
          readLibrary(records.recordOffset());
        } else if (kind == SnapshotWriter.END) {
          long counted = in.readLong();
          in.expectEnd();
          if (counted != entries) {
            return records.rejectRecord(
                "the end record counts " + counted + " entries but the file holds " + entries);
          }
          if (records.position() != records.size()) {
            return new Damage(records.position(), false, "data after the end record");
          }
          return null;
        } else {
          return records.rejectRecord("unknown record kind " + kind);
        }
      } catch (MalformedPayloadException e) {
        return records.rejectRecord(e.getMessage());
      }
    }
  }

  private void readInfo() throws MalformedPayloadException {
    createdAtMillis = in.readLong();
    int count = in.readVarint();
    for (int i = 0; i < count; i++) {
      String name = new String(in.readLengthPrefixed(), StandardCharsets.UTF_8);
      aux.put(name, new String(in.readLengthPrefixed(), StandardCharsets.UTF_8));
    }
    in.expectEnd();
  }

  private void readEntry(long offset) throws MalformedPayloadException, ReplayException {
    int db = in.readVarint();
    int typeCode = in.readByte();
    ValueType type = ValueType.fromCode(typeCode);
    if (type == null) {
      throw new MalformedPayloadException("unknown value type " + typeCode);
    }
    int flags = in.readByte();
    if ((flags & ~(SnapshotWriter.FLAG_EXPIRES | SnapshotWriter.FLAG_IN_PARTS)) != 0) {
      throw new MalformedPayloadException("unknown entry flags " + flags);
    }
    long expireAt =
        (flags & SnapshotWriter.FLAG_EXPIRES) != 0 ? in.readLong() : SnapshotWriter.NO_EXPIRY;
    byte[] key = in.readLengthPrefixed();
    byte[] value = in.readLengthPrefixed();
    in.expectEnd();
    boolean inParts = (flags & SnapshotWriter.FLAG_IN_PARTS) != 0;
    try {
      if (inParts) {
        handler.firstPart(db, type, key, value, expireAt);
      } else {
        handler.entry(db, type, key, value, expireAt);
      }
    } catch (RuntimeException e) {
      throw new ReplayException(file, offset, e);
    }
    partsOpen = inParts;
    entries++;
  }

  private void readLibrary(long offset) throws MalformedPayloadException, ReplayException {
    byte[] code = in.readLengthPrefixed();
    in.expectEnd();
    try {
      handler.library(code);
    } catch (RuntimeException e) {
      throw new ReplayException(file, offset, e);
    }
  }

  private void readPart(long offset) throws MalformedPayloadException, ReplayException {
    int flags = in.readByte();
    if ((flags & ~SnapshotWriter.PART_LAST) != 0) {
      throw new MalformedPayloadException("unknown part flags " + flags);
    }
    byte[] part = in.readLengthPrefixed();
    in.expectEnd();
    boolean last = (flags & SnapshotWriter.PART_LAST) != 0;
    try {
      handler.nextPart(part, last);
    } catch (RuntimeException e) {
      throw new ReplayException(file, offset, e);
    }
    partsOpen = !last;
  }
}
