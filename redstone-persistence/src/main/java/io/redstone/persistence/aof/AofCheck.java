package io.redstone.persistence.aof;

import io.redstone.persistence.format.Damage;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.FileScan;
import io.redstone.persistence.snapshot.SnapshotEntryHandler;
import io.redstone.persistence.snapshot.SnapshotReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar redstone.jar --check-aof <dir|manifest|file> [--fix]}: checks every file of an
 * append-only log (or one file) and reports each as ok, truncated at an offset or corrupt at an
 * offset. With {@code --fix}, as {@code redis-check-aof --fix}, it repairs what can be repaired
 * without guessing: the last increment is copied to a backup and truncated to its last good record.
 * Damage anywhere else (the base, an earlier increment) is reported and left alone: cutting an
 * earlier file would replay later writes without the ones cut.
 *
 * <p>The target may be the AOF directory, its parent (the {@code dir} holding {@code
 * appendonlydir}), the manifest, or a single increment or snapshot file.
 */
public final class AofCheck {
  /** Exit status: everything is valid, or was fixed. */
  public static final int OK = 0;

  /** Exit status: damage remains. */
  public static final int DAMAGED = 1;

  /** Exit status: bad arguments, or nothing to check. */
  public static final int USAGE = 2;

  private static final String USAGE_TEXT =
      "Usage: java -jar redstone.jar --check-aof <aof-dir|manifest|file> [--fix]";
  private static final String DEFAULT_DIR_NAME = "appendonlydir";

  private final PrintStream out;
  private final boolean fix;

  private AofCheck(PrintStream out, boolean fix) {
    this.out = out;
    this.fix = fix;
  }

  /**
   * Runs the check.
   *
   * @param args the arguments after {@code --check-aof}: a path, optionally {@code --fix}
   * @return the exit status: {@link #OK}, {@link #DAMAGED} or {@link #USAGE}
   */
  public static int run(String[] args, PrintStream out) {
    boolean fix = false;
    String target = null;
    for (String arg : args) {
      if (arg.equals("--fix")) {
        fix = true;
      } else if (arg.startsWith("--") || target != null) {
        out.println(USAGE_TEXT);
        return USAGE;
      } else {
        target = arg;
      }
    }
    if (target == null) {
      out.println(USAGE_TEXT);
      return USAGE;
    }
    try {
      return new AofCheck(out, fix).check(Path.of(target));
    } catch (AofManifestException e) {
      out.println(e.report());
      return DAMAGED;
    } catch (IOException e) {
      out.println("Cannot check " + target + ": " + e);
      return DAMAGED;
    }
  }

  private int check(Path target) throws IOException {
    if (Files.isDirectory(target)) {
      Path manifest = findManifest(target);
      if (manifest == null) {
        Path nested = target.resolve(DEFAULT_DIR_NAME);
        manifest = Files.isDirectory(nested) ? findManifest(nested) : null;
      }
      if (manifest == null) {
        out.println("No AOF manifest (*" + AofLayout.MANIFEST_SUFFIX + ") found in " + target);
        return USAGE;
      }
      return checkManifest(manifest);
    }
    if (!Files.exists(target)) {
      out.println("No such file or directory: " + target);
      return USAGE;
    }
    if (target.getFileName().toString().endsWith(AofLayout.MANIFEST_SUFFIX)) {
      return checkManifest(target);
    }
    return checkSingleFile(target);
  }

