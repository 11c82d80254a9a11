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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots: round trips, atomic replacement, and every truncation and bit flip refused. */
class SnapshotTest {
  @TempDir Path dir;

  /** An entry as a comparable value. */
  record Entry(int db, ValueType type, String key, String value, long expireAt) {
    static Entry of(int db, ValueType type, byte[] key, byte[] value, long expireAt) {
      return new Entry(db, type, latin1(key), latin1(value), expireAt);
    }
  }

  static final class Collector implements SnapshotEntryHandler {
    final List<Entry> entries = new ArrayList<>();

    @Override
    public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAtMillis) {
      entries.add(Entry.of(db, type, key, value, expireAtMillis));
    }
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static final List<Entry> SMALL =
      List.of(
          new Entry(0, ValueType.STRING, "k1", "v1", SnapshotWriter.NO_EXPIRY),
          new Entry(0, ValueType.STRING, "k2", "", 1_700_000_000_123L),
          new Entry(9, ValueType.STRING, "\u0000\u00ff", "binary\r\n", SnapshotWriter.NO_EXPIRY));

  private static byte[] snapshotBytes(List<Entry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SnapshotWriter writer =
        SnapshotWriter.start(
            Channels.newChannel(out), 1_690_000_000_000L, Map.of("redstone-ver", "0.1.0"));
    for (Entry e : entries) {
      writer.entry(e.db(), e.type(), bytes(e.key()), bytes(e.value()), e.expireAt());
    }
    writer.finish();
    assertThat(writer.size()).isEqualTo(out.size());
    return out.toByteArray();
  }

  private Path file(byte[] bytes) throws IOException {
    Path file = dir.resolve("dump.rss");
    Files.write(file, bytes);
    return file;
  }

  @Test
  void entriesRoundTripWithTheirExpiryAndTheInfo() throws IOException {
    Random random = new Random(11);
    List<Entry> entries = new ArrayList<>(SMALL);
    for (int i = 0; i < 2_000; i++) {
      byte[] value = new byte[random.nextInt(100)];
      random.nextBytes(value);
      entries.add(
          new Entry(
              random.nextInt(16),
              ValueType.STRING,
              "key:" + i,
              latin1(value),
              i % 3 == 0 ? SnapshotWriter.NO_EXPIRY : 1_700_000_000_000L + i));
    }
    Collector read = new Collector();

    SnapshotInfo info = SnapshotReader.read(file(snapshotBytes(entries)), read);

    assertThat(read.entries).isEqualTo(entries);
    assertThat(info.entries()).isEqualTo(entries.size());
    assertThat(info.createdAtMillis()).isEqualTo(1_690_000_000_000L);
    assertThat(info.aux()).isEqualTo(Map.of("redstone-ver", "0.1.0"));
    assertThat(info.size()).isEqualTo(Files.size(dir.resolve("dump.rss")));
  }

  @Test
  void theInfoReachesTheHandlerBeforeAnyEntry() throws IOException {
    List<String> seen = new ArrayList<>();
    SnapshotEntryHandler handler =
        new SnapshotEntryHandler() {
          @Override
          public void info(long createdAtMillis, Map<String, String> aux) {
            seen.add("info " + createdAtMillis + " " + aux);
          }

          @Override
          public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAt) {
            seen.add("entry " + latin1(key));
          }
        };

    SnapshotReader.read(file(snapshotBytes(SMALL)), handler);

