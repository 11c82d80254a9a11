package io.redstone.persistence.aof;

import static io.redstone.persistence.aof.Commands.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.persistence.aof.AofFixture.Replay;
import io.redstone.persistence.aof.Commands.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --check-aof}: reports per file, and {@code --fix} repairs only the last increment, after a
 * backup.
 */
class AofCheckTest {
  @TempDir Path dataDir;

  private AofFixture aof;
  private String output;

  private static final Command[] LAST = {
    cmd(0, "SET", "c", "3"), cmd(0, "SET", "d", "4"), cmd(0, "SET", "e", "5")
  };

  @BeforeEach
  void setUp() throws IOException {
    aof = new AofFixture(dataDir);
    aof.base(1, "a");
    aof.incr(1, cmd(0, "SET", "b", "2"));
    aof.incr(2, LAST);
    aof.manifest(1, 1, 2);
  }

  private int check(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = AofCheck.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    output = bytes.toString(StandardCharsets.UTF_8);
    return status;
  }

  private Path file(String name) {
    return aof.layout.resolve(name);
  }

  private long[] lastBoundaries() {
    return Commands.recordBoundaries(List.of(LAST));
  }

  @Test
  void aGoodLogIsValid() {
    int status = check(aof.layout.directory().toString());

    assertThat(status).isEqualTo(AofCheck.OK);
    assertThat(output)
        .contains("appendonly.aof.1.base.rss: ok (1 keys, ")
        .contains("appendonly.aof.1.incr.aof: ok (1 commands, ")
        .contains("appendonly.aof.2.incr.aof: ok (3 commands, ")
        .endsWith("AOF is valid\n");
  }

  @Test
  void reservedSpaceIsReportedAndValid() throws IOException {
    Path last = file("appendonly.aof.2.incr.aof");
    long records = Files.size(last);
    Files.write(last, new byte[4096], java.nio.file.StandardOpenOption.APPEND);

    int status = check(aof.layout.directory().toString());

    assertThat(status).isEqualTo(AofCheck.OK);
    assertThat(output)
        .contains(
            "appendonly.aof.2.incr.aof: ok (3 commands, "
                + records
                + " bytes, then 4096 bytes reserved for the next writes)")
        .endsWith("AOF is valid\n");
  }

  @Test
  void findsTheLogFromTheDataDirectoryTheManifestOrASingleFile() {
    assertThat(check(dataDir.toString())).isEqualTo(AofCheck.OK);
    assertThat(check(aof.layout.manifest().toString())).isEqualTo(AofCheck.OK);
    assertThat(check(file("appendonly.aof.2.incr.aof").toString())).isEqualTo(AofCheck.OK);
    assertThat(output).contains("3 commands").endsWith("AOF is valid\n");
    assertThat(check(file("appendonly.aof.1.base.rss").toString())).isEqualTo(AofCheck.OK);
    assertThat(output).endsWith("Snapshot is valid\n");
  }

  @Test
  void aTornTailIsReportedAndFixedAfterABackup() throws IOException {
    Path last = file("appendonly.aof.2.incr.aof");
    byte[] whole = Files.readAllBytes(last);
    byte[] torn = Arrays.copyOf(whole, whole.length - 4);
    Files.write(last, torn);
    long cutAt = lastBoundaries()[2];

    assertThat(check(aof.layout.directory().toString())).isEqualTo(AofCheck.DAMAGED);
    assertThat(output)
        .contains("appendonly.aof.2.incr.aof: truncated at offset " + cutAt + " of " + torn.length)
        .contains("the server cuts it off at start-up")
        .contains("Use the --fix option");
    assertThat(Files.size(last)).as("a check alone changes nothing").isEqualTo(torn.length);

    assertThat(check(aof.layout.directory().toString(), "--fix")).isEqualTo(AofCheck.OK);
    assertThat(output)
        .contains("Backed up appendonly.aof.2.incr.aof to appendonly.aof.2.incr.aof.bak")
        .contains(
            "Successfully truncated appendonly.aof.2.incr.aof from "
                + torn.length
                + " to "
                + cutAt);
    assertThat(Files.readAllBytes(file("appendonly.aof.2.incr.aof.bak"))).isEqualTo(torn);
    assertThat(Files.size(last)).isEqualTo(cutAt);

    assertThat(check(aof.layout.directory().toString())).isEqualTo(AofCheck.OK);
    // The backup is not a file of the log: the server leaves it alone (and names it).
    try (AofDirectory open = AofDirectory.open(aof.layout, LogChannel.Opener.FILES)) {
      assertThat(open.unlistedFiles()).containsExactly("appendonly.aof.2.incr.aof.bak");
    }
    assertThat(Files.exists(file("appendonly.aof.2.incr.aof.bak"))).isTrue();
  }

