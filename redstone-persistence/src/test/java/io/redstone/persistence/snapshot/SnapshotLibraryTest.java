package io.redstone.persistence.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.persistence.CorruptFileException;
import io.redstone.persistence.ReplayException;
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

/** The function library record: where it goes, what it holds, and what a reader refuses. */
class SnapshotLibraryTest {
  @TempDir Path dir;

  private static final String FIRST =
      "#!lua name=first\nredis.register_function('f1', function() return 1 end)";
  private static final String SECOND =
      "#!lua name=second\nredis.register_function('f2', function(k) return k[1] end)";

  /** Records every callback in order, as text. */
  private static final class Events implements SnapshotEntryHandler {
    final List<String> seen = new ArrayList<>();

    @Override
    public void info(long createdAtMillis, Map<String, String> aux) {
      seen.add("info");
    }

    @Override
    public void library(byte[] code) {
      seen.add("library " + latin1(code));
    }

    @Override
    public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAt) {
      seen.add("entry " + latin1(key) + "=" + latin1(value));
    }
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] snapshot(List<String> libraries, List<String> keys) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SnapshotWriter writer = SnapshotWriter.start(Channels.newChannel(out), 1L, Map.of());
    for (String code : libraries) {
      writer.library(bytes(code));
    }
    for (String key : keys) {
      writer.entry(0, ValueType.STRING, bytes(key), bytes("v" + key), SnapshotWriter.NO_EXPIRY);
    }
    writer.finish();
    assertThat(writer.libraries()).isEqualTo(libraries.size());
    assertThat(writer.size()).isEqualTo(out.size());
    return out.toByteArray();
  }

  private Path file(byte[] bytes) throws IOException {
    Path file = dir.resolve("dump.rdb");
    Files.write(file, bytes);
    return file;
  }

  @Test
  void librariesComeBackInOrderBeforeTheKeysAndAreNotCountedAsEntries() throws IOException {
    Events events = new Events();

    SnapshotInfo info =
        SnapshotReader.read(file(snapshot(List.of(FIRST, SECOND), List.of("a", "b"))), events);

    assertThat(events.seen)
        .containsExactly(
            "info", "library " + FIRST, "library " + SECOND, "entry a=va", "entry b=vb");
    assertThat(info.entries()).isEqualTo(2);
  }

  @Test
  void aSnapshotOfLibrariesAloneIsComplete() throws IOException {
    Events events = new Events();

    SnapshotInfo info = SnapshotReader.read(file(snapshot(List.of(FIRST), List.of())), events);

    assertThat(events.seen).containsExactly("info", "library " + FIRST);
    assertThat(info.entries()).isZero();
  }

  @Test
  void aSnapshotWithoutLibrariesIsTheFormatItWasBefore() throws IOException {
    byte[] withoutLibraries = snapshot(List.of(), List.of("a"));
    byte[] withOne = snapshot(List.of(FIRST), List.of("a"));

    // One record more, and otherwise the same bytes: older files read as they always did.
    int record = withOne.length - withoutLibraries.length;
    assertThat(record).isGreaterThan(FIRST.length());
    assertThat(Arrays.copyOf(withoutLibraries, 8 + 4)).isEqualTo(Arrays.copyOf(withOne, 8 + 4));
    Events events = new Events();
    SnapshotReader.read(file(withoutLibraries), events);
    assertThat(events.seen).containsExactly("info", "entry a=va");
  }

  @Test
  void aLargeLibraryRoundTrips() throws IOException {
    StringBuilder code = new StringBuilder("#!lua name=big\n");
    while (code.length() < 600 * 1024) {
      code.append("-- padding to go past the writer's buffer\n");
    }
    code.append("redis.register_function('big', function() return 1 end)");
    Events events = new Events();

    SnapshotReader.read(file(snapshot(List.of(code.toString()), List.of("k"))), events);

    assertThat(events.seen).containsExactly("info", "library " + code, "entry k=vk");
  }

  @Test
  void theWriterRefusesALibraryAfterAKey() throws IOException {
    SnapshotWriter writer =
        SnapshotWriter.start(Channels.newChannel(new ByteArrayOutputStream()), 0, Map.of());
    writer.entry(0, ValueType.STRING, bytes("k"), bytes("v"), SnapshotWriter.NO_EXPIRY);

    assertThatThrownBy(() -> writer.library(bytes(FIRST)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before the keys");
  }

  @Test
  void theReaderRefusesALibraryAfterAKey() throws IOException {
    byte[] keyOnly = snapshot(List.of(), List.of("k"));
    // Put a library record between the entry and the end record (the last 12 + 9 bytes).
    int endStart = keyOnly.length - RecordFramer.HEADER_SIZE - 9;
    RecordBuffer out = new RecordBuffer(256);
    out.writeBytes(Arrays.copyOf(keyOnly, endStart));
    RecordFramer framer = new RecordFramer();
    int start = framer.begin(out);
    out.writeByte(SnapshotWriter.LIBRARY);
    out.writeLengthPrefixed(bytes(FIRST));
    framer.seal(out, start);
    out.writeBytes(Arrays.copyOfRange(keyOnly, endStart, keyOnly.length));
    Path file = file(out.toByteArray());

    assertThatThrownBy(() -> SnapshotReader.read(file, new Events()))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("corrupt at offset " + endStart)
        .hasMessageContaining("a function library after the keys");
  }

  @Test
  void aHandlerThatCannotLoadLibrariesRefusesThemAndIgnoreSkipsThem() throws IOException {
    Path file = file(snapshot(List.of(FIRST), List.of("k")));

    assertThatThrownBy(() -> SnapshotReader.read(file, (db, type, key, value, expireAt) -> {}))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("a function library");
    assertThat(SnapshotReader.read(file, SnapshotEntryHandler.IGNORE).entries()).isEqualTo(1);
  }

  @Test
  void everyTruncationAndBitFlipOfALibraryIsRefused() throws IOException {
    byte[] whole = snapshot(List.of(FIRST), List.of("k"));
    for (int cut = 0; cut < whole.length; cut++) {
      Path file = file(Arrays.copyOf(whole, cut));
      assertThatThrownBy(() -> SnapshotReader.read(file, new Events()))
          .as("cut at %d", cut)
          .isInstanceOf(CorruptFileException.class);
    }
    for (long bit = 0; bit < whole.length * 8L; bit++) {
      byte[] flipped = whole.clone();
      flipped[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
      Path file = file(flipped);
      assertThatThrownBy(() -> SnapshotReader.read(file, new Events()))
          .as("bit %d", bit)
          .isInstanceOf(CorruptFileException.class);
    }
  }
}
