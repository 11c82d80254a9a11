package io.redstone.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.persistence.aof.AofManifest.FileInfo;
import io.redstone.persistence.aof.AofManifest.Type;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The manifest: Redis 7's text format, its errors, and atomic replacement. */
class AofManifestTest {
  @TempDir Path dir;

  private static AofManifest parse(String text) throws AofManifestException {
    return AofManifest.parse(text.getBytes(StandardCharsets.ISO_8859_1), "m");
  }

  private static final FileInfo BASE = new FileInfo("appendonly.aof.2.base.rss", 2, Type.BASE);
  private static final FileInfo INCR5 = new FileInfo("appendonly.aof.5.incr.aof", 5, Type.INCR);
  private static final FileInfo INCR6 = new FileInfo("appendonly.aof.6.incr.aof", 6, Type.INCR);

  @Test
  void formatsAsRedisDoesAndParsesBack() throws IOException {
    AofManifest manifest = AofManifest.of(BASE, List.of(INCR5, INCR6));

    String text = manifest.format();

    assertThat(text)
        .isEqualTo(
            "file appendonly.aof.2.base.rss seq 2 type b\n"
                + "file appendonly.aof.5.incr.aof seq 5 type i\n"
                + "file appendonly.aof.6.incr.aof seq 6 type i\n");
    AofManifest back = parse(text);
    assertThat(back.base()).contains(BASE);
    assertThat(back.increments()).containsExactly(INCR5, INCR6);
    assertThat(back.loadOrder()).containsExactly(BASE, INCR5, INCR6);
  }

  @Test
  void readsWhatRedisWritesIncludingHistoryCommentsAndUnknownKeys() throws IOException {
    AofManifest manifest =
        parse(
            "# written by a newer version\n"
                + "file appendonly.aof.2.base.rdb seq 2 type b\n"
                + "file appendonly.aof.1.base.rdb seq 1 type h\n"
                + "FILE appendonly.aof.1.incr.aof SEQ 1 TYPE h\n"
                + "file appendonly.aof.2.incr.aof seq 2 type i startoffset 0\r\n");

    assertThat(manifest.base().map(FileInfo::name)).contains("appendonly.aof.2.base.rdb");
    assertThat(manifest.history())
        .extracting(FileInfo::name)
        .containsExactly("appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof");
    assertThat(manifest.increments()).extracting(FileInfo::seq).containsExactly(2L);
    assertThat(manifest.withoutHistory().format()).doesNotContain("type h");
  }

