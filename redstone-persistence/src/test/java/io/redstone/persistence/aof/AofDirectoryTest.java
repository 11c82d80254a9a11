package io.redstone.persistence.aof;

import static io.redstone.persistence.aof.Commands.cmd;
import static io.redstone.persistence.aof.Commands.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.persistence.CorruptFileException;
import io.redstone.persistence.aof.AofFixture.Replay;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.snapshot.SnapshotEntryHandler;
import io.redstone.persistence.snapshot.SnapshotWriter;
import io.redstone.persistence.snapshot.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory: first open, rewrites (commit, abort, crash), fresh starts, clean-up, sizes. */
class AofDirectoryTest {
  @TempDir Path dataDir;

  private AofLayout layout;

  @BeforeEach
  void setUp() {
    layout = new AofLayout(dataDir, "appendonlydir", "appendonly.aof");
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

  /** A whole rewrite, started and committed, whose base holds {@code key}. */
  private static void commitRewriteOf(AofDirectory aof, String key) throws IOException {
    AofRewrite rewrite = aof.startRewrite(0, Map.of());
    entry(rewrite, key);
    aof.commitRewrite(rewrite);
  }

  /** Opens the directory as a start would, appends one SET and fsyncs it. */
  private void openAndAppendSet(String key, String value) throws IOException {
    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      aof.appender().append(records(cmd(0, "SET", key, value)));
      aof.appender().sync();
    }
  }

  private static void entry(AofRewrite rewrite, String key) throws IOException {
    rewrite
        .writer()
        .entry(
            0,
            ValueType.STRING,
            AofFixture.bytes(key),
            AofFixture.bytes(key + "-v"),
            SnapshotWriter.NO_EXPIRY);
  }

