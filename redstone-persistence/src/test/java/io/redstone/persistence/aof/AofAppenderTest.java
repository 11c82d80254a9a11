package io.redstone.persistence.aof;

import static io.redstone.persistence.aof.Commands.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.persistence.aof.Commands.Recorder;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.FileScan;
import io.redstone.persistence.format.RecordBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appender on a failing disk: sticky errors, no half records, never a retried fsync. */
class AofAppenderTest {
  @TempDir Path dir;

  private Path file;
  private FaultInjectingLogChannel disk;
  private AofAppender appender;
  private final AofRecordEncoder encoder = new AofRecordEncoder();

  @BeforeEach
  void openAppender() throws IOException {
    file = dir.resolve("appendonly.aof.1.incr.aof");
    Files.write(file, FileKind.AOF_INCREMENT.header());
    disk = new FaultInjectingLogChannel(FileLogChannel.open(file));
    appender = new AofAppender(file, disk);
  }

  private ByteBuffer records(String... keys) {
    RecordBuffer out = new RecordBuffer(64);
    for (String key : keys) {
      encoder.encode(0, cmd(0, "SET", key, "value-of-" + key).bytes(), out);
    }
    return out.asByteBuffer();
  }

  private Recorder replay() throws IOException {
    Recorder seen = new Recorder();
    FileScan scan = IncrementScanner.scan(file, seen);
    assertThat(scan.ok()).as("%s", scan.damage()).isTrue();
    return seen;
  }

  private long recordsEnd() throws IOException {
    FileScan scan = IncrementScanner.scan(file, new Recorder());
    assertThat(scan.ok()).as("%s", scan.damage()).isTrue();
    return scan.end();
  }

  private byte[] bytesFrom(long offset, int length) throws IOException {
    byte[] all = Files.readAllBytes(file);
    return java.util.Arrays.copyOfRange(all, (int) offset, (int) offset + length);
  }

  private static byte[] halfOf(ByteBuffer records, int length) {
    byte[] half = new byte[length];
    records.get(half);
    return half;
  }

  private static java.util.List<String> keys(Recorder seen) {
    return seen.seen.stream().map(c -> c.argv().get(1)).toList();
  }

  @Test
  void appendsAndSyncsReportOffsets() throws IOException {
    assertThat(appender.size()).isEqualTo(FileKind.HEADER_SIZE);
    assertThat(appender.durableOffset()).isEqualTo(FileKind.HEADER_SIZE);

    long first = appender.append(records("a", "b"));
    long second = appender.append(records("c"));
    assertThat(second).isGreaterThan(first).isEqualTo(Files.size(file));
    assertThat(appender.durableOffset()).isEqualTo(FileKind.HEADER_SIZE);

    int forcesBefore = disk.forces();
    assertThat(appender.sync()).isEqualTo(second);
    assertThat(appender.durableOffset()).isEqualTo(second);
    appender.sync();
    assertThat(disk.forces()).as("nothing new: no second fsync").isEqualTo(forcesBefore + 1);
    assertThat(keys(replay())).containsExactly("a", "b", "c");
  }

  @Test
  void aFailedFsyncIsStickyAndNeverRetried() throws IOException {
    long durable = appender.append(records("a"));
    appender.sync();
    long notDurable = appender.append(records("b"));
    disk.failForce(1);

    assertThatThrownBy(() -> appender.sync())
        .isInstanceOfSatisfying(
            AofAppendException.class,
            e -> {
              assertThat(e.durableOffset()).isEqualTo(durable).isLessThan(notDurable);
              assertThat(e.state()).isEqualTo(AofAppender.State.BROKEN);
              assertThat(e.getMessage())
                  .contains(file.toString())
                  .contains("after offset " + durable);
            });
    int forces = disk.forces();

    // The disk would now report success: the appender must not ask it, nor take new appends.
    assertThatThrownBy(() -> appender.sync()).isInstanceOf(AofAppendException.class);
    assertThatThrownBy(() -> appender.append(records("c")))
        .isInstanceOfSatisfying(
            AofAppendException.class, e -> assertThat(e.durableOffset()).isEqualTo(durable));
    assertThatThrownBy(() -> appender.clearWriteFailure())
        .isInstanceOf(IllegalStateException.class);
    assertThat(disk.forces()).isEqualTo(forces);
    assertThat(appender.state()).isEqualTo(AofAppender.State.BROKEN);
    assertThat(appender.durableOffset()).isEqualTo(durable);
  }

  @Test
  void aShortWriteIsCutBackSoNoLaterRecordFollowsHalfOfOne() throws IOException {
    long before = appender.append(records("a"));
    ByteBuffer batch = records("b", "c");
    disk.diskFullAfter(batch.remaining() - 5);

    assertThatThrownBy(() -> appender.append(batch))
        .isInstanceOfSatisfying(
            AofAppendException.class,
            e -> {
              assertThat(e.state()).isEqualTo(AofAppender.State.WRITE_FAILED);
              assertThat(e.getMessage()).contains("No space left on device").contains("cut off");
            });
    assertThat(Files.size(file)).isEqualTo(before);
    assertThat(appender.size()).isEqualTo(before);

    // Refused until the caller clears the failure, even once there is space again.
    disk.freeSpace();
    assertThatThrownBy(() -> appender.append(records("d"))).isInstanceOf(AofAppendException.class);
    assertThat(appender.sync())
        .as("the records before the failure can still be made durable")
        .isEqualTo(before);

    appender.clearWriteFailure();
    long after = appender.append(records("b", "c"));
    assertThat(after)
        .as("appended where the records end, in the reserve the sync made")
        .isEqualTo(recordsEnd())
        .isLessThan(Files.size(file));
    assertThat(keys(replay())).containsExactly("a", "b", "c");
  }

