package io.redstone.persistence.aof;

import static io.redstone.persistence.aof.Commands.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.persistence.aof.AofFixture.Replay;
import io.redstone.persistence.aof.Commands.Command;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.RecordBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction reaches the log as one group record: cut at any byte, the loader replays all of its
 * effects or none, and {@code --check-aof} reports the cut at the group's first byte.
 */
class TransactionGroupTest {
  @TempDir Path dataDir;

  private static final Command BEFORE = cmd(0, "SET", "before", "1");
  private static final List<Command> TRANSACTION =
      List.of(cmd(0, "SET", "a", "1"), cmd(0, "INCR", "a"), cmd(3, "LPUSH", "l", "x", "y"));

  @Test
  void aTornTransactionLoadsWholeOrNotAtAll() throws IOException {
    RecordBuffer out = new RecordBuffer(256);
    out.writeBytes(FileKind.AOF_INCREMENT.header());
    AofRecordEncoder encoder = new AofRecordEncoder();
    encoder.encode(BEFORE.db(), BEFORE.bytes(), out);
    int groupStart = out.length();
    encoder.beginGroup(out);
    for (Command command : TRANSACTION) {
      encoder.addToGroup(command.db(), command.bytes());
    }
    encoder.endGroup();
    byte[] whole = out.toByteArray();

    for (int cut = groupStart; cut <= whole.length; cut++) {
      AofFixture aof = fixture("cut" + cut);
      Path last = aof.layout.resolve(aof.layout.incrName(1));
      Files.write(last, Arrays.copyOf(whole, cut));
      aof.manifest(0, 1);

      String check = check(aof.layout.directory());
      Replay replay = new Replay();
      AofLoadResult result = new AofLoader(aof.layout, true).load(replay.base(), replay.commands());

      if (cut == whole.length) {
        assertThat(replay.events)
            .containsExactly("0 SET before 1", "0 SET a 1", "0 INCR a", "3 LPUSH l x y");
        assertThat(result.truncated()).isEmpty();
        assertThat(check).contains("ok (4 commands, ").endsWith("AOF is valid\n");
      } else {
        assertThat(replay.events).as("cut at %d", cut).containsExactly("0 SET before 1");
        if (allZero(whole, groupStart, cut)) {
          // Indistinguishable from space reserved for the next writes (the length's high bytes).
          assertThat(check).as("cut at %d", cut).endsWith("AOF is valid\n");
        } else {
          assertThat(check)
              .as("cut at %d", cut)
              .contains("truncated at offset " + groupStart + " of " + cut);
        }
      }
    }
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private AofFixture fixture(String name) throws IOException {
    Path dir = dataDir.resolve(name);
    Files.createDirectories(dir);
    return new AofFixture(dir);
  }

  private static String check(Path directory) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AofCheck.run(
        new String[] {directory.toString()}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
