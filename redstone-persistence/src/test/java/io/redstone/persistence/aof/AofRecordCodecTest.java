package io.redstone.persistence.aof;

import static io.redstone.persistence.aof.Commands.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.persistence.aof.Commands.Command;
import io.redstone.persistence.aof.Commands.Recorder;
import io.redstone.persistence.format.Damage;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.FileScan;
import io.redstone.persistence.format.RecordBuffer;
import io.redstone.persistence.format.RecordFramer;
import io.redstone.persistence.format.RecordReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The append-only log's records: round trips, and every truncation and bit flip detected. */
class AofRecordCodecTest {
  @TempDir Path dir;

  private static final List<Command> THREE =
      List.of(
          cmd(0, "SET", "k1", "v1"),
          cmd(3, "DEL", "k2"),
          cmd(15, "PEXPIREAT", "k3", "1700000000000"));

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private FileScan scan(byte[] bytes, Recorder into) throws IOException {
    Path file = dir.resolve("scan.incr.aof");
    Files.write(file, bytes);
    return IncrementScanner.scan(file, into);
  }

  @Test
  void commandsRoundTripThroughAFileInOrder() throws IOException {
    Random random = new Random(7);
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      int argc = 1 + random.nextInt(5);
      String[] argv = new String[argc];
      for (int a = 0; a < argc; a++) {
        byte[] arg = new byte[random.nextInt(i % 50 == 0 ? 3000 : 20)];
        random.nextBytes(arg);
        argv[a] = new String(arg, java.nio.charset.StandardCharsets.ISO_8859_1);
      }
      commands.add(cmd(random.nextInt(16), argv));
    }
    commands.add(cmd(Integer.MAX_VALUE, "", "", ""));

    Recorder seen = new Recorder();
    FileScan scan = scan(Commands.incrementBytes(commands), seen);

