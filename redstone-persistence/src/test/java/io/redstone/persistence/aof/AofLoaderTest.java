package io.redstone.persistence.aof;

import static io.redstone.persistence.aof.Commands.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redstone.persistence.CorruptFileException;
import io.redstone.persistence.ReplayException;
import io.redstone.persistence.aof.AofFixture.Replay;
import io.redstone.persistence.aof.Commands.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Loading: base then increments in order; a torn last tail cut with a warning; corruption refused.
 */
class AofLoaderTest {
  @TempDir Path dir;

  private AofFixture aof;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger loaderLog = (Logger) LoggerFactory.getLogger(AofLoader.class);

  private static final Command[] LAST = {
    cmd(0, "SET", "c", "3"), cmd(1, "SET", "d", "4"), cmd(0, "DEL", "a")
  };

  @BeforeEach
  void setUp() throws IOException {
    aof = new AofFixture(dir);
    logs.start();
    loaderLog.addAppender(logs);
  }

  @AfterEach
  void detachLogs() {
    loaderLog.detachAppender(logs);
  }

  private void standardLog() throws IOException {
    aof.base(1, "a", "b");
    aof.incr(1, cmd(0, "SET", "a", "1"), cmd(2, "INCR", "n"));
    aof.incr(2, LAST);
    aof.manifest(1, 1, 2);
  }

  private AofLoadResult load(Replay replay) throws IOException {
    return new AofLoader(aof.layout, true).load(replay.base(), replay.commands());
  }

  private Path lastIncr() {
    return aof.layout.resolve(aof.layout.incrName(2));
  }

  @Test
  void loadsTheBaseThenEachIncrementInOrder() throws IOException {
    standardLog();
    Replay replay = new Replay();

    AofLoadResult result = load(replay);

    assertThat(replay.events)
        .containsExactly(
            "base:a", "base:b", "0 SET a 1", "2 INCR n", "0 SET c 3", "1 SET d 4", "0 DEL a");
    assertThat(result.files()).isEqualTo(3);
    assertThat(result.baseEntries()).isEqualTo(2);
    assertThat(result.commands()).isEqualTo(5);
    assertThat(result.truncated()).isEmpty();
    assertThat(result.bytes())
        .isEqualTo(
            Files.size(aof.layout.resolve(aof.layout.baseName(1)))
                + Files.size(aof.layout.resolve(aof.layout.incrName(1)))
                + Files.size(lastIncr()));
    assertThat(result.elapsed()).isPositive();
  }

  @Test
  void reservedZerosAfterTheLastRecordLoadQuietlyAndStay() throws IOException {
    standardLog();
    byte[] records = Files.readAllBytes(lastIncr());
    Files.write(lastIncr(), Arrays.copyOf(records, records.length + 100_000));
    Replay replay = new Replay();

    AofLoadResult result = load(replay);

    assertThat(replay.events).endsWith("0 SET c 3", "1 SET d 4", "0 DEL a");
    assertThat(result.truncated()).isEmpty();
    assertThat(result.lastIncrementEnd()).isEqualTo(records.length);
    assertThat(result.bytes())
        .as("records, not reserved space")
        .isEqualTo(
            Files.size(aof.layout.resolve(aof.layout.baseName(1)))
                + Files.size(aof.layout.resolve(aof.layout.incrName(1)))
                + records.length);
    assertThat(Files.size(lastIncr())).isEqualTo(records.length + 100_000);
    assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
  }

  @Test
  void aLogWithoutBaseLoadsItsIncrements() throws IOException {
    aof.incr(4, cmd(0, "SET", "x", "y"));
    aof.manifest(0, 4);
    Replay replay = new Replay();

    assertThat(load(replay).baseEntries()).isZero();
    assertThat(replay.events).containsExactly("0 SET x y");
  }

  @Test
  void aTornLastRecordIsCutWithAWarningAndTheFileTruncated() throws IOException {
    standardLog();
    long[] boundaries = Commands.recordBoundaries(List.of(LAST));
    byte[] whole = Files.readAllBytes(lastIncr());
    Files.write(lastIncr(), Arrays.copyOf(whole, (int) boundaries[2] + 9));
    Replay replay = new Replay();

    AofLoadResult result = load(replay);

    assertThat(replay.events).endsWith("0 SET c 3", "1 SET d 4");
    assertThat(result.truncated())
        .hasValueSatisfying(
            t -> {
              assertThat(t.file()).isEqualTo(lastIncr());
              assertThat(t.offset()).isEqualTo(boundaries[2]);
              assertThat(t.bytesCut()).isEqualTo(9);
            });
    assertThat(result.lastIncrementEnd()).isEqualTo(boundaries[2]);
    assertThat(Files.size(lastIncr())).isEqualTo(boundaries[2]);
    assertThat(logs.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            m ->
                assertThat(m)
                    .isEqualTo(
                        "!!! Truncating the AOF appendonly.aof.2.incr.aof at offset "
                            + boundaries[2]
                            + " !!!"))
        .anySatisfy(
            m -> assertThat(m).contains("loaded anyway because aof-load-truncated is enabled"));

    // The cut is for good: the next load is clean, and appending continues from the cut.
    assertThat(load(new Replay()).truncated()).isEmpty();
    try (AofDirectory open = AofDirectory.open(aof.layout, LogChannel.Opener.FILES)) {
      open.appender().append(Commands.records(cmd(0, "SET", "e", "5")));
      open.appender().sync();
    }
    Replay again = new Replay();
    load(again);
    assertThat(again.events).endsWith("1 SET d 4", "0 SET e 5");
  }