  /** The one manifest in {@code dir}; null if none; an error if several. */
  private Path findManifest(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(dir, "*" + AofLayout.MANIFEST_SUFFIX)) {
      for (Path file : files) {
        if (!file.getFileName().toString().startsWith(AofLayout.TEMP_PREFIX)) {
          found.add(file);
        }
      }
    }
    if (found.size() > 1) {
      throw new IOException(
          "several manifests in " + dir + " " + found + ": name the one to check");
    }
    return found.isEmpty() ? null : found.get(0);
  }

  private int checkManifest(Path manifestPath) throws IOException {
    AofManifest manifest = AofManifest.read(manifestPath);
    Path dir = manifestPath.toAbsolutePath().getParent();
    List<AofManifest.FileInfo> files = manifest.loadOrder();
    out.println(
        "Checking the AOF manifest "
            + manifestPath
            + ": "
            + (manifest.base().isPresent() ? "1 base and " : "no base, ")
            + manifest.increments().size()
            + " incr file(s)");
    List<FileScan> damaged = new ArrayList<>();
    boolean missing = false;
    for (int i = 0; i < files.size(); i++) {
      AofManifest.FileInfo info = files.get(i);
      Path file = dir.resolve(info.name());
      if (!Files.exists(file)) {
        out.println(info.name() + ": missing");
        missing = true;
        continue;
      }
      FileScan scan = scan(file, info.type() == AofManifest.Type.BASE);
      report(scan, info.type() == AofManifest.Type.BASE);
      if (!scan.ok()) {
        damaged.add(scan);
      }
    }
    if (!missing && damaged.isEmpty()) {
      out.println("AOF is valid");
      return OK;
    }
    AofManifest.FileInfo lastInfo = files.get(files.size() - 1);
    Path last = lastInfo.type() == AofManifest.Type.INCR ? dir.resolve(lastInfo.name()) : null;
    return conclude(damaged, missing, last);
  }

  private int checkSingleFile(Path file) throws IOException {
    boolean snapshot = startsWith(file, FileKind.SNAPSHOT.header());
    FileScan scan = scan(file, snapshot);
    report(scan, snapshot);
    if (scan.ok()) {
      out.println((snapshot ? "Snapshot" : "AOF") + " is valid");
      return OK;
    }
    return conclude(List.of(scan), false, snapshot ? null : file);
  }

  /** After reporting damage: explain, and fix the last increment when asked and possible. */
  private int conclude(List<FileScan> damaged, boolean missing, Path lastIncrement)
      throws IOException {
    FileScan fixable = null;
    for (FileScan scan : damaged) {
      if (scan.file().equals(lastIncrement) && scan.damage().repairableByTruncation()) {
        fixable = scan;
      }
    }
    if (damaged.size() == 1 && !missing && fixable != null && fixable.damage().tornTail()) {
      out.println(
          "The last incr file ends with a torn write: the server cuts it off at start-up"
              + " (aof-load-truncated yes), or --fix does it now.");
    }
    if (!fix) {
      out.println("AOF is not valid. Use the --fix option to try fixing it.");
      return DAMAGED;
    }
    boolean unfixable = missing;
    for (FileScan scan : damaged) {
      if (scan != fixable) {
        unfixable = true;
        String name = scan.file().getFileName().toString();
        if (!scan.file().equals(lastIncrement)) {
          out.println(
              "Failed to truncate "
                  + name
                  + " because it is not the last incr file"
                  + " (a base snapshot, or an earlier increment, cannot be cut without losing the"
                  + " writes after it)");
        } else {
          out.println("Failed to fix " + name + ": its file header is damaged");
        }
      }
    }
    if (missing) {
      out.println("Cannot fix missing files: restore them, or the manifest that lists them");
    }
    if (fixable != null) {
      truncate(fixable);
    }
    if (unfixable) {
      out.println("AOF is not valid.");
      return DAMAGED;
    }
    out.println("AOF is valid after the fix");
    return OK;
  }

  private void truncate(FileScan scan) throws IOException {
    Path file = scan.file();
    Path backup = backupPath(file);
    Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
    out.println("Backed up " + file.getFileName() + " to " + backup.getFileName());
    long keep = scan.damage().offset();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(keep);
      channel.force(true);
    }
    out.println(
        "Successfully truncated "
            + file.getFileName()
            + " from "
            + scan.size()
            + " to "
            + keep
            + " bytes ("
            + (scan.size() - keep)
            + " bytes removed)");
  }

  /**
   * {@code <file>.bak}, or {@code <file>.bak.N} when that exists: a backup never overwrites one.
   */
  private static Path backupPath(Path file) {
    Path backup = file.resolveSibling(file.getFileName() + ".bak");
    for (int n = 1; Files.exists(backup); n++) {
      backup = file.resolveSibling(file.getFileName() + ".bak." + n);
    }
    return backup;
  }

  private static FileScan scan(Path file, boolean snapshot) throws IOException {
    return snapshot
        ? SnapshotReader.scan(file, SnapshotEntryHandler.IGNORE)
        : IncrementScanner.scan(file, AofCommandHandler.IGNORE);
  }

  private void report(FileScan scan, boolean snapshot) {
    String name = scan.file().getFileName().toString();
    if (scan.ok()) {
      out.println(
          name
              + ": ok ("
              + scan.items()
              + (snapshot ? " keys, " : " commands, ")
              + scan.end()
              + " bytes"
              + (scan.reserved() > 0
                  ? ", then " + scan.reserved() + " bytes reserved for the next writes"
                  : "")
              + ")");
      return;
    }
    Damage damage = scan.damage();
    out.println(
        name
            + ": "
            + (damage.tornTail() ? "truncated" : "corrupt")
            + " at offset "
            + damage.offset()
            + " of "
            + scan.size()
            + " ("
            + damage.problem()
            + "; "
            + scan.items()
            + (snapshot ? " keys" : " commands")
            + " before it)");
  }

  private static boolean startsWith(Path file, byte[] prefix) throws IOException {
    byte[] start = new byte[8];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(start, 0, start.length);
      return n == start.length && Arrays.equals(start, 0, 8, prefix, 0, 8);
    }
  }
}