  @Test
  void namesWithSpacesAndOddBytesAreQuotedAndRoundTrip() throws IOException {
    FileInfo odd = new FileInfo("my \"aof\" é\\.1.incr.aof", 1, Type.INCR);
    AofManifest manifest = AofManifest.of(null, List.of(odd));

    String text = manifest.format();

    assertThat(text).isEqualTo("file \"my \\\"aof\\\" \\xc3\\xa9\\\\.1.incr.aof\" seq 1 type i\n");
    assertThat(parse(text).increments()).containsExactly(odd);
    assertThat(AofManifest.splitArgs("file 'it''s'")).isNull();
    assertThat(AofManifest.splitArgs("file 'it\\'s' x")).containsExactly("file", "it's", "x");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "|Found an empty AOF manifest",
        "file a seq 1 type i\\n\\nfile b seq 2 type i\\n|Invalid AOF manifest file format",
        "file a seq 1\\n|Invalid AOF manifest file format",
        "file a seq 1 type i extra\\n|Invalid AOF manifest file format",
        "file a seq x type i\\n|Invalid AOF manifest file format",
        "file a seq 0 type i\\n|Invalid AOF manifest file format",
        "name a seq 1 type i\\n|Invalid AOF manifest file format",
        "file \"a seq 1 type i\\n|Invalid AOF manifest file format",
        "file dir/a seq 1 type i\\n|File can't be a path, just a filename",
        "file a seq 1 type b\\nfile b seq 2 type b\\n|Found duplicate base file information",
        "file a seq 2 type i\\nfile b seq 1 type i\\n|Found a non-monotonic sequence number",
        "file a seq 1 type i\\nfile b seq 1 type i\\n|Found a non-monotonic sequence number",
        "file a seq 1 type i\\nfile b seq 3 type i\\n|Found a gap in the incr file sequence numbers:"
            + " no incr file of seq 2 is listed between seq 1 and seq 3",
        "file h seq 2 type h\\nfile a seq 5 type i\\nfile b seq 7 type i\\n|Found a gap in the incr"
            + " file sequence numbers: no incr file of seq 6 is listed between seq 5 and seq 7",
        "file a seq 1 type x\\n|Unknown AOF file type",
        "file a seq 1 type i\\nfile a seq 2 type i\\n|Found a duplicate AOF file name",
        "file a seq 1 type i|The AOF manifest file ends in the middle of a line",
        "# only a comment\\n|The AOF manifest lists neither a base nor an incr file",
      })
  void refusesBadManifestsInRedisWords(String text, String reason) {
    String manifest = text == null ? "" : text.replace("\\n", "\n");
    assertThatThrownBy(() -> parse(manifest))
        .isInstanceOfSatisfying(
            AofManifestException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.report())
                  .contains("*** FATAL AOF MANIFEST FILE ERROR ***")
                  .endsWith(reason);
            });
  }

  @Test
  void namesTheLineInItsErrors() {
    assertThatThrownBy(() -> parse("file a seq 1 type i\nfile b seq 1 type i\n"))
        .isInstanceOfSatisfying(
            AofManifestException.class,
            e -> {
              assertThat(e.lineNumber()).isEqualTo(2);
              assertThat(e.line()).isEqualTo("file b seq 1 type i");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Found a non-monotonic sequence number (AOF manifest m, line 2: 'file b seq 1 type i')");
            });
  }

  @Test
  void refusesLinesLongerThanRedisDoes() throws IOException {
    String name = "a".repeat(AofManifest.MAX_LINE - "file  seq 1 type i".length() - 1);
    String fits = "file " + name + " seq 1 type i\n";
    assertThat(fits.length()).isEqualTo(AofManifest.MAX_LINE);
    assertThat(parse(fits).increments()).hasSize(1);
    assertThatThrownBy(() -> parse("file a" + name + " seq 1 type i\n"))
        .hasMessageContaining("The AOF manifest file contains too long line");
  }

  @Test
  void atomicReplacementLeavesTheNewManifestAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("appendonly.aof.manifest");
    Path temp = dir.resolve("temp-appendonly.aof.manifest");
    AofManifest.of(BASE, List.of(INCR5)).writeAtomically(target, temp);

    AofManifest.of(BASE, List.of(INCR5, INCR6)).writeAtomically(target, temp);

    assertThat(AofManifest.read(target).increments()).containsExactly(INCR5, INCR6);
    assertThat(Files.exists(temp)).isFalse();
  }

  @Test
  void aReplacementThatFailsLeavesTheOldManifest() throws IOException {
    Path target = dir.resolve("appendonly.aof.manifest");
    AofManifest.of(BASE, List.of(INCR5)).writeAtomically(target, dir.resolve("temp"));

    // The temporary file cannot be created: nothing may have touched the manifest.
    Path unwritable = dir.resolve("missing-dir").resolve("temp");
    assertThatThrownBy(
            () -> AofManifest.of(null, List.of(INCR6)).writeAtomically(target, unwritable))
        .isInstanceOf(IOException.class);
    // A crash after writing the temporary file but before the rename: the old manifest is read.
    Files.writeString(dir.resolve("temp"), "file half");

    assertThat(AofManifest.read(target).loadOrder()).containsExactly(BASE, INCR5);
  }

  @Test
  void afterRewriteKeepsTheIncrementsFromTheRewriteOnAndListsTheRestAsHistory() {
    FileInfo oldHistory = new FileInfo("appendonly.aof.1.base.rss", 1, Type.HISTORY);
    AofManifest manifest = AofManifest.of(BASE, List.of(oldHistory), List.of(INCR5, INCR6));
    FileInfo newBase = new FileInfo("appendonly.aof.3.base.rss", 3, Type.BASE);

    AofManifest after = manifest.afterRewrite(newBase, 6);

    assertThat(after.loadOrder()).containsExactly(newBase, INCR6);
    assertThat(after.history())
        .containsExactlyInAnyOrder(oldHistory, BASE.asHistory(), INCR5.asHistory());
    assertThat(after.format())
        .isEqualTo(
            "file appendonly.aof.3.base.rss seq 3 type b\n"
                + "file appendonly.aof.2.base.rss seq 2 type h\n"
                + "file appendonly.aof.1.base.rss seq 1 type h\n"
                + "file appendonly.aof.5.incr.aof seq 5 type h\n"
                + "file appendonly.aof.6.incr.aof seq 6 type i\n");
    assertThat(after.withHistory(List.of()).format())
        .isEqualTo(
            "file appendonly.aof.3.base.rss seq 3 type b\n"
                + "file appendonly.aof.6.incr.aof seq 6 type i\n");
    assertThatThrownBy(() -> manifest.withIncrement(INCR5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aManifestWeWriteNeverSkipsAnIncrementNorListsAFileTwice() {
    FileInfo incr7 = new FileInfo("appendonly.aof.7.incr.aof", 7, Type.INCR);
    assertThatThrownBy(() -> AofManifest.of(BASE, List.of(INCR5, incr7)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AofManifest.of(BASE, List.of(INCR5)).withIncrement(incr7))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AofManifest.of(BASE, List.of(INCR5.asHistory()), List.of(INCR5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AofManifest.of(BASE, List.of(INCR5), List.of()))
        .as("history lines must be typed h")
        .isInstanceOf(IllegalArgumentException.class);
  }
}