    assertThat(scan.ok()).isTrue();
    assertThat(scan.items()).isEqualTo(commands.size());
    assertThat(seen.seen).isEqualTo(commands);
  }

  @Test
  void aSetOfShortArgumentsCostsTheHeaderPlusSevenBytes() {
    RecordBuffer out = new RecordBuffer(16);
    int size = new AofRecordEncoder().encode(0, Commands.cmd(0, "SET", "k", "v").bytes(), out);
    assertThat(size).isEqualTo(RecordFramer.HEADER_SIZE + 1 + 1 + 1 + 3 * 1 + 5);
    assertThat(out.length()).isEqualTo(size);
  }

  @Test
  void encodingAppendsToWhatTheBufferHolds() {
    RecordBuffer out = new RecordBuffer(4);
    AofRecordEncoder encoder = new AofRecordEncoder();
    int first = encoder.encode(1, cmd(1, "INCR", "n").bytes(), out);
    int second = encoder.encode(1, cmd(1, "INCR", "n").bytes(), out);
    assertThat(out.length()).isEqualTo(first + second);
    assertThat(Arrays.copyOfRange(out.array(), 0, first))
        .isEqualTo(Arrays.copyOfRange(out.array(), first, first + second));
  }

  @Test
  void aGroupLoadsAllItsEffectsInOrder() throws IOException {
    RecordBuffer out = new RecordBuffer(64);
    out.writeBytes(FileKind.AOF_INCREMENT.header());
    AofRecordEncoder encoder = new AofRecordEncoder();
    encoder.encode(0, cmd(0, "SET", "before", "1").bytes(), out);
    encoder.beginGroup(out);
    encoder.addToGroup(0, cmd(0, "SET", "a", "1").bytes());
    encoder.addToGroup(5, cmd(5, "DEL", "b").bytes());
    int groupSize = encoder.endGroup();
    Recorder seen = new Recorder();

    FileScan scan = scan(out.toByteArray(), seen);

    assertThat(scan.ok()).isTrue();
    assertThat(scan.items()).as("commands, not records").isEqualTo(3);
    assertThat(seen.seen)
        .containsExactly(cmd(0, "SET", "before", "1"), cmd(0, "SET", "a", "1"), cmd(5, "DEL", "b"));
    assertThat(groupSize).isGreaterThan(RecordFramer.HEADER_SIZE);
  }

  @Test
  void aTornGroupLoadsNoneOfItsEffects() throws IOException {
    RecordBuffer out = new RecordBuffer(64);
    out.writeBytes(FileKind.AOF_INCREMENT.header());
    AofRecordEncoder encoder = new AofRecordEncoder();
    int groupStart = out.length();
    encoder.beginGroup(out);
    encoder.addToGroup(0, cmd(0, "SET", "a", "1").bytes());
    encoder.addToGroup(0, cmd(0, "SET", "b", "2").bytes());
    encoder.endGroup();
    byte[] whole = out.toByteArray();
    for (int cut = groupStart + 1; cut < whole.length; cut++) {
      Recorder seen = new Recorder();
      FileScan scan = scan(Arrays.copyOf(whole, cut), seen);
      assertThat(seen.seen).as("cut at %d", cut).isEmpty();
      if (allZero(whole, groupStart, cut)) {
        assertThat(scan.end()).isEqualTo(groupStart);
      } else {
        assertThat(scan.damage().tornTail()).isTrue();
        assertThat(scan.damage().offset()).isEqualTo(groupStart);
      }
    }
  }

  @Test
  void anEmptyGroupLeavesNothingAndGroupsDoNotNest() {
    RecordBuffer out = new RecordBuffer(16);
    AofRecordEncoder encoder = new AofRecordEncoder();
    encoder.beginGroup(out);
    assertThatThrownBy(() -> encoder.encode(0, cmd(0, "PING").bytes(), out))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> encoder.beginGroup(out)).isInstanceOf(IllegalStateException.class);
    assertThat(encoder.endGroup()).isZero();
    assertThat(out.length()).isZero();
    assertThatThrownBy(encoder::endGroup).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> encoder.addToGroup(0, cmd(0, "PING").bytes()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsWhatCannotBeRecorded() {
    AofRecordEncoder encoder = new AofRecordEncoder();
    RecordBuffer out = new RecordBuffer(16);
    assertThatThrownBy(() -> encoder.encode(-1, cmd(0, "PING").bytes(), out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encoder.encode(0, new byte[0][], out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out.length()).isZero();
  }

  @Test
  void anEmptyFileIsAnEmptyIncrement() throws IOException {
    FileScan scan = scan(new byte[0], new Recorder());
    assertThat(scan.ok()).isTrue();
    assertThat(scan.items()).isZero();
  }

  @Test
  void everyTruncationPointIsATornTailAtTheLastCompleteRecord() throws IOException {
    byte[] whole = Commands.incrementBytes(THREE);
    long[] boundaries = Commands.recordBoundaries(THREE);
    for (int cut = 0; cut < whole.length; cut++) {
      Recorder seen = new Recorder();
      FileScan scan = scan(Arrays.copyOf(whole, cut), seen);

      int complete = 0;
      while (complete < THREE.size() && boundaries[complete + 1] <= cut) {
        complete++;
      }
      assertThat(seen.seen).as("cut at %d", cut).isEqualTo(THREE.subList(0, complete));
      if (cut == 0 || Arrays.binarySearch(boundaries, cut) >= 0) {
        assertThat(scan.ok()).as("cut at %d is a record boundary", cut).isTrue();
      } else if (cut > FileKind.HEADER_SIZE && allZero(whole, (int) boundaries[complete], cut)) {
        // Only the leading zeros of a length reached the disk: no record, as in reserved space.
        assertThat(scan.ok()).as("cut at %d: %s", cut, scan.damage()).isTrue();
        assertThat(scan.end()).isEqualTo(boundaries[complete]);
      } else {
        Damage damage = scan.damage();
        assertThat(damage).as("cut at %d", cut).isNotNull();
        assertThat(damage.tornTail()).as("cut at %d: %s", cut, damage).isTrue();
        assertThat(damage.offset())
            .isEqualTo(cut < FileKind.HEADER_SIZE ? 0 : boundaries[complete]);
        assertThat(damage.repairableByTruncation()).isTrue();
      }
    }
  }

  @Test
  void everyBitFlipInAMiddleRecordIsCorruptionAtThatRecord() throws IOException {
    byte[] whole = Commands.incrementBytes(THREE);
    long[] boundaries = Commands.recordBoundaries(THREE);
    for (long bit = boundaries[1] * 8; bit < boundaries[2] * 8; bit++) {
      byte[] flipped = whole.clone();
      flipped[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
      Recorder seen = new Recorder();
      FileScan scan = scan(flipped, seen);

      assertThat(scan.ok()).as("bit %d", bit).isFalse();
      assertThat(scan.damage().tornTail()).as("bit %d: %s", bit, scan.damage()).isFalse();
      assertThat(scan.damage().offset()).isEqualTo(boundaries[1]);
      assertThat(seen.seen).containsExactly(THREE.get(0));
    }
  }

  @Test
  void everyBitFlipInTheLastRecordIsDetected() throws IOException {
    byte[] whole = Commands.incrementBytes(THREE);
    long[] boundaries = Commands.recordBoundaries(THREE);
    for (long bit = boundaries[2] * 8; bit < whole.length * 8L; bit++) {
      byte[] flipped = whole.clone();
      flipped[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
      FileScan scan = scan(flipped, new Recorder());

      assertThat(scan.ok()).as("bit %d", bit).isFalse();
      assertThat(scan.damage().offset()).isEqualTo(boundaries[2]);
      boolean inHeader = bit < (boundaries[2] + RecordFramer.HEADER_SIZE) * 8;
      // A damaged header is never taken for a torn write when payload bytes follow it; a damaged
      // payload running to the end of the file is indistinguishable from one.
      assertThat(scan.damage().tornTail())
          .as("bit %d: %s", bit, scan.damage())
          .isEqualTo(!inHeader);
    }
  }

  @Test
  void everyBitFlipInTheFileHeaderIsCorruptionAtOffsetZero() throws IOException {
    byte[] whole = Commands.incrementBytes(THREE);
    for (int bit = 0; bit < FileKind.HEADER_SIZE * 8; bit++) {
      byte[] flipped = whole.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      FileScan scan = scan(flipped, new Recorder());

      assertThat(scan.ok()).as("bit %d", bit).isFalse();
      assertThat(scan.damage().offset()).isZero();
      assertThat(scan.damage().tornTail()).isFalse();
      assertThat(scan.damage().repairableByTruncation()).isFalse();
    }
  }

  @Test
  void zerosAfterAnIncompleteRecordAreATornTail() throws IOException {
    byte[] whole = Commands.incrementBytes(THREE);
    long[] boundaries = Commands.recordBoundaries(THREE);
    // The file system extended the file, but only part of the last record reached the disk.
    byte[] padded = Arrays.copyOf(whole, whole.length + 4096);
    Arrays.fill(padded, (int) boundaries[2] + 5, padded.length, (byte) 0);

    FileScan scan = scan(padded, new Recorder());

    assertThat(scan.damage().tornTail()).isTrue();
    assertThat(scan.damage().offset()).isEqualTo(boundaries[2]);
  }

  @Test
  void zerosAfterTheLastRecordAreReservedSpaceOfAnyLength() throws IOException {
    byte[] whole = Commands.incrementBytes(THREE);
    for (int reserve : new int[] {1, 11, 12, 13, 4096, 200_000}) {
      Recorder seen = new Recorder();
      FileScan scan = scan(Arrays.copyOf(whole, whole.length + reserve), seen);

      assertThat(scan.ok()).as("%d zeros: %s", reserve, scan.damage()).isTrue();
      assertThat(scan.end()).isEqualTo(whole.length);
      assertThat(scan.reserved()).isEqualTo(reserve);
      assertThat(seen.seen).isEqualTo(THREE);
    }
  }

  @Test
  void aByteAfterReservedZerosIsCorruption() throws IOException {
    byte[] whole = Commands.incrementBytes(THREE);
    byte[] padded = Arrays.copyOf(whole, whole.length + 4096);
    padded[padded.length - 1] = 1;

    FileScan scan = scan(padded, new Recorder());

    assertThat(scan.damage().tornTail()).isFalse();
    assertThat(scan.damage().offset()).isEqualTo(whole.length);
  }

  @Test
  void aSnapshotReservesNoSpace() throws IOException {
    Path file = dir.resolve("zeros.rss");
    byte[] bytes = Arrays.copyOf(FileKind.SNAPSHOT.header(), FileKind.HEADER_SIZE + 64);
    Files.write(file, bytes);

    try (RecordReader in = RecordReader.open(file, FileKind.SNAPSHOT)) {
      assertThat(in.next()).isEqualTo(RecordReader.Next.DAMAGED);
      assertThat(in.damage().tornTail()).as("zeros there are a torn write").isTrue();
    }
  }

  @Test
  void aDamagedRecordFollowedByGoodOnesIsCorruptionEvenInTheLastFile() throws IOException {
    byte[] whole = Commands.incrementBytes(THREE);
    long[] boundaries = Commands.recordBoundaries(THREE);
    byte[] zeroed = whole.clone();
    Arrays.fill(zeroed, (int) boundaries[1], (int) boundaries[2], (byte) 0);

    FileScan scan = scan(zeroed, new Recorder());

    assertThat(scan.damage().tornTail()).isFalse();
    assertThat(scan.damage().offset()).isEqualTo(boundaries[1]);
  }

  @Test
  void aRecordWithGoodChecksumsButAnUnknownKindIsCorrupt() throws IOException {
    RecordBuffer out = new RecordBuffer(64);
    out.writeBytes(FileKind.AOF_INCREMENT.header());
    RecordFramer framer = new RecordFramer();
    int start = framer.begin(out);
    out.writeByte(0x7f);
    framer.seal(out, start);

    FileScan scan = scan(out.toByteArray(), new Recorder());

    assertThat(scan.damage())
        .isEqualTo(new Damage(FileKind.HEADER_SIZE, false, "unknown record kind 127"));
  }

  @Test
  void aSnapshotIsNotAnIncrement() throws IOException {
    byte[] bytes = Commands.incrementBytes(THREE);
    System.arraycopy(FileKind.SNAPSHOT.header(), 0, bytes, 0, FileKind.HEADER_SIZE);
    FileScan scan = scan(bytes, new Recorder());
    assertThat(scan.damage().problem())
        .isEqualTo("this is a snapshot, not an append-only log increment");
  }

  @Test
  void aRedisAofIsRecognisedAndRefused() throws IOException {
    FileScan scan = scan("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n".getBytes(), new Recorder());
    assertThat(scan.damage().tornTail()).isFalse();
    assertThat(scan.damage().problem()).contains("Redis AOF");
  }
}
