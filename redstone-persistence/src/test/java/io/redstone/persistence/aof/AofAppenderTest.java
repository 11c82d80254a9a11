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
        .isInstanceOfSatisfying(AofAppendException.class, e -> {
          assertThat(e.durableOffset()).isEqualTo(durable).isLessThan(notDurable);
          assertThat(e.state()).isEqualTo(AofAppender.State.BROKEN);
          assertThat(e.getMessage()).contains(file.toString()).contains("after offset " + durable);
        });
    int forces = disk.forces();

    // The disk would now report success: the appender must not ask it, nor take new appends.
    assertThatThrownBy(() -> appender.sync()).isInstanceOf(AofAppendException.class);
    assertThatThrownBy(() -> appender.append(records("c")))
        .isInstanceOfSatisfying(AofAppendException.class,
            e -> assertThat(e.durableOffset()).isEqualTo(durable));
    assertThatThrownBy(() -> appender.clearWriteFailure()).isInstanceOf(IllegalStateException.class);
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
        .isInstanceOfSatisfying(AofAppendException.class, e -> {
          assertThat(e.state()).isEqualTo(AofAppender.State.WRITE_FAILED);
          assertThat(e.getMessage()).contains("No space left on device").contains("cut off");
        });
    assertThat(Files.size(file)).isEqualTo(before);
    assertThat(appender.size()).isEqualTo(before);

    // Refused until the caller clears the failure, even once there is space again.
    disk.freeSpace();
    assertThatThrownBy(() -> appender.append(records("d"))).isInstanceOf(AofAppendException.class);
    assertThat(appender.sync()).as("the records before the failure can still be made durable")
        .isEqualTo(before);

    appender.clearWriteFailure();
    long after = appender.append(records("b", "c"));
    assertThat(after).isEqualTo(Files.size(file));
    assertThat(keys(replay())).containsExactly("a", "b", "c");
  }

  @Test
  void aFailedWriteThatCannotBeCutBackBreaksTheLog() throws IOException {
    long before = appender.append(records("a"));
    appender.sync();
    ByteBuffer batch = records("b");
    disk.diskFullAfter(7).failTruncate(true);

    assertThatThrownBy(() -> appender.append(batch))
        .isInstanceOfSatisfying(AofAppendException.class, e -> {
          assertThat(e.state()).isEqualTo(AofAppender.State.BROKEN);
          assertThat(e.getMessage()).contains("could not be cut off");
          assertThat(e.durableOffset()).isEqualTo(before);
        });
    assertThat(Files.size(file)).as("the half record is still there").isEqualTo(before + 7);

    disk.freeSpace().failTruncate(false);
    assertThatThrownBy(() -> appender.append(records("c"))).isInstanceOf(AofAppendException.class);
    assertThatThrownBy(() -> appender.sync()).isInstanceOf(AofAppendException.class);
    assertThatThrownBy(() -> appender.clearWriteFailure()).isInstanceOf(IllegalStateException.class);
    assertThat(Files.size(file)).isEqualTo(before + 7);
  }

  @Test
  void aWriteErrorWithoutProgressLeavesTheFileAsItWas() throws IOException {
    long before = appender.append(records("a"));
    disk.failWrite(1);

    assertThatThrownBy(() -> appender.append(records("b")))
        .isInstanceOfSatisfying(AofAppendException.class,
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
        .isInstanceOfSatisfying(AofAppendException.class,
            e -> assertThat(e.state()).isEqualTo(AofAppender.State.CLOSED));
    assertThatThrownBy(() -> appender.sync()).isInstanceOf(AofAppendException.class);
  }
}
