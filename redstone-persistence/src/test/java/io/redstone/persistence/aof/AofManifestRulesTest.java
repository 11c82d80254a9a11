package io.redstone.persistence.aof;

import static io.redstone.persistence.aof.Commands.cmd;
import static io.redstone.persistence.aof.Commands.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.redstone.persistence.aof.AofFixture.Replay;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.snapshot.SnapshotWriter;
import io.redstone.persistence.snapshot.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the manifest decides at start and at a rewrite's commit: a listed file that is missing and a
 * skipped increment refuse the start; a file it does not list is left alone and named; only a file
 * it lists as history is deleted.
 */
class AofManifestRulesTest {
  @TempDir Path dataDir;

  private AofFixture aof;
  private AofLayout layout;

  @BeforeEach
  void setUp() throws IOException {
    aof = new AofFixture(dataDir);
    layout = aof.layout;
  }

  private List<String> files() throws IOException {
    try (Stream<Path> list = Files.list(layout.directory())) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<String> load() throws IOException {
    Replay replay = new Replay();
    new AofLoader(layout, true).load(replay.base(), replay.commands());
    return replay.events;
  }

  private AofDirectory open() throws IOException {
    return AofDirectory.open(layout, LogChannel.Opener.FILES);
  }

  private String manifestText() throws IOException {
    return Files.readString(layout.manifest());
  }

  private void writeManifest(String... lines) throws IOException {
    Files.writeString(layout.manifest(), String.join("\n", lines) + "\n");
  }

  private static void appendSet(AofDirectory dir, String key, String value) throws IOException {
    dir.appender().append(records(cmd(0, "SET", key, value)));
    dir.appender().sync();
  }

  private static void commitRewriteOf(AofDirectory dir, String... keys) throws IOException {
    AofRewrite rewrite = dir.startRewrite(0, Map.of());
    for (String key : keys) {
      rewrite
          .writer()
          .entry(
              0,
              ValueType.STRING,
              AofFixture.bytes(key),
              AofFixture.bytes(key + "-v"),
              SnapshotWriter.NO_EXPIRY);
    }
    dir.commitRewrite(rewrite);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "appendonly.aof.1.base.rss",
        "appendonly.aof.1.incr.aof",
        "appendonly.aof.2.incr.aof"
      })
  void aListedFileThatIsMissingRefusesTheStartNamingIt(String missing) throws IOException {
    aof.base(1, "a");
    aof.incr(1, cmd(0, "SET", "b", "1"));
    aof.incr(2, cmd(0, "SET", "c", "1"));
    aof.manifest(1, 1, 2);
    Files.delete(layout.resolve(missing));
    List<String> before = files();
    String manifestBefore = manifestText();

    try (LogCapture loaderLogs = LogCapture.of(AofLoader.class)) {
      assertThatThrownBy(this::load)
          .isInstanceOf(NoSuchFileException.class)
          .hasMessageContaining(
              missing + " doesn't exist, but the manifest appendonly.aof.manifest" + " lists it");
      // In Redis 7.0's words, for whoever searches the log for them.
      assertThat(loaderLogs.at(Level.ERROR))
          .containsExactly(
              "Unable to obtain the AOF file "
                  + missing
                  + " length. stat: No such file or directory");
    }
    assertThatThrownBy(this::open)
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing + " doesn't exist");