    assertThat(seen)
        .containsExactly(
            "info 1690000000000 {redstone-ver=0.1.0}",
            "entry k1",
            "entry k2",
            "entry \u0000\u00ff");
  }

  @Test
  void keyCountsRoundTripAndABadOneIsNoHint() {
    String hint = KeyCounts.encode(new long[] {1_000_000, 0, 0, 12});
    assertThat(hint).isEqualTo("0=1000000,3=12");
    assertThat(KeyCounts.decode(Map.of(KeyCounts.AUX_NAME, hint)))
        .containsExactly(Map.entry(0, 1_000_000L), Map.entry(3, 12L));
    assertThat(KeyCounts.decode(Map.of())).isEmpty();
    assertThat(KeyCounts.decode(Map.of(KeyCounts.AUX_NAME, ""))).isEmpty();
    for (String bad : List.of("0=x", "=5", "0", "-1=5", "0=-5", "0=1,,")) {
      assertThat(KeyCounts.decode(Map.of(KeyCounts.AUX_NAME, bad))).as(bad).isEmpty();
    }
  }

  @Test
  void largeValuesGoThroughWithoutTheBufferAndRoundTrip() throws IOException {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new Random(3).nextBytes(big);
    byte[] bigKey = new byte[300 * 1024];
    new Random(4).nextBytes(bigKey);
    List<Entry> entries =
        List.of(
            new Entry(0, ValueType.STRING, "small", "x", SnapshotWriter.NO_EXPIRY),
            new Entry(1, ValueType.STRING, "big", latin1(big), 42L),
            new Entry(2, ValueType.STRING, latin1(bigKey), "v", SnapshotWriter.NO_EXPIRY),
            new Entry(3, ValueType.STRING, "after", "y", SnapshotWriter.NO_EXPIRY));
    Collector read = new Collector();

    SnapshotReader.read(file(snapshotBytes(entries)), read);

    assertThat(read.entries).isEqualTo(entries);
  }

  @Test
  void anEmptyDatasetIsAValidSnapshot() throws IOException {
    SnapshotInfo info = SnapshotReader.read(file(snapshotBytes(List.of())), new Collector());
    assertThat(info.entries()).isZero();
  }

  @Test
  void everyTruncationIsRefusedAsIncomplete() throws IOException {
    byte[] whole = snapshotBytes(SMALL);
    for (int cut = 0; cut < whole.length; cut++) {
      Path file = file(Arrays.copyOf(whole, cut));
      final int at = cut;
      assertThatThrownBy(() -> SnapshotReader.read(file, new Collector()))
          .as("cut at %d", cut)
          .isInstanceOfSatisfying(
              CorruptFileException.class,
              e -> {
                assertThat(e.truncated()).as("cut at %d: %s", at, e.getMessage()).isTrue();
                assertThat(e.offset()).isLessThanOrEqualTo(at);
                assertThat(e.file()).isEqualTo(file);
              });
    }
  }

  @Test
  void everyBitFlipIsRefused() throws IOException {
    byte[] whole = snapshotBytes(SMALL);
    for (long bit = 0; bit < whole.length * 8L; bit++) {
      byte[] flipped = whole.clone();
      flipped[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
      Path file = file(flipped);
      assertThatThrownBy(() -> SnapshotReader.read(file, new Collector()))
          .as("bit %d", bit)
          .isInstanceOf(CorruptFileException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining(" at offset ");
    }
  }

  @Test
  void bytesAfterTheEndRecordAreCorruption() throws IOException {
    byte[] whole = snapshotBytes(SMALL);
    Path file = file(Arrays.copyOf(whole, whole.length + 1));
    assertThatThrownBy(() -> SnapshotReader.read(file, new Collector()))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> {
              assertThat(e.truncated()).isFalse();
              assertThat(e.offset()).isEqualTo(whole.length);
              assertThat(e.problem()).isEqualTo("data after the end record");
            });
  }

  @Test
  void anEndRecordThatMiscountsIsCorruption() throws IOException {
    RecordBuffer out = new RecordBuffer(64);
    out.writeBytes(snapshotBytes(List.of()));
    // Replace the end record (the last 12 + 9 bytes) by one claiming an entry.
    int endStart = out.length() - RecordFramer.HEADER_SIZE - 9;
    byte[] prefix = Arrays.copyOf(out.array(), endStart);
    out.clear();
    out.writeBytes(prefix);
    RecordFramer framer = new RecordFramer();
    int start = framer.begin(out);
    out.writeByte(SnapshotWriter.END);
    out.writeLong(1);
    framer.seal(out, start);

    Path file = file(out.toByteArray());

    assertThatThrownBy(() -> SnapshotReader.read(file, new Collector()))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("corrupt at offset " + endStart)
        .hasMessageContaining("counts 1 entries but the file holds 0");
  }

  @Test
  void aRedisRdbFileIsNamedAsSuch() throws IOException {
    Path file = file("REDIS0011\u00fa\tredis-ver".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> SnapshotReader.read(file, new Collector()))
        .hasMessageContaining("corrupt at offset 0")
        .hasMessageContaining("Redis RDB file");
  }

  @Test
  void aHandlerFailureNamesTheFileAndOffset() throws IOException {
    Path file = file(snapshotBytes(SMALL));
    assertThatThrownBy(
            () ->
                SnapshotReader.read(
                    file,
                    (db, type, key, value, expireAt) -> {
                      throw new IllegalStateException("db " + db + " out of range");
                    }))
        .isInstanceOfSatisfying(
            ReplayException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.offset()).isGreaterThan(FileKind.HEADER_SIZE);
              assertThat(e.getMessage()).contains("db 0 out of range");
            });
  }

  @Test
  void scanReportsDamageWithoutThrowing() throws IOException {
    byte[] whole = snapshotBytes(SMALL);
    FileScan scan =
        SnapshotReader.scan(file(Arrays.copyOf(whole, whole.length - 1)), new Collector());
    assertThat(scan.ok()).isFalse();
    assertThat(scan.items()).isEqualTo(SMALL.size());
    assertThat(scan.damage().tornTail()).isTrue();
  }

  @Test
  void aSnapshotFileReplacesItsTargetOnlyWhenCommitted() throws IOException {
    Path target = dir.resolve("dump.rss");
    Files.write(target, snapshotBytes(SMALL.subList(0, 1)));

    try (SnapshotFile file = SnapshotFile.create(target, 5L, Map.of())) {
      file.writer()
          .entry(0, ValueType.STRING, bytes("new"), bytes("value"), SnapshotWriter.NO_EXPIRY);
      file.finish();
      // Finished (fsynced) but not committed: readers still see the old snapshot.
      assertThat(keys(target)).containsExactly("k1");
      assertThat(Files.exists(file.tempFile())).isTrue();

      long size = file.commit();

      assertThat(size).isEqualTo(Files.size(target));
      assertThat(Files.exists(file.tempFile())).isFalse();
    }
    assertThat(keys(target)).containsExactly("new");
  }

  @Test
  void closingAnUncommittedSnapshotFileKeepsTheOldAndDeletesTheTemporary() throws IOException {
    Path target = dir.resolve("dump.rss");
    Files.write(target, snapshotBytes(SMALL.subList(0, 1)));
    Path temp;
    try (SnapshotFile file = SnapshotFile.create(target, 5L, Map.of())) {
      temp = file.tempFile();
      assertThat(temp.getParent()).isEqualTo(dir);
      file.writer()
          .entry(0, ValueType.STRING, bytes("new"), bytes("value"), SnapshotWriter.NO_EXPIRY);
    }
    assertThat(Files.exists(temp)).isFalse();
    assertThat(keys(target)).containsExactly("k1");
  }

  @Test
  void aFinishedWriterRefusesEntries() throws IOException {
    SnapshotWriter writer =
        SnapshotWriter.start(Channels.newChannel(new ByteArrayOutputStream()), 0, Map.of());
    writer.finish();
    assertThatThrownBy(
            () ->
                writer.entry(0, ValueType.STRING, bytes("k"), bytes("v"), SnapshotWriter.NO_EXPIRY))
        .isInstanceOf(IllegalStateException.class);
  }

  private static List<String> keys(Path file) throws IOException {
    Collector read = new Collector();
    SnapshotReader.read(file, read);
    return read.entries.stream().map(Entry::key).toList();
  }
}