  @Test
  void aFailedWriteThatCannotBeCutBackBreaksTheLog() throws IOException {
    long before = appender.append(records("a"));
    appender.sync();
    ByteBuffer batch = records("b");
    disk.diskFullAfter(7).failTruncate(true);

    assertThatThrownBy(() -> appender.append(batch))
        .isInstanceOfSatisfying(
            AofAppendException.class,
            e -> {
              assertThat(e.state()).isEqualTo(AofAppender.State.BROKEN);
              assertThat(e.getMessage()).contains("could not be cut off");
              assertThat(e.durableOffset()).isEqualTo(before);
            });
    assertThat(bytesFrom(before, 7))
        .as("the half record is still there")
        .isEqualTo(halfOf(records("b"), 7));

    disk.freeSpace().failTruncate(false);
    assertThatThrownBy(() -> appender.append(records("c"))).isInstanceOf(AofAppendException.class);
    assertThatThrownBy(() -> appender.sync()).isInstanceOf(AofAppendException.class);
    assertThatThrownBy(() -> appender.clearWriteFailure())
        .isInstanceOf(IllegalStateException.class);
    appender.close();
    assertThat(bytesFrom(before, 7))
        .as("a broken log is left as it is, reserve and all")
        .isEqualTo(halfOf(records("b"), 7));
  }

  @Test
  void aWriteErrorWithoutProgressLeavesTheFileAsItWas() throws IOException {
    long before = appender.append(records("a"));
    disk.failWrite(1);

    assertThatThrownBy(() -> appender.append(records("b")))
        .isInstanceOfSatisfying(
            AofAppendException.class,
            e -> assertThat(e.state()).isEqualTo(AofAppender.State.WRITE_FAILED));

    assertThat(Files.size(file)).isEqualTo(before);
    appender.clearWriteFailure();
    appender.append(records("c"));
    assertThat(keys(replay())).containsExactly("a", "c");
  }

  @Test
  void aClosedAppenderRefuses() throws IOException {
    appender.close();
    assertThatThrownBy(() -> appender.append(records("a")))
        .isInstanceOfSatisfying(
            AofAppendException.class,
            e -> assertThat(e.state()).isEqualTo(AofAppender.State.CLOSED));
    assertThatThrownBy(() -> appender.sync()).isInstanceOf(AofAppendException.class);
  }

  @Test
  void anFsyncReservesZerosAheadThatTheNextRecordsOverwrite() throws IOException {
    long first = appender.append(records("a"));
    appender.sync();

    assertThat(Files.size(file))
        .as("the smallest step reserved after the records")
        .isEqualTo(first + AofAppender.MIN_RESERVE);
    assertThat(IncrementScanner.scan(file, new Recorder()).reserved())
        .isEqualTo(AofAppender.MIN_RESERVE);

    long second = appender.append(records("b"));
    appender.sync();
    assertThat(Files.size(file))
        .as("the records went into the reserve; the file did not grow")
        .isEqualTo(first + AofAppender.MIN_RESERVE);
    assertThat(recordsEnd()).isEqualTo(second);
    assertThat(keys(replay())).containsExactly("a", "b");
  }

  @Test
  void theReserveGrowsOnceMostOfItIsUsedByStepsSizedToTheFsyncs() throws IOException {
    appender.append(records("a"));
    appender.sync();
    long reservedEnd = Files.size(file);

    // Most of the reserve used by one fsync of a bigger write: sixteen of those are reserved.
    long before = appender.size();
    long end = appender.append(bigRecord(3 * (int) AofAppender.MIN_RESERVE / 4));
    appender.sync();
    assertThat(Files.size(file)).isEqualTo(reservedEnd + 16 * (end - before));

    // A write far past the reserve: the next step is as large as it gets, no larger.
    for (int i = 0; i < 16; i++) {
      end = appender.append(bigRecord((int) AofAppender.MAX_RESERVE / 8));
    }
    appender.sync();
    assertThat(Files.size(file)).isEqualTo(end + AofAppender.MAX_RESERVE);
    assertThat(recordsEnd()).isEqualTo(end);
  }

  private ByteBuffer bigRecord(int valueBytes) {
    RecordBuffer out = new RecordBuffer(valueBytes + 64);
    encoder.encode(0, cmd(0, "SET", "big", "x".repeat(valueBytes)).bytes(), out);
    return out.asByteBuffer();
  }

  @Test
  void closingCutsTheUnusedReserveOff() throws IOException {
    long end = appender.append(records("a"));
    appender.sync();
    appender.close();

    assertThat(Files.size(file)).isEqualTo(end);
    assertThat(keys(replay())).containsExactly("a");
  }

  @Test
  void reopeningAppendsWhereTheRecordsEndNotWhereTheFileEnds() throws IOException {
    long end = appender.append(records("a"));
    appender.sync();
    // A crash: the file keeps its reserve.
    FileLogChannel channel = FileLogChannel.open(file);
    AofAppender reopened = new AofAppender(file, channel, end);

    reopened.append(records("b"));
    reopened.sync();
    reopened.close();

    assertThat(keys(replay())).containsExactly("a", "b");
  }

  @Test
  void aDiskTooFullToReserveOnlyLosesTheReserve() throws IOException {
    disk.failZeros(true);
    long first = appender.append(records("a"));
    assertThat(appender.sync()).isEqualTo(first);
    assertThat(appender.state()).isEqualTo(AofAppender.State.HEALTHY);
    assertThat(Files.size(file)).isEqualTo(first);

    disk.failZeros(false);
    long second = appender.append(records("b"));
    appender.sync();
    assertThat(Files.size(file)).as("given up for this file").isEqualTo(second);
    assertThat(keys(replay())).containsExactly("a", "b");
  }
}
