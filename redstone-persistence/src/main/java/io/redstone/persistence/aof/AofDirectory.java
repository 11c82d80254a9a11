package io.redstone.persistence.aof;

import io.redstone.persistence.CorruptFileException;
import io.redstone.persistence.FileSync;
import io.redstone.persistence.aof.AofManifest.FileInfo;
import io.redstone.persistence.aof.AofManifest.Type;
import io.redstone.persistence.format.Damage;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.FileScan;
import io.redstone.persistence.snapshot.SnapshotFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only log's directory: the manifest, the base, the increments, and the increment
 * being appended to. It creates increments, switches to a new one when a rewrite starts, swaps the
 * manifest when the rewrite commits, deletes what no manifest lists any more, and reports sizes.
 *
 * <p>Start-up with AOF on: load first ({@link AofLoader}, which cuts a torn tail), then {@link
 * #open}. Turning AOF on at runtime: {@link #openFresh}, then a rewrite at once.
 *
 * <p>A rewrite, in the manner of Redis 7 but without {@code fork()}:
 *
 * <ol>
 *   <li>{@link #startRewrite} at the point in the write stream the new base will capture: it
 *       fsyncs the current increment, opens a new one, lists it in the manifest, and from then
 *       on {@link #appender()} writes there.
 *   <li>The caller writes the dataset as of that point into {@link AofRewrite#writer()}.
 *   <li>{@link #commitRewrite}: the base is fsynced and renamed into place, the manifest swapped
 *       to list the new base and the increments since the start, and the files it no longer
 *       lists are deleted. Or {@link #abortRewrite}: the temporary base is deleted and the log
 *       carries on (with one more increment).
 * </ol>
 *
 * <p>Confined to one thread (the server's AOF worker), except {@link #baseSize()} and {@link
 * #totalSize()}, which any thread may read.
 */
public final class AofDirectory implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(AofDirectory.class);

  private final AofLayout layout;
  private final LogChannel.Opener opener;
  /** The manifest on disk; null when {@link #openFresh} found none. */
  private AofManifest manifest;
  /** True from {@link #openFresh} until the first commit: the manifest on disk is not ours yet. */
  private boolean fresh;
  /** The increments written since the base, in order; the last is the current one. */
  private final List<FileInfo> increments = new ArrayList<>();
  private volatile AofAppender appender;
  private AofRewrite rewrite;
  private volatile long baseSize;
  private volatile long earlierIncrementsSize;

  private AofDirectory(AofLayout layout, LogChannel.Opener opener) {
    this.layout = layout;
    this.opener = opener;
  }

  /**
   * Opens the log for appending, creating the directory, a first increment and the manifest if
   * there are none. Appends go to the end of the last listed increment, which must have been
   * loaded (and its torn tail cut) first. Deletes files of this layout that the manifest does not
   * list (left by a crash during a rewrite).
   */
  public static AofDirectory open(AofLayout layout, LogChannel.Opener opener) throws IOException {
    return open(layout, opener, -1);
  }

  /**
   * As {@link #open(AofLayout, LogChannel.Opener)}, right after a load that read the last
   * increment through: {@code lastIncrementEnd} ({@link AofLoadResult#lastIncrementEnd()}) is
   * where its records end, so it is not read again; -1 reads it.
   */
  public static AofDirectory open(AofLayout layout, LogChannel.Opener opener, long lastIncrementEnd)
      throws IOException {
    AofDirectory dir = new AofDirectory(layout, opener);
    Files.createDirectories(layout.directory());
    try {
      dir.openExisting(lastIncrementEnd);
    } catch (IOException | RuntimeException e) {
      dir.closeQuietly();
      throw e;
    }
    return dir;
  }

  /**
   * Opens the log for a fresh start from a dataset already in memory (AOF turned on at runtime):
   * appends go to a new increment that no manifest lists, and the manifest on disk (if any) stays
   * as it is until the first {@link #commitRewrite}, which the caller must start at once: until
   * then a crash leaves the old log (or none). Existing files are not deleted before that commit.
   */
  public static AofDirectory openFresh(AofLayout layout, LogChannel.Opener opener)
      throws IOException {
    AofDirectory dir = new AofDirectory(layout, opener);
    Files.createDirectories(layout.directory());
    try {
      if (Files.exists(layout.manifest())) {
        dir.manifest = AofManifest.read(layout.manifest());
      } else {
        dir.removeLeftoversWithoutManifest();
      }
      dir.fresh = true;
      dir.startIncrement();
    } catch (IOException | RuntimeException e) {
      dir.closeQuietly();
      throw e;
    }
    return dir;
  }

  private void openExisting(long lastIncrementEnd) throws IOException {
    if (!Files.exists(layout.manifest())) {
      removeLeftoversWithoutManifest();
      startIncrement();
      persist(AofManifest.of(null, List.of(current())));
      log.info("Created the AOF manifest {} in {}", layout.manifest().getFileName(),
          layout.directory());
      return;
    }
    AofManifest onDisk = AofManifest.read(layout.manifest());
    manifest = onDisk;
    for (FileInfo file : onDisk.loadOrder()) {
      if (!Files.exists(layout.resolve(file.name()))) {
        throw new NoSuchFileException(
            layout.resolve(file.name()).toString(), null, "listed in the AOF manifest but missing");
      }
    }
    if (!onDisk.history().isEmpty()) {
      persist(onDisk.withoutHistory());
    }
    baseSize = onDisk.base().isPresent() ? Files.size(layout.resolve(onDisk.base().get().name())) : 0;
    increments.addAll(onDisk.increments());
    if (increments.isEmpty()) {
      startIncrement();
      persist(manifest.withIncrement(current()));
    } else {
      long earlier = 0;
      for (FileInfo incr : increments.subList(0, increments.size() - 1)) {
        earlier += Files.size(layout.resolve(incr.name()));
      }
      earlierIncrementsSize = earlier;
      appender = openForAppend(layout.resolve(current().name()), lastIncrementEnd);
    }
    for (FileInfo old : onDisk.history()) {
      delete(layout.resolve(old.name()), "history");
    }
    deleteUnreferenced();
  }

  /**
   * Without a manifest, files of this layout are either leftovers of a start that crashed before
   * its first manifest (temporary files, increments holding only their header), which go, or
   * data whose manifest was lost, which must not be deleted nor appended to: refuse.
   */
  private void removeLeftoversWithoutManifest() throws IOException {
    List<Path> empty = new ArrayList<>();
    List<String> withData = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.directory())) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!layout.isOwnFile(name)) {
          continue;
        }
        if (name.startsWith(AofLayout.TEMP_PREFIX) || Files.size(file) <= FileKind.HEADER_SIZE) {
          empty.add(file);
        } else {
          withData.add(name);
        }
      }
    }
    if (!withData.isEmpty()) {
      throw new IOException(
          layout.directory() + " holds AOF files but no manifest " + layout.manifest().getFileName()
              + " (" + String.join(", ", withData) + "): restore the manifest, or move the files"
              + " away to start a new log");
    }
    for (Path file : empty) {
      delete(file, "leftover");
    }
  }

  /**
   * Opens the last increment where its records end (before any reserved space): {@code knownEnd},
   * or, when that is -1, after reading it through, since appending after damage would bury good
   * records behind bad ones.
   */
  private AofAppender openForAppend(Path path, long knownEnd) throws IOException {
    LogChannel channel = opener.open(path);
    try {
      if (channel.size() == 0) {
        writeHeader(channel);
        return new AofAppender(path, channel, FileKind.HEADER_SIZE);
      }
      return new AofAppender(path, channel, knownEnd >= 0 ? knownEnd : recordsEnd(path));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static long recordsEnd(Path increment) throws IOException {
    FileScan scan = IncrementScanner.scan(increment, AofCommandHandler.IGNORE);
    if (!scan.ok()) {
      Damage damage = scan.damage();
      throw new CorruptFileException(increment, damage.offset(), damage.tornTail(),
          damage.problem() + "; load (or --check-aof --fix) it before appending");
    }
    return scan.end();
  }

  /** Creates the next increment (header written and fsynced) and makes it current. */
  private void startIncrement() throws IOException {
    long seq = nextSeq(Type.INCR);
    Path path = layout.resolve(layout.incrName(seq));
    LogChannel channel = opener.open(path);
    AofAppender created;
    try {
      writeHeader(channel);
      created = new AofAppender(path, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(path);
      throw e;
    }
    AofAppender previous = appender;
    if (previous != null) {
      earlierIncrementsSize += previous.size();
    }
    increments.add(new FileInfo(layout.incrName(seq), seq, Type.INCR));
    appender = created;
  }

  private static void writeHeader(LogChannel channel) throws IOException {
    ByteBuffer header = ByteBuffer.wrap(FileKind.AOF_INCREMENT.header());
    channel.position(0);
    while (header.hasRemaining()) {
      channel.write(header);
    }
  }

  /** The lowest sequence above every one in use or listed whose file does not exist yet. */
  private long nextSeq(Type type) {
    long seq = manifest == null ? 0 : manifest.maxSeq(type);
    if (type == Type.INCR) {
      for (FileInfo incr : increments) {
        seq = Math.max(seq, incr.seq());
      }
    }
    do {
      seq++;
    } while (Files.exists(layout.resolve(type == Type.INCR ? layout.incrName(seq) : layout.baseName(seq)))
        || Files.exists(layout.resolve(layout.tempBaseName(seq))));
    return seq;
  }

  private FileInfo current() {
    return increments.get(increments.size() - 1);
  }

  private void persist(AofManifest next) throws IOException {
    next.writeAtomically(layout.manifest(), layout.tempManifest());
    manifest = next;
  }

  public AofLayout layout() {
    return layout;
  }

  /** The manifest on disk; empty only between {@link #openFresh} and its first commit when there was none. */
  public Optional<AofManifest> manifest() {
    return Optional.ofNullable(manifest);
  }

  /** The appender of the current increment. Changes at {@link #startRewrite}. */
  public AofAppender appender() {
    return appender;
  }

  /** The rewrite started and neither committed nor aborted, if any. */
  public Optional<AofRewrite> rewriteInProgress() {
    return Optional.ofNullable(rewrite);
  }

  /** The base file's size (0 without a base): Redis's {@code aof_base_size}. */
  public long baseSize() {
    return baseSize;
  }

  /** The base plus every increment since it, including what was just appended: {@code aof_current_size}. */
  public long totalSize() {
    AofAppender current = appender;
    return baseSize + earlierIncrementsSize + (current == null ? 0 : current.size());
  }

  /**
   * Starts a rewrite at this point of the write stream: fsyncs the current increment (if that
   * fails, that appender turns {@link AofAppender.State#BROKEN} and the rewrite starts anyway:
   * a rewrite is the way back from a broken log), opens a new increment, lists it in the manifest
   * and makes it current. The caller then writes the dataset as of this call into the returned
   * rewrite's writer.
   *
   * @param createdAtMillis stored in the new base's info record
   * @param aux stored in the new base's info record
   */
  public AofRewrite startRewrite(long createdAtMillis, Map<String, String> aux) throws IOException {
    if (rewrite != null) {
      throw new IllegalStateException("a rewrite is already in progress");
    }
    AofAppender previous = appender;
    if (previous.state() == AofAppender.State.HEALTHY
        || previous.state() == AofAppender.State.WRITE_FAILED) {
      try {
        previous.sync();
      } catch (AofAppendException e) {
        log.warn("Starting the AOF rewrite although {} could not be fsynced: {}",
            previous.file().getFileName(), e.getMessage());
      }
    }
    long previousEarlier = earlierIncrementsSize;
    startIncrement();
    FileInfo created = current();
    log.info("Creating AOF incr file {} on background rewrite", created.name());
    if (!fresh) {
      try {
        persist(manifest.withIncrement(created));
      } catch (IOException | RuntimeException e) {
        increments.remove(increments.size() - 1);
        AofAppender abandoned = appender;
        appender = previous;
        earlierIncrementsSize = previousEarlier;
        abandoned.close();
        Files.deleteIfExists(layout.resolve(created.name()));
        throw e;
      }
    }
    try {
      previous.close();
    } catch (IOException e) {
      // Already fsynced (or broken, and then dropped by this rewrite): nothing is lost.
      log.warn("Could not close {}: {}", previous.file().getFileName(), e.toString());
    }
    long baseSeq = nextSeq(Type.BASE);
    SnapshotFile base =
        SnapshotFile.create(
            layout.resolve(layout.baseName(baseSeq)),
            layout.resolve(layout.tempBaseName(baseSeq)),
            createdAtMillis,
            aux);
    rewrite = new AofRewrite(baseSeq, created.seq(), base);
    return rewrite;
  }

  /**
   * Completes {@code done}: finishes and fsyncs its base (if the caller has not), renames it into
   * place, writes the manifest that lists it and the increments since the rewrite started, and
   * deletes the files that manifest no longer lists. If anything fails before the manifest swap,
   * the old manifest stays in force and the rewrite is over (start another).
   */
  public void commitRewrite(AofRewrite done) throws IOException {
    checkCurrent(done);
    rewrite = null;
    FileInfo newBase = new FileInfo(layout.baseName(done.baseSeq()), done.baseSeq(), Type.BASE);
    List<FileInfo> kept = new ArrayList<>();
    for (FileInfo incr : increments) {
      if (incr.seq() >= done.firstIncrSeq()) {
        kept.add(incr);
      }
    }
    try {
      long size = done.base().commit();
      persist(AofManifest.of(newBase, kept));
      baseSize = size;
    } catch (IOException | RuntimeException e) {
      done.base().close();
      Files.deleteIfExists(done.baseFile());
      throw e;
    }
    fresh = false;
    long earlier = 0;
    for (FileInfo incr : kept.subList(0, kept.size() - 1)) {
      earlier += Files.size(layout.resolve(incr.name()));
    }
    increments.clear();
    increments.addAll(kept);
    earlierIncrementsSize = earlier;
    log.info("Background AOF rewrite finished successfully: base {}, {} incr file(s)",
        newBase.name(), kept.size());
    deleteUnreferenced();
  }

  /** Abandons {@code failed}: deletes its temporary base. The log carries on as it was. */
  public void abortRewrite(AofRewrite failed) throws IOException {
    checkCurrent(failed);
    rewrite = null;
    failed.base().close();
  }

  private void checkCurrent(AofRewrite given) {
    if (given == null || given != rewrite) {
      throw new IllegalStateException("not the rewrite in progress");
    }
  }

  /**
   * Deletes the files of this layout (bases, increments, temporary files) that neither the
   * manifest on disk nor the log in use refers to; returns what it deleted. Other files in the
   * directory are never touched. Failures to delete are logged, not thrown.
   */
  public List<Path> deleteUnreferenced() throws IOException {
    Set<String> inUse = new HashSet<>();
    if (manifest != null) {
      manifest.loadOrder().forEach(f -> inUse.add(f.name()));
    }
    increments.forEach(f -> inUse.add(f.name()));
    if (rewrite != null) {
      inUse.add(rewrite.base().tempFile().getFileName().toString());
      inUse.add(rewrite.baseFile().getFileName().toString());
    }
    List<Path> deleted = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.directory())) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (layout.isOwnFile(name) && !inUse.contains(name) && delete(file, "unreferenced")) {
          deleted.add(file);
        }
      }
    }
    if (!deleted.isEmpty()) {
      FileSync.forceDirectory(layout.directory());
    }
    return deleted;
  }

  private static boolean delete(Path file, String why) {
    try {
      if (Files.deleteIfExists(file)) {
        log.info("Removed the {} AOF file {}", why, file.getFileName());
        return true;
      }
    } catch (IOException e) {
      log.warn("Could not remove the {} AOF file {}: {}", why, file, e.toString());
    }
    return false;
  }

  /**
   * Closes the log and leaves a manifest that lists only its base, deleting the increments: what
   * BGREWRITEAOF with the log off leaves behind, as in Redis, for a later start with the log on
   * (which opens a new increment). Only right after {@link #commitRewrite}, with nothing appended
   * since, as whatever an increment held would be lost: otherwise the log is closed as by {@link
   * #close} and an {@link IllegalStateException} says why its manifest was left as it was.
   */
  public void closeKeepingBaseOnly() throws IOException {
    String refusal = null;
    if (rewrite != null || manifest == null || manifest.base().isEmpty()) {
      refusal = "no committed base to keep alone";
    } else if (appender != null && appender.size() > FileKind.HEADER_SIZE) {
      refusal = appender.file().getFileName() + " holds records: it cannot be dropped";
    }
    close();
    if (refusal != null) {
      throw new IllegalStateException(refusal);
    }
    persist(AofManifest.of(manifest.base().get(), List.of()));
    increments.clear();
    earlierIncrementsSize = 0;
    deleteUnreferenced();
  }

  /** Closes the current increment without an fsync (sync it first) and abandons a rewrite in progress. */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    if (rewrite != null) {
      try {
        rewrite.base().close();
      } catch (IOException e) {
        failure = e;
      }
      rewrite = null;
    }
    if (appender != null) {
      try {
        appender.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      log.debug("Closing after a failed open: {}", e.toString());
    }
  }
}