  @Test
  void theFirstOpenCreatesTheDirectoryAnIncrementAndTheManifest() throws IOException {
    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      assertThat(files()).containsExactly("appendonly.aof.1.incr.aof", "appendonly.aof.manifest");
      assertThat(Files.readString(layout.manifest()))
          .isEqualTo("file appendonly.aof.1.incr.aof seq 1 type i\n");
      assertThat(aof.appender().size()).isEqualTo(FileKind.HEADER_SIZE);

      aof.appender().append(records(cmd(0, "SET", "a", "1")));
      aof.appender().sync();
    }
    openAndAppendSet("b", "2");
    assertThat(load()).containsExactly("0 SET a 1", "0 SET b 2");
  }

  @Test
  void aCommittedRewriteSwapsInTheNewBaseAndDropsWhatItCovers() throws IOException {
    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      AofAppender first = aof.appender();
      first.append(records(cmd(0, "SET", "a", "1"), cmd(0, "SET", "b", "2")));

      AofRewrite rewrite = aof.startRewrite(123L, Map.of("redstone-ver", "test"));

      assertThat(first.durableOffset()).as("the old increment was fsynced").isEqualTo(first.size());
      assertThat(first.state()).isEqualTo(AofAppender.State.CLOSED);
      assertThat(aof.appender()).isNotSameAs(first);
      assertThat(aof.manifest().orElseThrow().increments())
          .extracting(AofManifest.FileInfo::seq)
          .containsExactly(1L, 2L);
      assertThat(aof.rewriteInProgress()).contains(rewrite);
      // Writes after the point in time go to the new increment while the base is written.
      aof.appender().append(records(cmd(0, "SET", "c", "3")));
      entry(rewrite, "a");
      entry(rewrite, "b");
      rewrite.base().finish();

      aof.commitRewrite(rewrite);
      aof.appender().sync();

      assertThat(aof.rewriteInProgress()).isEmpty();
      assertThat(Files.readString(layout.manifest()))
          .isEqualTo(
              "file appendonly.aof.1.base.rss seq 1 type b\n"
                  + "file appendonly.aof.2.incr.aof seq 2 type i\n");
      assertThat(files())
          .containsExactly(
              "appendonly.aof.1.base.rss", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
      assertThat(aof.baseSize()).isEqualTo(Files.size(layout.resolve("appendonly.aof.1.base.rss")));
      assertThat(aof.totalSize())
          .as("the records, not the space reserved after them")
          .isEqualTo(
              aof.baseSize()
                  + IncrementScanner.scan(
                          layout.resolve("appendonly.aof.2.incr.aof"), AofCommandHandler.IGNORE)
                      .end());
    }
    assertThat(load()).containsExactly("base:a", "base:b", "0 SET c 3");
  }

  @Test
  void theSecondRewriteGetsTheNextSequenceNumbers() throws IOException {
    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      for (int round = 0; round < 2; round++) {
        AofRewrite rewrite = aof.startRewrite(round, Map.of());
        entry(rewrite, "k" + round);
        aof.commitRewrite(rewrite);
      }
      assertThat(files())
          .containsExactly(
              "appendonly.aof.2.base.rss", "appendonly.aof.3.incr.aof", "appendonly.aof.manifest");
    }
    assertThat(load()).containsExactly("base:k1");
  }

  @Test
  void anAbortedRewriteLeavesTheLogWholeWithOneMoreIncrement() throws IOException {
    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      aof.appender().append(records(cmd(0, "SET", "a", "1")));
      AofRewrite rewrite = aof.startRewrite(0, Map.of());
      entry(rewrite, "a");
      aof.appender().append(records(cmd(0, "SET", "b", "2")));
      aof.appender().sync();

      aof.abortRewrite(rewrite);

      assertThat(Files.exists(rewrite.base().tempFile())).isFalse();
      assertThat(files())
          .containsExactly(
              "appendonly.aof.1.incr.aof", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
      assertThatThrownBy(() -> aof.commitRewrite(rewrite))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(load()).containsExactly("0 SET a 1", "0 SET b 2");
  }

  @Test
  void aCrashDuringARewriteLeavesALoadableLogAndItsLeftoversAreLeftAloneAndNamed()
      throws IOException {
    AofDirectory crashed = AofDirectory.open(layout, LogChannel.Opener.FILES);
    crashed.appender().append(records(cmd(0, "SET", "a", "1")));
    AofRewrite rewrite = crashed.startRewrite(0, Map.of());
    entry(rewrite, "a");
    crashed.appender().append(records(cmd(0, "SET", "b", "2")));
    crashed.appender().sync();
    rewrite.base().finish();
    // The process dies here: the temporary base stays, and the base of an earlier crashed
    // rewrite (renamed, but its manifest swap never happened) lies around too.
    Files.copy(rewrite.base().tempFile(), layout.resolve("appendonly.aof.7.base.rss"));
    Files.writeString(layout.resolve("notes.txt"), "not ours");
    List<String> leftovers =
        List.of("appendonly.aof.7.base.rss", "notes.txt", "temp-appendonly.aof.1.base.rss");

    assertThat(load()).containsExactly("0 SET a 1", "0 SET b 2");
    try (LogCapture logs = LogCapture.of(AofDirectory.class);
        AofDirectory reopened = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      // The manifest does not list them, so nothing says what they hold: they stay, named.
      assertThat(files())
          .containsExactly(
              "appendonly.aof.1.incr.aof",
              "appendonly.aof.2.incr.aof",
              "appendonly.aof.7.base.rss",
              "appendonly.aof.manifest",
              "notes.txt",
              "temp-appendonly.aof.1.base.rss");
      assertThat(reopened.unlistedFiles()).containsExactlyElementsOf(leftovers);
      assertThat(logs.warnings()).anySatisfy(w -> assertThat(w).contains(leftovers));
      assertThat(reopened.appender().file().getFileName().toString())
          .isEqualTo("appendonly.aof.2.incr.aof");

      // A later rewrite deletes what it replaces, and still nothing else.
      commitRewriteOf(reopened, "a");
    }
    assertThat(files())
        .containsExactly(
            "appendonly.aof.2.base.rss",
            "appendonly.aof.3.incr.aof",
            "appendonly.aof.7.base.rss",
            "appendonly.aof.manifest",
            "notes.txt",
            "temp-appendonly.aof.1.base.rss");
    assertThat(load()).containsExactly("base:a");
  }

  @Test
  void aBrokenIncrementIsLeftBehindByTheNextRewrite() throws IOException {
    FaultInjectingLogChannel.Opener disks = new FaultInjectingLogChannel.Opener();
    try (AofDirectory aof = AofDirectory.open(layout, disks)) {
      AofAppender broken = aof.appender();
      broken.append(records(cmd(0, "SET", "a", "1")));
      disks.last().failForce(1);
      assertThatThrownBy(broken::sync).isInstanceOf(AofAppendException.class);

      AofRewrite rewrite = aof.startRewrite(0, Map.of());
      entry(rewrite, "a");
      aof.commitRewrite(rewrite);
      aof.appender().append(records(cmd(0, "SET", "b", "2")));
      aof.appender().sync();

      assertThat(aof.appender().state()).isEqualTo(AofAppender.State.HEALTHY);
      assertThat(files()).doesNotContain("appendonly.aof.1.incr.aof");
    }
    assertThat(load()).containsExactly("base:a", "0 SET b 2");
  }

  @Test
  void aFreshStartKeepsTheOldLogUntilItsFirstRewriteCommits() throws IOException {
    AofFixture old = new AofFixture(dataDir);
    old.base(1, "stale");
    old.incr(1, cmd(0, "SET", "stale2", "x"));
    old.manifest(1, 1);

    try (AofDirectory aof = AofDirectory.openFresh(layout, LogChannel.Opener.FILES)) {
      aof.appender().append(records(cmd(0, "SET", "before-cut", "x")));
      AofRewrite rewrite = aof.startRewrite(0, Map.of());
      aof.appender().append(records(cmd(0, "SET", "after-cut", "y")));
      entry(rewrite, "before-cut");
      // Until the commit, a crash must find the old log as it was.
      assertThat(load()).containsExactly("base:stale", "0 SET stale2 x");

      aof.commitRewrite(rewrite);
      aof.appender().sync();

      assertThat(files())
          .containsExactly(
              "appendonly.aof.2.base.rss", "appendonly.aof.3.incr.aof", "appendonly.aof.manifest");
    }
    assertThat(load()).containsExactly("base:before-cut", "0 SET after-cut y");
  }

  @Test
  void aBaseKeptAloneIsListedWithoutIncrementsAndALaterOpenAppendsAfterIt() throws IOException {
    try (AofDirectory aof = AofDirectory.openFresh(layout, LogChannel.Opener.FILES)) {
      commitRewriteOf(aof, "k");
      aof.closeKeepingBaseOnly();
    }
    // As Redis leaves BGREWRITEAOF with appendonly no: the manifest names the base alone.
    assertThat(files()).containsExactly("appendonly.aof.1.base.rss", "appendonly.aof.manifest");
    assertThat(Files.readString(layout.manifest()))
        .isEqualTo("file appendonly.aof.1.base.rss seq 1 type b\n");
    assertThat(load()).containsExactly("base:k");

    openAndAppendSet("later", "1");
    assertThat(load()).containsExactly("base:k", "0 SET later 1");
  }

  @Test
  void aBaseIsNotKeptAloneOverAnIncrementThatHoldsRecords() throws IOException {
    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      commitRewriteOf(aof, "k");
      aof.appender().append(records(cmd(0, "SET", "after", "1")));
      aof.appender().sync();
      assertThatThrownBy(aof::closeKeepingBaseOnly)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("holds records");
    }
    // Closed as by close(): the manifest still lists the increment, and nothing is lost.
    assertThat(Files.readString(layout.manifest())).contains("type i");
    assertThat(load()).containsExactly("base:k", "0 SET after 1");
  }

  @Test
  void historyFilesFromARedisManifestAreDroppedAtOpen() throws IOException {
    AofFixture fixture = new AofFixture(dataDir);
    fixture.incr(1, cmd(0, "SET", "old", "1"));
    fixture.incr(2, cmd(0, "SET", "new", "2"));
    Files.writeString(
        layout.manifest(),
        "file appendonly.aof.1.incr.aof seq 1 type h\nfile appendonly.aof.2.incr.aof seq 2 type i\n");

    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      assertThat(aof.manifest().orElseThrow().history()).isEmpty();
    }
    assertThat(Files.readString(layout.manifest()))
        .isEqualTo("file appendonly.aof.2.incr.aof seq 2 type i\n");
    assertThat(files()).containsExactly("appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
  }

  @Test
  void withoutAManifestDataFilesAreNeitherDeletedNorAppendedTo() throws IOException {
    AofFixture fixture = new AofFixture(dataDir);
    fixture.incr(3, cmd(0, "SET", "precious", "1"));

    assertThatThrownBy(() -> AofDirectory.open(layout, LogChannel.Opener.FILES))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("holds AOF files but no manifest")
        .hasMessageContaining("appendonly.aof.3.incr.aof");
    assertThat(files()).containsExactly("appendonly.aof.3.incr.aof");
  }

  @Test
  void withoutAManifestTheLeftoversOfACrashedFirstStartGo() throws IOException {
    AofFixture fixture = new AofFixture(dataDir);
    fixture.incr(1);
    Files.writeString(layout.tempManifest(), "file appendonly.aof.1.incr.aof seq 1 type i\n");

    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      assertThat(files()).containsExactly("appendonly.aof.1.incr.aof", "appendonly.aof.manifest");
    }
  }

  @Test
  void refusesToAppendToAnIncrementWithABadHeader() throws IOException {
    AofFixture fixture = new AofFixture(dataDir);
    Files.writeString(layout.resolve(layout.incrName(1)), "*1\r\n$4\r\nPING\r\n");
    fixture.manifest(0, 1);

    assertThatThrownBy(() -> AofDirectory.open(layout, LogChannel.Opener.FILES))
        .isInstanceOf(CorruptFileException.class);
  }

  @Test
  void afterACrashAppendsGoWhereTheRecordsEndInsideTheReserve() throws IOException {
    AofDirectory crashed = AofDirectory.open(layout, LogChannel.Opener.FILES);
    crashed.appender().append(records(cmd(0, "SET", "a", "1")));
    crashed.appender().sync();
    Path incr = crashed.appender().file();
    long reservedSize = Files.size(incr);
    // The process dies: nothing closes the file, and its reserve stays.

    long loadedEnd =
        new AofLoader(layout, true)
            .load(SnapshotEntryHandler.IGNORE, AofCommandHandler.IGNORE)
            .lastIncrementEnd();
    try (AofDirectory reopened = AofDirectory.open(layout, LogChannel.Opener.FILES, loadedEnd)) {
      assertThat(reopened.appender().size()).isEqualTo(loadedEnd);
      long end = reopened.appender().append(records(cmd(0, "SET", "b", "2")));
      reopened.appender().sync();
      assertThat(end).isLessThan(reservedSize);
      assertThat(reopened.totalSize()).isEqualTo(end);
    }
    assertThat(Files.size(incr))
        .as("the unused reserve is cut off at close")
        .isEqualTo(IncrementScanner.scan(incr, AofCommandHandler.IGNORE).end());
    assertThat(load()).containsExactly("0 SET a 1", "0 SET b 2");
  }

  @Test
  void refusesToAppendAfterADamagedRecord() throws IOException {
    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      aof.appender().append(records(cmd(0, "SET", "a", "1"), cmd(0, "SET", "b", "2")));
      aof.appender().sync();
    }
    Path incr = layout.resolve(layout.incrName(1));
    byte[] bytes = Files.readAllBytes(incr);
    bytes[FileKind.HEADER_SIZE + 2] ^= 0x10;
    Files.write(incr, bytes);

    assertThatThrownBy(() -> AofDirectory.open(layout, LogChannel.Opener.FILES))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> assertThat(e.offset()).isEqualTo(FileKind.HEADER_SIZE));
  }

  @Test
  void anEmptyLastIncrementGetsItsHeader() throws IOException {
    AofFixture fixture = new AofFixture(dataDir);
    Files.write(layout.resolve(layout.incrName(1)), new byte[0]);
    fixture.manifest(0, 1);

    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      aof.appender().append(records(cmd(0, "SET", "a", "1")));
      aof.appender().sync();
    }
    assertThat(load()).containsExactly("0 SET a 1");
  }

  @Test
  void sizesCountTheBaseAndEveryIncrementInUse() throws IOException {
    try (AofDirectory aof = AofDirectory.open(layout, LogChannel.Opener.FILES)) {
      assertThat(aof.baseSize()).isZero();
      long firstIncr = aof.appender().append(records(cmd(0, "SET", "a", "1")));
      assertThat(aof.totalSize()).isEqualTo(firstIncr);

      AofRewrite rewrite = aof.startRewrite(0, Map.of());
      long secondIncr = aof.appender().append(records(cmd(0, "SET", "b", "2")));
      assertThat(aof.totalSize()).as("both increments are live").isEqualTo(firstIncr + secondIncr);

      aof.commitRewrite(rewrite);
      long base = Files.size(rewrite.baseFile());
      assertThat(aof.baseSize()).isEqualTo(base);
      assertThat(aof.totalSize()).isEqualTo(base + secondIncr);
    }
  }
}
