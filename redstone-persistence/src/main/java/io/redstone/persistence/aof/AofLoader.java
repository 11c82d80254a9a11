package io.redstone.persistence.aof;

import io.redstone.persistence.CorruptFileException;
import io.redstone.persistence.format.Damage;
import io.redstone.persistence.format.FileScan;
import io.redstone.persistence.snapshot.SnapshotEntryHandler;
import io.redstone.persistence.snapshot.SnapshotInfo;
import io.redstone.persistence.snapshot.SnapshotReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the append-only log at start-up: reads the manifest, hands the base's entries to one
 * handler, then replays every increment's records, in order, to another.
 *
 * <p>Damage, as Redis with {@code aof-load-truncated yes}: a torn record at the end of the
 * <em>last</em> increment (an incomplete record, or a bad one followed by nothing but zeros) is
 * what a crash mid-write leaves, and is cut off (the file truncated and fsynced) with a warning;
 * nothing acknowledged under {@code appendfsync always} is lost by that, since it was never
 * fsynced. Any other damage (in the base, in an earlier increment, or before the tail) refuses to
 * load with a {@link io.redstone.persistence.CorruptFileException} naming the file and offset.
 *
 * <p>Handlers run on the calling thread. Records before a refusal have been handed over already:
 * the caller must not serve a dataset whose load failed.
 */
public final class AofLoader {
  private static final Logger log = LoggerFactory.getLogger(AofLoader.class);

  private final AofLayout layout;
  private final boolean loadTruncated;

  /**
   * @param loadTruncated {@code aof-load-truncated}: cut a torn tail (true) or refuse it
   */
  public AofLoader(AofLayout layout, boolean loadTruncated) {
    this.layout = layout;
    this.loadTruncated = loadTruncated;
  }

  /**
   * Whether there is a log to load: without a manifest there is none (the caller may then load a
   * dump file).
   */
  public boolean manifestExists() {
    return Files.exists(layout.manifest());
  }

  /**
   * Loads everything the manifest lists. Files in the directory that it does not list are not read
   * ({@link AofDirectory#open} names them).
   *
   * @throws NoSuchFileException when there is no manifest or a listed file is missing
   * @throws AofManifestException when the manifest is malformed, or skips an increment
   * @throws CorruptFileException when a file is damaged (see above)
   * @throws io.redstone.persistence.ReplayException when a handler throws
   */
  public AofLoadResult load(SnapshotEntryHandler baseHandler, AofCommandHandler commandHandler)
      throws IOException {
    long started = System.nanoTime();
    AofManifest manifest = AofManifest.read(layout.manifest());
    requireListedFiles(layout, manifest);
    long bytes = 0;
    long baseEntries = 0;
    if (manifest.base().isPresent()) {
      Path base = layout.resolve(manifest.base().get().name());
      long fileStarted = System.nanoTime();
      SnapshotInfo info;
      try {
        info = SnapshotReader.read(base, baseHandler);
      } catch (CorruptFileException e) {
        log.error(
            "Bad AOF base file {}: {} at offset {}: {}",
            base.getFileName(),
            e.truncated() ? "truncated" : "corrupt",
            e.offset(),
            e.problem());
        throw e;
      }
      baseEntries = info.entries();
      bytes += info.size();
      log.info(
          "DB loaded from base file {}: {} keys, {} seconds",
          base.getFileName(),
          info.entries(),
          seconds(System.nanoTime() - fileStarted));
    }
    long commands = 0;
    AofLoadResult.Truncation truncation = null;
    long lastIncrementEnd = -1;
    List<AofManifest.FileInfo> increments = manifest.increments();
    for (int i = 0; i < increments.size(); i++) {
      boolean last = i == increments.size() - 1;
      Path incr = layout.resolve(increments.get(i).name());
      long fileStarted = System.nanoTime();
      FileScan scan = IncrementScanner.scan(incr, commandHandler);
      commands += scan.items();
      if (!scan.ok()) {
        truncation = cutTornTailOrRefuse(scan, last);
      }
      bytes += scan.end();
      lastIncrementEnd = scan.end();
      log.info(
          "DB loaded from incr file {}: {} commands, {} seconds",
          incr.getFileName(),
          scan.items(),
          seconds(System.nanoTime() - fileStarted));
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    log.info("DB loaded from append only file: {} seconds", seconds(elapsed.toNanos()));
    return new AofLoadResult(
        manifest.loadOrder().size(),
        baseEntries,
        commands,
        bytes,
        elapsed,
        truncation,
        lastIncrementEnd);
  }

  /**
   * Refuses a manifest that lists a base or an increment the directory does not hold, as Redis 7
   * refuses to start (and in its words, in the log): loading the others alone would lose that
   * file's records without a word. History files may be missing: they are being deleted.
   *
   * @throws NoSuchFileException naming the file
   */
  static void requireListedFiles(AofLayout layout, AofManifest manifest)
      throws NoSuchFileException {
    for (AofManifest.FileInfo file : manifest.loadOrder()) {
      Path path = layout.resolve(file.name());
      if (Files.notExists(path)) {
        log.error(
            "Unable to obtain the AOF file {} length. stat: No such file or directory",
            file.name());
        throw new NoSuchFileException(
            path.toString(),
            null,
            "the AOF "
                + (file.type() == AofManifest.Type.BASE ? "base" : "incr")
                + " file "
                + file.name()
                + " doesn't exist, but the manifest "
                + layout.manifest().getFileName()
                + " lists it: restore it (starting without it"
                + " would lose its records)");
      }
    }
  }

  private AofLoadResult.Truncation cutTornTailOrRefuse(FileScan scan, boolean last)
      throws IOException {
    Damage damage = scan.damage();
    String name = scan.file().getFileName().toString();
    if (!damage.tornTail() || !last || !damage.repairableByTruncation()) {
      log.error(
          "Bad file format reading the append only file {}: {} at offset {}: {}. Make a"
              + " backup of the AOF directory, then check it with: java -jar redstone.jar"
              + " --check-aof {} --fix",
          name,
          damage.tornTail() ? "truncated" : "corrupt",
          damage.offset(),
          damage.problem(),
          layout.directory());
      throw scan.toException();
    }
    if (!loadTruncated) {
      log.error(
          "Unexpected end of file reading the append only file {} at offset {}. You can:"
              + " 1) make a backup of the AOF directory, then use java -jar redstone.jar"
              + " --check-aof {} --fix; 2) set aof-load-truncated yes and restart.",
          name,
          damage.offset(),
          layout.directory());
      throw scan.toException();
    }
    log.warn(
        "!!! Warning: short read while loading the AOF file {} ({}) !!!", name, damage.problem());
    log.warn("!!! Truncating the AOF {} at offset {} !!!", name, damage.offset());
    try (FileChannel file = FileChannel.open(scan.file(), StandardOpenOption.WRITE)) {
      file.truncate(damage.offset());
      file.force(true);
    }
    log.warn("AOF {} loaded anyway because aof-load-truncated is enabled", name);
    return new AofLoadResult.Truncation(
        scan.file(), damage.offset(), scan.size() - damage.offset(), damage.problem());
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
  }
}