  @Test
  void corruptionInTheLastIncrementIsCutAtTheBadRecord() throws IOException {
    Path last = file("appendonly.aof.2.incr.aof");
    byte[] bytes = Files.readAllBytes(last);
    long bad = lastBoundaries()[1];
    bytes[(int) bad + 14] ^= 0x01;
    Files.write(last, bytes);

    assertThat(check("--fix", aof.layout.directory().toString())).isEqualTo(AofCheck.OK);

    assertThat(output).contains("appendonly.aof.2.incr.aof: corrupt at offset " + bad);
    assertThat(Files.readAllBytes(file("appendonly.aof.2.incr.aof.bak"))).isEqualTo(bytes);
    Replay replay = new Replay();
    try {
      new AofLoader(aof.layout, false).load(replay.base(), replay.commands());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThat(replay.events).containsExactly("base:a", "0 SET b 2", "0 SET c 3");
  }

  @Test
  void aSecondFixKeepsTheFirstBackup() throws IOException {
    Path last = file("appendonly.aof.2.incr.aof");
    byte[] whole = Files.readAllBytes(last);
    Files.write(last, Arrays.copyOf(whole, whole.length - 1));
    check(aof.layout.directory().toString(), "--fix");
    Files.write(last, Arrays.copyOf(whole, (int) lastBoundaries()[1] + 5));

    check(aof.layout.directory().toString(), "--fix");

    assertThat(Files.size(file("appendonly.aof.2.incr.aof.bak"))).isEqualTo(whole.length - 1);
    assertThat(Files.size(file("appendonly.aof.2.incr.aof.bak.1")))
        .isEqualTo(lastBoundaries()[1] + 5);
  }

  @Test
  void damageInAnEarlierIncrementIsNotFixed() throws IOException {
    Path first = file("appendonly.aof.1.incr.aof");
    byte[] bytes = Files.readAllBytes(first);
    bytes[14] ^= 0x40; // the length of its only record: a damaged header followed by data
    Files.write(first, bytes);

    assertThat(check(aof.layout.directory().toString(), "--fix")).isEqualTo(AofCheck.DAMAGED);

    assertThat(output)
        .contains("appendonly.aof.1.incr.aof: corrupt at offset 12")
        .contains(
            "Failed to truncate appendonly.aof.1.incr.aof because it is not the last incr file")
        .endsWith("AOF is not valid.\n");
    assertThat(Files.readAllBytes(first)).isEqualTo(bytes);
    assertThat(Files.exists(file("appendonly.aof.1.incr.aof.bak"))).isFalse();
  }

  @Test
  void aDamagedBaseIsReportedAndNotFixed() throws IOException {
    Path base = file("appendonly.aof.1.base.rss");
    byte[] whole = Files.readAllBytes(base);
    Files.write(base, Arrays.copyOf(whole, whole.length - 5));

    assertThat(check(aof.layout.directory().toString(), "--fix")).isEqualTo(AofCheck.DAMAGED);

    assertThat(output)
        .contains("appendonly.aof.1.base.rss: truncated at offset")
        .contains("Failed to truncate appendonly.aof.1.base.rss");
    assertThat(Files.size(base)).isEqualTo(whole.length - 5);
  }

  @Test
  void aMissingFileIsReported() throws IOException {
    Files.delete(file("appendonly.aof.1.incr.aof"));
    assertThat(check(aof.layout.directory().toString())).isEqualTo(AofCheck.DAMAGED);
    assertThat(output).contains("appendonly.aof.1.incr.aof: missing");
  }

  @Test
  void aBadManifestIsReportedInRedisWords() throws IOException {
    Files.writeString(aof.layout.manifest(), "file a seq 1 type q\n");
    assertThat(check(aof.layout.directory().toString())).isEqualTo(AofCheck.DAMAGED);
    assertThat(output).contains("Unknown AOF file type").contains("at line 1");
  }

  @Test
  void badArgumentsPrintTheUsage() {
    assertThat(check()).isEqualTo(AofCheck.USAGE);
    assertThat(output).startsWith("Usage: java -jar redstone.jar --check-aof");
    assertThat(check("a", "b")).isEqualTo(AofCheck.USAGE);
    assertThat(check("--fixx", "a")).isEqualTo(AofCheck.USAGE);
    assertThat(check(dataDir.resolve("nope").toString())).isEqualTo(AofCheck.USAGE);
    assertThat(output).startsWith("No such file or directory");
  }

  @Test
  void aDirectoryWithoutManifestIsAUsageError() throws IOException {
    Path empty = Files.createDirectory(dataDir.resolve("empty"));
    assertThat(check(empty.toString())).isEqualTo(AofCheck.USAGE);
    assertThat(output).startsWith("No AOF manifest (*.manifest) found in");
  }
}