    assertThat(files()).isEqualTo(before);
    assertThat(manifestText()).isEqualTo(manifestBefore);
  }

  @Test
  void aManifestThatSkipsAnIncrementRefusesTheStart() throws IOException {
    aof.base(1, "a");
    aof.incr(1, cmd(0, "SET", "b", "1"));
    aof.incr(2, cmd(0, "SET", "c", "1"));
    aof.incr(3, cmd(0, "SET", "d", "1"));
    writeManifest(
        "file appendonly.aof.1.base.rss seq 1 type b",
        "file appendonly.aof.1.incr.aof seq 1 type i",
        "file appendonly.aof.3.incr.aof seq 3 type i");
    List<String> before = files();
    String manifestBefore = manifestText();

    for (int round = 0; round < 2; round++) {
      assertThatThrownBy(this::load)
          .isInstanceOfSatisfying(
              AofManifestException.class,
              e -> {
                assertThat(e.reason())
                    .isEqualTo(
                        "Found a gap in the incr file sequence numbers: no"
                            + " incr file of seq 2 is listed between seq 1 and seq 3");
                assertThat(e.lineNumber()).isEqualTo(3);
              });
      assertThatThrownBy(this::open)
          .isInstanceOf(AofManifestException.class)
          .hasMessageContaining("no incr file of seq 2");
      assertThat(files()).isEqualTo(before);
      assertThat(manifestText()).isEqualTo(manifestBefore);
      // Refused just the same when the file of the missing line is gone too.
      Files.deleteIfExists(layout.resolve("appendonly.aof.2.incr.aof"));
      before = files();
    }
  }

  @Test
  void anIncrementWhoseLineWasRemovedIsLeftAloneNamedAndCanBeListedAgain() throws IOException {
    try (AofDirectory dir = open()) {
      appendSet(dir, "before", "1");
      commitRewriteOf(dir, "before");
      appendSet(dir, "lost", "1");
    }
    assertThat(manifestText())
        .isEqualTo(
            "file appendonly.aof.1.base.rss seq 1 type b\n"
                + "file appendonly.aof.2.incr.aof seq 2 type i\n");
    Path removed = layout.resolve("appendonly.aof.2.incr.aof");
    byte[] removedBytes = Files.readAllBytes(removed);
    // A hand edit (or a half-finished copy) loses the increment's line.
    writeManifest("file appendonly.aof.1.base.rss seq 1 type b");

    assertThat(load()).containsExactly("base:before");
    try (LogCapture logs = LogCapture.of(AofDirectory.class);
        AofDirectory dir = open()) {
      assertThat(Files.readAllBytes(removed)).isEqualTo(removedBytes);
      assertThat(dir.unlistedFiles()).containsExactly("appendonly.aof.2.incr.aof");
      assertThat(logs.warnings())
          .singleElement()
          .asString()
          .contains("appendonly.aof.2.incr.aof")
          .contains("does not list")
          .contains("left alone")
          .contains("lacks its records");
      // The new increment goes above it, so that its line can be put back in order.
      assertThat(dir.appender().file()).isEqualTo(layout.resolve("appendonly.aof.3.incr.aof"));
      appendSet(dir, "after", "1");
    }
    assertThat(Files.readAllBytes(removed)).isEqualTo(removedBytes);
    assertThat(load()).containsExactly("base:before", "0 SET after 1");

    writeManifest(
        "file appendonly.aof.1.base.rss seq 1 type b",
        "file appendonly.aof.2.incr.aof seq 2 type i",
        "file appendonly.aof.3.incr.aof seq 3 type i");
    assertThat(load()).containsExactly("base:before", "0 SET lost 1", "0 SET after 1");
  }

  @Test
  void filesTheManifestDoesNotListAreLeftAloneAndNamedWhileTheListedOnesLoad() throws IOException {
    aof.base(1, "a");
    aof.incr(1, cmd(0, "SET", "b", "1"));
    aof.manifest(1, 1);
    // Named like files of the log, in Redstone's and in Redis's formats, and not.
    aof.base(3, "stray");
    aof.incr(5, cmd(0, "SET", "stray", "1"));
    Files.write(layout.resolve("appendonly.aof.2.base.rdb"), "REDIS0011".getBytes());
    Files.writeString(layout.resolve("appendonly.aof.4.base.aof"), "*1\r\n$4\r\nPING\r\n");
    Files.writeString(layout.resolve("temp-appendonly.aof.6.base.rss"), "half");
    Files.writeString(layout.resolve("notes.txt"), "not ours");
    Files.createDirectory(layout.resolve("old"));
    List<String> unlisted =
        List.of(
            "appendonly.aof.2.base.rdb",
            "appendonly.aof.3.base.rss",
            "appendonly.aof.4.base.aof",
            "appendonly.aof.5.incr.aof",
            "notes.txt",
            "old",
            "temp-appendonly.aof.6.base.rss");
    List<String> before = files();

    assertThat(load()).containsExactly("base:a", "0 SET b 1");
    try (LogCapture logs = LogCapture.of(AofDirectory.class);
        AofDirectory dir = open()) {
      assertThat(dir.unlistedFiles()).containsExactlyElementsOf(unlisted);
      assertThat(logs.warnings())
          .singleElement()
          .asString()
          .contains("holds 7 file(s) that the manifest appendonly.aof.manifest does not list")
          .contains(unlisted);
      appendSet(dir, "c", "1");
      commitRewriteOf(dir, "a", "b", "c");
    }
    assertThat(files()).containsAll(unlisted);
    assertThat(load()).containsExactly("base:a", "base:b", "base:c");
    assertThat(before).containsAll(unlisted);
  }

  @Test
  void filesListedAsHistoryAreDeletedAtOpenAndTheirLinesDropped() throws IOException {
    aof.base(1, "old");
    aof.incr(1, cmd(0, "SET", "old", "2"));
    aof.base(2, "new");
    aof.incr(2, cmd(0, "SET", "new", "2"));
    Files.writeString(layout.resolve("notes.txt"), "not ours");
    // As Redis leaves it when it dies between its manifest swap and the deletion (one history
    // file already gone).
    writeManifest(
        "file appendonly.aof.2.base.rss seq 2 type b",
        "file appendonly.aof.1.base.rss seq 1 type h",
        "file appendonly.aof.1.incr.aof seq 1 type h",
        "file appendonly.aof.9.incr.aof seq 9 type h",
        "file appendonly.aof.2.incr.aof seq 2 type i");

    try (LogCapture logs = LogCapture.of(AofDirectory.class);
        AofDirectory dir = open()) {
      assertThat(logs.at(Level.INFO))
          .contains(
              "Removed the history AOF file appendonly.aof.1.base.rss",
              "Removed the history AOF file appendonly.aof.1.incr.aof");
      assertThat(logs.warnings()).singleElement().asString().contains("notes.txt");
    }
    assertThat(files())
        .containsExactly(
            "appendonly.aof.2.base.rss",
            "appendonly.aof.2.incr.aof",
            "appendonly.aof.manifest",
            "notes.txt");
    assertThat(manifestText())
        .isEqualTo(
            "file appendonly.aof.2.base.rss seq 2 type b\n"
                + "file appendonly.aof.2.incr.aof seq 2 type i\n");
    assertThat(load()).containsExactly("base:new", "0 SET new 2");
  }

  @Test
  void aRewriteListsWhatItReplacesAsHistoryAndWhatCannotBeDeletedStaysListed() throws IOException {
    Path firstIncr = layout.resolve("appendonly.aof.1.incr.aof");
    Path stuck = firstIncr.resolve("cannot-go");
    try (AofDirectory dir = open()) {
      appendSet(dir, "a", "1");
      AofRewrite rewrite = dir.startRewrite(0, Map.of());
      rewrite
          .writer()
          .entry(
              0,
              ValueType.STRING,
              AofFixture.bytes("a"),
              AofFixture.bytes("1"),
              SnapshotWriter.NO_EXPIRY);
      appendSet(dir, "b", "1");
      // The replaced increment cannot be deleted: a directory that is not empty took its place.
      Files.delete(firstIncr);
      Files.createDirectories(firstIncr);
      Files.writeString(stuck, "x");

      try (LogCapture logs = LogCapture.of(AofDirectory.class)) {
        dir.commitRewrite(rewrite);
        assertThat(logs.warnings())
            .singleElement()
            .asString()
            .startsWith("Could not remove the history AOF file appendonly.aof.1.incr.aof");
      }
      assertThat(manifestText())
          .isEqualTo(
              "file appendonly.aof.1.base.rss seq 1 type b\n"
                  + "file appendonly.aof.1.incr.aof seq 1 type h\n"
                  + "file appendonly.aof.2.incr.aof seq 2 type i\n");
    }
    assertThat(load()).containsExactly("base:a", "0 SET b 1");

    // Once it can go, the next start deletes it and drops its line.
    Files.delete(stuck);
    try (AofDirectory dir = open()) {
      assertThat(dir.unlistedFiles()).isEmpty();
    }
    assertThat(Files.exists(firstIncr)).isFalse();
    assertThat(manifestText())
        .isEqualTo(
            "file appendonly.aof.1.base.rss seq 1 type b\n"
                + "file appendonly.aof.2.incr.aof seq 2 type i\n");
  }

  @Test
  void aRewriteRefusesToOverwriteAnUnlistedIncrementThatHoldsRecords() throws IOException {
    aof.incr(1, cmd(0, "SET", "a", "1"));
    aof.manifest(0, 1);
    Path stray = aof.incr(2, cmd(0, "SET", "stray", "1"));
    byte[] strayBytes = Files.readAllBytes(stray);

    try (LogCapture logs = LogCapture.of(AofDirectory.class);
        AofDirectory dir = open()) {
      assertThat(logs.warnings())
          .last()
          .asString()
          .isEqualTo(
              "appendonly.aof.2.incr.aof holds"
                  + " records and has the number of the next incr file: AOF rewrites will fail until it"
                  + " is moved away");

      assertThatThrownBy(() -> dir.startRewrite(0, Map.of()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("appendonly.aof.2.incr.aof")
          .hasMessageContaining("move it away");
      assertThat(dir.rewriteInProgress()).isEmpty();
      assertThat(dir.appender().state()).isEqualTo(AofAppender.State.HEALTHY);
      appendSet(dir, "b", "1");
    }
    assertThat(Files.readAllBytes(stray)).isEqualTo(strayBytes);
    assertThat(manifestText()).isEqualTo("file appendonly.aof.1.incr.aof seq 1 type i\n");
    assertThat(load()).containsExactly("0 SET a 1", "0 SET b 1");

    Files.move(stray, dataDir.resolve("moved-away.aof"));
    try (AofDirectory dir = open()) {
      commitRewriteOf(dir, "a", "b");
    }
    assertThat(load()).containsExactly("base:a", "base:b");
  }

  @Test
  void anUnlistedIncrementWithoutRecordsIsTakenOverByTheNextRewrite() throws IOException {
    aof.incr(1, cmd(0, "SET", "a", "1"));
    aof.manifest(0, 1);
    // Created by a rewrite that died before its manifest listed it: a header and reserved zeros.
    Path empty = aof.incr(2);
    byte[] header = Files.readAllBytes(empty);
    Files.write(empty, Arrays.copyOf(header, header.length + 4096));

    try (AofDirectory dir = open()) {
      assertThat(dir.unlistedFiles()).containsExactly("appendonly.aof.2.incr.aof");
      AofRewrite rewrite = dir.startRewrite(0, Map.of());
      assertThat(dir.appender().file()).isEqualTo(empty);
      assertThat(dir.appender().size()).isEqualTo(FileKind.HEADER_SIZE);
      appendSet(dir, "b", "1");
      rewrite
          .writer()
          .entry(
              0,
              ValueType.STRING,
              AofFixture.bytes("a"),
              AofFixture.bytes("1"),
              SnapshotWriter.NO_EXPIRY);
      dir.commitRewrite(rewrite);
    }
    assertThat(files())
        .containsExactly(
            "appendonly.aof.1.base.rss", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
    assertThat(load()).containsExactly("base:a", "0 SET b 1");
  }

  @Test
  void withoutAManifestATemporaryBaseIsLeftAloneAndNamed() throws IOException {
    // A first start that crashed before its manifest, and a rewrite of a log turned on at run
    // time that crashed before its commit: the temporary base may hold the only copy of data.
    aof.incr(1);
    Files.writeString(layout.resolve("temp-appendonly.aof.1.base.rss"), "half a base");

    try (LogCapture logs = LogCapture.of(AofDirectory.class);
        AofDirectory dir = open()) {
      assertThat(dir.appender().file()).isEqualTo(layout.resolve("appendonly.aof.1.incr.aof"));
      assertThat(logs.warnings())
          .singleElement()
          .asString()
          .contains("temp-appendonly.aof.1.base.rss");
      appendSet(dir, "a", "1");
    }
    assertThat(files())
        .containsExactly(
            "appendonly.aof.1.incr.aof",
            "appendonly.aof.manifest",
            "temp-appendonly.aof.1.base.rss");
    assertThat(load()).containsExactly("0 SET a 1");
  }
}