  @Test
  void aLastIncrementCutInsideItsFileHeaderIsEmptiedAndWrittenAgain() throws IOException {
    standardLog();
    byte[] whole = Files.readAllBytes(lastIncr());
    Files.write(lastIncr(), Arrays.copyOf(whole, 5));

    AofLoadResult result = load(new Replay());

    assertThat(result.truncated()).hasValueSatisfying(t -> assertThat(t.offset()).isZero());
    assertThat(Files.size(lastIncr())).isZero();
    try (AofDirectory open = AofDirectory.open(aof.layout, LogChannel.Opener.FILES)) {
      open.appender().append(Commands.records(cmd(0, "SET", "e", "5")));
      open.appender().sync();
    }
    Replay again = new Replay();
    load(again);
    assertThat(again.events).endsWith("2 INCR n", "0 SET e 5");
  }

  @Test
  void withoutAofLoadTruncatedATornTailIsRefused() throws IOException {
    standardLog();
    byte[] whole = Files.readAllBytes(lastIncr());
    Files.write(lastIncr(), Arrays.copyOf(whole, whole.length - 1));

    assertThatThrownBy(
            () ->
                new AofLoader(aof.layout, false).load(new Replay().base(), new Replay().commands()))
        .isInstanceOfSatisfying(
            CorruptFileException.class, e -> assertThat(e.truncated()).isTrue());
    assertThat(Files.size(lastIncr())).isEqualTo(whole.length - 1);
  }

  @Test
  void corruptionBeforeTheTailIsRefusedNamingTheFileAndOffset() throws IOException {
    standardLog();
    long[] boundaries = Commands.recordBoundaries(List.of(LAST));
    byte[] bytes = Files.readAllBytes(lastIncr());
    bytes[(int) boundaries[1] + 20] ^= 0x10;
    Files.write(lastIncr(), bytes);

    assertThatThrownBy(() -> load(new Replay()))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> {
              assertThat(e.file()).isEqualTo(lastIncr());
              assertThat(e.offset()).isEqualTo(boundaries[1]);
              assertThat(e.truncated()).isFalse();
              assertThat(e.getMessage())
                  .isEqualTo(
                      lastIncr()
                          + ": corrupt at offset "
                          + boundaries[1]
                          + ": record payload checksum mismatch");
            });
    assertThat(Files.size(lastIncr())).as("nothing cut").isEqualTo(bytes.length);
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(m -> assertThat(m).contains("--check-aof"));
  }

  @Test
  void aTornTailInAnEarlierIncrementIsRefused() throws IOException {
    standardLog();
    Path first = aof.layout.resolve(aof.layout.incrName(1));
    byte[] whole = Files.readAllBytes(first);
    Files.write(first, Arrays.copyOf(whole, whole.length - 3));

    assertThatThrownBy(() -> load(new Replay()))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> {
              assertThat(e.file()).isEqualTo(first);
              assertThat(e.truncated()).isTrue();
            });
    assertThat(Files.size(first)).isEqualTo(whole.length - 3);
  }

  @Test
  void aTruncatedBaseIsRefused() throws IOException {
    standardLog();
    Path base = aof.layout.resolve(aof.layout.baseName(1));
    byte[] whole = Files.readAllBytes(base);
    Files.write(base, Arrays.copyOf(whole, whole.length - 1));

    assertThatThrownBy(() -> load(new Replay()))
        .isInstanceOfSatisfying(
            CorruptFileException.class,
            e -> {
              assertThat(e.file()).isEqualTo(base);
              assertThat(e.getMessage()).contains("truncated at offset");
            });
  }

  @Test
  void aMissingFileOrManifestIsNamed() throws IOException {
    assertThat(new AofLoader(aof.layout, true).manifestExists()).isFalse();
    assertThatThrownBy(() -> load(new Replay())).isInstanceOf(NoSuchFileException.class);

    standardLog();
    Files.delete(aof.layout.resolve(aof.layout.incrName(1)));
    assertThatThrownBy(() -> load(new Replay()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("appendonly.aof.1.incr.aof");
  }

  @Test
  void aHandlerFailureStopsTheLoadNamingTheRecord() throws IOException {
    standardLog();
    AofCommandHandler refusing =
        (db, argv) -> {
          if (db == 2) {
            throw new IllegalArgumentException("ERR DB index is out of range");
          }
        };
    assertThatThrownBy(() -> new AofLoader(aof.layout, true).load(new Replay().base(), refusing))
        .isInstanceOfSatisfying(
            ReplayException.class,
            e -> {
              assertThat(e.file()).isEqualTo(aof.layout.resolve(aof.layout.incrName(1)));
              assertThat(e.getMessage()).contains("DB index is out of range");
            });
  }
}
