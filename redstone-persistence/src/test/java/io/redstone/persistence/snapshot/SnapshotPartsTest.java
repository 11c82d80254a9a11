package io.redstone.persistence.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.persistence.CorruptFileException;
import io.redstone.persistence.ReplayException;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.FileScan;
import io.redstone.persistence.format.RecordBuffer;
import io.redstone.persistence.format.RecordFramer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values stored in parts: one entry record with the first part, a part record for each other, the
 * last flagged; read back part by part in order, counted as one entry, and refused when a part is
 * missing or stray.
 */
class SnapshotPartsTest {
  @TempDir Path dir;

  /** Every callback as a line, in order. */
  static final class Events implements SnapshotEntryHandler {
    final List<String> seen = new ArrayList<>();

    @Override
    public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAt) {
      seen.add("entry " + db + " " + type + " " + text(key) + "=" + text(value) + " @" + expireAt);
    }

    @Override
    public void firstPart(int db, ValueType type, byte[] key, byte[] part, long expireAt) {
      seen.add("first " + db + " " + type + " " + text(key) + "=" + text(part) + " @" + expireAt);
    }

    @Override
    public void nextPart(byte[] part, boolean last) {
      seen.add((last ? "last " : "part ") + text(part));
    }
  }

  private static String text(byte[] bytes) {
    return bytes.length > 64
        ? bytes.length + " bytes"
        : new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] written(WriterSteps steps) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SnapshotWriter writer = SnapshotWriter.start(Channels.newChannel(out), 1L, Map.of());
    steps.run(writer);
    writer.finish();
    assertThat(writer.size()).isEqualTo(out.size());
    return out.toByteArray();
  }

  @FunctionalInterface
  interface WriterSteps {
    void run(SnapshotWriter writer) throws IOException;
  }

  private Path file(byte[] bytes) throws IOException {
    Path file = dir.resolve("dump.rss");
    Files.write(file, bytes);
    return file;
  }

  private static final byte[] HUGE_PART = new byte[300 * 1024];

  private static byte[] threeKeys() throws IOException {
    return written(
        writer -> {
          writer.entry(0, ValueType.STRING, bytes("before"), bytes("v"), SnapshotWriter.NO_EXPIRY);
          writer.entryInParts(
              3,
              ValueType.HASH,
              bytes("big"),
              List.of(bytes("p1"), HUGE_PART, bytes("p3")),
              1_700_000_000_000L);
          writer.entryInParts(
              0, ValueType.LIST, bytes("one"), List.of(bytes("only")), SnapshotWriter.NO_EXPIRY);
        });
  }

  @Test
  void partsArriveInOrderAfterTheirEntryAndCountAsOneEntry() throws IOException {
    Events events = new Events();

    SnapshotInfo info = SnapshotReader.read(file(threeKeys()), events);

    assertThat(events.seen)
        .containsExactly(
            "entry 0 STRING before=v @-1",
            "first 3 HASH big=p1 @1700000000000",
            "part " + HUGE_PART.length + " bytes",
            "last p3",
            "entry 0 LIST one=only @-1");
    assertThat(info.entries()).isEqualTo(3);
  }

  @Test
  void theIgnoringHandlerReadsPastParts() throws IOException {
    FileScan scan = SnapshotReader.scan(file(threeKeys()), SnapshotEntryHandler.IGNORE);
    assertThat(scan.ok()).isTrue();
    assertThat(scan.items()).isEqualTo(3);
  }

  @Test
  void aHandlerForWholeValuesOnlyRefusesPartsNamingTheOffset() throws IOException {
    Path file = file(threeKeys());
    assertThatThrownBy(() -> SnapshotReader.read(file, (db, type, key, value, expireAt) -> {}))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void everyTruncationInsideTheParts() throws IOException {
    byte[] whole = threeKeys();
    for (int cut = 0; cut < whole.length; cut += cut < 200 ? 1 : 997) {
      Path file = file(Arrays.copyOf(whole, cut));
      assertThatThrownBy(() -> SnapshotReader.read(file, new Events()))
          .as("cut at %d", cut)
          .isInstanceOfSatisfying(
              CorruptFileException.class, e -> assertThat(e.truncated()).isTrue());
    }
  }

  /** A file of hand-made records after the header and info record. */
  private static byte[] records(byte[]... payloads) {
    RecordBuffer out = new RecordBuffer(256);
    out.writeBytes(FileKind.SNAPSHOT.header());
    RecordFramer framer = new RecordFramer();
    int start = framer.begin(out);
    out.writeByte(SnapshotWriter.INFO);
    out.writeLong(1);
    out.writeVarint(0);
    framer.seal(out, start);
    for (byte[] payload : payloads) {
      start = framer.begin(out);
      out.writeBytes(payload);
      framer.seal(out, start);
    }
    return out.toByteArray();
  }

  private static byte[] entryRecord(int flags) {
    RecordBuffer out = new RecordBuffer(32);
    out.writeByte(SnapshotWriter.ENTRY);
    out.writeVarint(0);
    out.writeByte(ValueType.SET.code());
    out.writeByte(flags);
    out.writeLengthPrefixed(bytes("k"));
    out.writeLengthPrefixed(bytes("part"));
    return out.toByteArray();
  }

  private static byte[] partRecord(int flags) {
    RecordBuffer out = new RecordBuffer(32);
    out.writeByte(SnapshotWriter.PART);
    out.writeByte(flags);
    out.writeLengthPrefixed(bytes("more"));
    return out.toByteArray();
  }

  private static byte[] endRecord(long entries) {
    RecordBuffer out = new RecordBuffer(16);
    out.writeByte(SnapshotWriter.END);
    out.writeLong(entries);
    return out.toByteArray();
  }

  @Test
  void aPartWithoutItsEntryIsCorruption() throws IOException {
    Path file = file(records(partRecord(SnapshotWriter.PART_LAST), endRecord(0)));
    assertThatThrownBy(() -> SnapshotReader.read(file, new Events()))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> {
              assertThat(e.truncated()).isFalse();
              assertThat(e.problem()).isEqualTo("a value part without its entry");
            });
  }

  @Test
  void anEntryWhoseLastPartNeverComesIsCorruption() throws IOException {
    Path file =
        file(
            records(
                entryRecord(SnapshotWriter.FLAG_IN_PARTS),
                partRecord(0),
                entryRecord(0),
                endRecord(2)));
    assertThatThrownBy(() -> SnapshotReader.read(file, new Events()))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> assertThat(e.problem()).isEqualTo("an entry in parts ends without its last part"));
    Path ended = file(records(entryRecord(SnapshotWriter.FLAG_IN_PARTS), endRecord(1)));
    assertThatThrownBy(() -> SnapshotReader.read(ended, new Events()))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("without its last part");
  }

  @Test
  void handMadePartsMatchTheWriter() throws IOException {
    Events events = new Events();
    SnapshotReader.read(
        file(
            records(
                entryRecord(SnapshotWriter.FLAG_IN_PARTS),
                partRecord(SnapshotWriter.PART_LAST),
                endRecord(1))),
        events);
    assertThat(events.seen).containsExactly("first 0 SET k=part @-1", "last more");
  }
}
