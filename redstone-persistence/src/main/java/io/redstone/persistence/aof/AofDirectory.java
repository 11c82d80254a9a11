package io.redstone.persistence.aof;

import io.redstone.persistence.CorruptFileException;
import io.redstone.persistence.FileSync;
import io.redstone.persistence.aof.AofManifest.FileInfo;
import io.redstone.persistence.aof.AofManifest.Type;
import io.redstone.persistence.format.Damage;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.FileScan;
import io.redstone.persistence.format.RecordReader;
import io.redstone.persistence.snapshot.SnapshotFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only log's directory: the manifest, the base, the increments, and the increment being
 * appended to. It creates increments, switches to a new one when a rewrite starts, swaps the
 * manifest when the rewrite commits, deletes the files the manifest lists as history, and reports
 * sizes.
 *
 * <p>Start-up with AOF on: load first ({@link AofLoader}, which cuts a torn tail), then {@link
 * #open}. Turning AOF on at runtime: {@link #openFresh}, then a rewrite at once.
 *
 * <p>What is deleted, as in Redis 7: only files the manifest lists as history ({@code type h}),
 * which a rewrite's commit lists there (the base and increments it replaced) and deletes at once,
 * or the next {@link #open} if the process died first; their lines are then dropped. Any other file
 * in the directory, even one named like a base or an increment of this log, is left alone and named
 * in a warning by {@link #open}: a file the manifest does not list may hold the only copy of
 * records (a manifest line removed by hand, a half-finished copy), and its name says nothing of
 * that. The exceptions are files this object created itself and that no manifest on disk names: the
 * temporary base of a rewrite it aborts (Redis removes its rewrite's temporary file likewise) and a
 * new increment or base whose manifest swap failed. A crashed rewrite's temporary base is left for
 * the operator, as Redis leaves {@code temp-rewriteaof-bg-*.aof}.
 *
 * <p>A rewrite, in the manner of Redis 7 but without {@code fork()}:
 *
 * <ol>
 *   <li>{@link #startRewrite} at the point in the write stream the new base will capture: it fsyncs
 *       the current increment, opens a new one, lists it in the manifest, and from then on {@link
 *       #appender()} writes there.
 *   <li>The caller writes the dataset as of that point into {@link AofRewrite#writer()}.
 *   <li>{@link #commitRewrite}: the base is fsynced and renamed into place, the manifest swapped to
 *       list the new base and the increments since the start, with the old base and increments as
 *       history; then those are deleted and their lines dropped. Or {@link #abortRewrite}: the
 *       temporary base is deleted and the log carries on (with one more increment).
 * </ol>
 *
 * <p>Confined to one thread (the server's AOF worker), except {@link #baseSize()} and {@link
 * #totalSize()}, which any thread may read.
 */
public final class AofDirectory implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(AofDirectory.class);

  /** How many unlisted files the start-up warning names. */
  private static final int MAX_NAMED = 20;

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
   * there are none. Appends go to the end of the last listed increment, which must have been loaded
   * (and its torn tail cut) first. Refuses a manifest that lists a missing base or increment (a
   * {@link NoSuchFileException}) or skips an increment ({@link AofManifestException}), and, without
   * a manifest, files of this layout that hold data. Deletes the files listed as history; logs a
   * warning naming every other file in the directory that the manifest does not list, and leaves
   * them alone.
   */
  public static AofDirectory open(AofLayout layout, LogChannel.Opener opener) throws IOException {
    return open(layout, opener, -1);
  }

  /**
   * As {@link #open(AofLayout, LogChannel.Opener)}, right after a load that read the last increment
   * through: {@code lastIncrementEnd} ({@link AofLoadResult#lastIncrementEnd()}) is where its
   * records end, so it is not read again; -1 reads it.
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
        dir.refuseDataWithoutManifest();
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
      refuseDataWithoutManifest();
      startIncrement();
      persist(AofManifest.of(null, List.of(current())));
      log.info(
          "Created the AOF manifest {} in {}", layout.manifest().getFileName(), layout.directory());
      warnAboutUnlistedFiles();
      return;
    }
    AofManifest onDisk = AofManifest.read(layout.manifest());
    AofLoader.requireListedFiles(layout, onDisk);
    manifest = onDisk;
    baseSize =
        onDisk.base().isPresent() ? Files.size(layout.resolve(onDisk.base().get().name())) : 0;
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
    deleteHistory();
    warnAboutUnlistedFiles();
  }

  /**
   * Without a manifest, bases and increments holding records of this layout are data whose manifest
   * was lost: they must not be appended to, nor left out of a new manifest: refuse. Increments
   * holding no records (a first start that crashed before its manifest) and temporary files are no
   * log: the start goes on (and {@link #open} names what it leaves).
   */
  private void refuseDataWithoutManifest() throws IOException {
    List<String> withData = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.directory())) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (layout.isBaseName(name) || (layout.incrSeqOf(name) >= 0 && holdsRecords(file))) {
          withData.add(name);
        }
      }
    }
    if (!withData.isEmpty()) {
      withData.sort(null);
      throw new IOException(
          layout.directory()
              + " holds AOF files but no manifest "
              + layout.manifest().getFileName()
              + " ("
              + String.join(", ", withData)
              + "): restore the manifest, or move the files"
              + " away to start a new log");
    }
  }

  /**
   * Whether the increment {@code file} may hold records: true unless it is readable and has nothing
   * after its header (or is empty). Damage, or a file that cannot be read, counts as records: such
   * a file is never taken over.
   */
  private static boolean holdsRecords(Path file) {
    try (RecordReader in = RecordReader.open(file, FileKind.AOF_INCREMENT)) {
      return in.next() != RecordReader.Next.END;
    } catch (IOException e) {
      return true;
    }
  }

  /** The names of the entries of the directory that the manifest does not list, sorted. */
  public List<String> unlistedFiles() throws IOException {
    Set<String> listed = new HashSet<>();
    listed.add(layout.manifest().getFileName().toString());
    if (manifest != null) {
      manifest.allFiles().forEach(f -> listed.add(f.name()));
    }
    if (!fresh) {
      increments.forEach(f -> listed.add(f.name()));
    }
    List<String> unlisted = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.directory())) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!listed.contains(name)) {
          unlisted.add(name);
        }
      }
    }
    unlisted.sort(null);
    return unlisted;
  }

  /**
   * Names, in a warning, the files of the directory that the manifest does not list: they are not
   * loaded, and not deleted. One that holds records and has the number the next increment needs
   * would make rewrites fail: that gets a warning of its own.
   */
  private void warnAboutUnlistedFiles() {
    List<String> unlisted;
    try {
      unlisted = unlistedFiles();
    } catch (IOException e) {
      log.warn("Could not list the AOF directory {}: {}", layout.directory(), e.toString());
      return;
    }
    if (unlisted.isEmpty()) {
      return;
    }
    int shown = Math.min(unlisted.size(), MAX_NAMED);
    log.warn(
        "The AOF directory {} holds {} file(s) that the manifest {} does not list: {}{}. They"
            + " were not loaded and are left alone; if one of them belongs to the log, the data"
            + " loaded lacks its records.",
        layout.directory(),
        unlisted.size(),
        layout.manifest().getFileName(),
        String.join(", ", unlisted.subList(0, shown)),
        unlisted.size() > shown ? " and " + (unlisted.size() - shown) + " more" : "");
    String next = layout.incrName(current().seq() + 1);
    if (unlisted.contains(next) && holdsRecords(layout.resolve(next))) {
      log.warn(
          "{} holds records and has the number of the next incr file: AOF rewrites will"
              + " fail until it is moved away",
          next);
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
      throw new CorruptFileException(
          increment,
          damage.offset(),
          damage.tornTail(),
          damage.problem() + "; load (or --check-aof --fix) it before appending");
    }
    return scan.end();
  }

  /** Creates the next increment (header written and fsynced) and makes it current. */
  private void startIncrement() throws IOException {
    long seq = nextIncrSeq();
    Path path = layout.resolve(layout.incrName(seq));
    boolean takenOver = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    if (takenOver) {
      log.info(
          "Taking over {}, which no manifest lists and which holds no records, as the next"
              + " incr file",
          path.getFileName());
    }
    LogChannel channel = opener.open(path);
    AofAppender created;
    try {
      channel.truncate(0);
      writeHeader(channel);
      created = new AofAppender(path, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (!takenOver) {
        deleteCreated(path);
      }
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

  /** The highest increment sequence number listed (history included) or in use; 0 if none. */
  private long lastIncrSeq() {
    long seq = manifest == null ? 0 : manifest.maxSeq(Type.INCR);
    for (FileInfo incr : increments) {
      seq = Math.max(seq, incr.seq());
    }
    return seq;
  }

  /**
   * The next increment's sequence number: one above the current increment, so that the manifest's
   * increments follow each other without a gap. When no increment will be listed before it (a
   * manifest with a base alone, or none; a fresh start), any number will do, and it goes above
   * every increment listed (history included), and above every increment in the directory that
   * holds records, too: a file whose line was removed from the manifest can then be listed again
   * before it. A file already there under the chosen name is taken over if it holds no records (an
   * increment created just before a crash, or a failed manifest swap, listed nowhere); one that
   * holds records is never touched, and then no increment can be started: the {@link IOException}
   * names it.
   */
  private long nextIncrSeq() throws IOException {
    boolean first = fresh || increments.isEmpty();
    long seq;
    if (!first) {
      seq = current().seq() + 1;
    } else {
      seq = lastIncrSeq() + 1;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.directory())) {
        for (Path file : files) {
          long found = layout.incrSeqOf(file.getFileName().toString());
          if (found >= seq && holdsRecords(file)) {
            seq = found + 1;
          }
        }
      }
    }
    Path path = layout.resolve(layout.incrName(seq));
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && holdsRecords(path)) {
      throw new IOException(
          "Can't create the AOF incr file "
              + path.getFileName()
              + ": a file"
              + " of that name, which the manifest "
              + layout.manifest().getFileName()
              + " does not list, is in the way and may hold records; move it away (its records are"
              + " not part of the log)");
    }
    return seq;
  }

  /**
   * The lowest base sequence above every one listed whose file (or temporary file) does not exist
   * yet.
   */
  private long nextBaseSeq() {
    long seq = manifest == null ? 0 : manifest.maxSeq(Type.BASE);
    do {
      seq++;
    } while (Files.exists(layout.resolve(layout.baseName(seq)), LinkOption.NOFOLLOW_LINKS)
        || Files.exists(layout.resolve(layout.tempBaseName(seq)), LinkOption.NOFOLLOW_LINKS));
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

  /**
   * The manifest on disk; empty only between {@link #openFresh} and its first commit when there was
   * none.
   */
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

  /**
   * The base plus every increment since it, including what was just appended: {@code
   * aof_current_size}.
   */
  public long totalSize() {
    AofAppender current = appender;
    return baseSize + earlierIncrementsSize + (current == null ? 0 : current.size());
  }

  /**
   * Starts a rewrite at this point of the write stream: fsyncs the current increment (if that
   * fails, that appender turns {@link AofAppender.State#BROKEN} and the rewrite starts anyway: a
   * rewrite is the way back from a broken log), opens a new increment, lists it in the manifest and
   * makes it current. The caller then writes the dataset as of this call into the returned
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
        log.warn(
            "Starting the AOF rewrite although {} could not be fsynced: {}",
            previous.file().getFileName(),
            e.getMessage());
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
        deleteCreated(layout.resolve(created.name()));
        throw e;
      }
    }
    try {
      previous.close();
    } catch (IOException e) {
      // Already fsynced (or broken, and then dropped by this rewrite): nothing is lost.
      log.warn("Could not close {}: {}", previous.file().getFileName(), e.toString());
    }
    long baseSeq = nextBaseSeq();
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
   * place, and writes the manifest that lists it and the increments since the rewrite started, with
   * everything it replaces (the old base, the increments before, and in a fresh start the old
   * manifest's files) as history. Then deletes those files and drops their lines ({@link
   * #deleteHistory}). If anything fails before the manifest swap, the old manifest stays in force
   * and the rewrite is over (start another).
   */
  public void commitRewrite(AofRewrite done) throws IOException {
    checkCurrent(done);
    rewrite = null;
    FileInfo newBase = new FileInfo(layout.baseName(done.baseSeq()), done.baseSeq(), Type.BASE);
    List<FileInfo> kept = new ArrayList<>();
    Set<String> keep = new HashSet<>();
    keep.add(newBase.name());
    for (FileInfo incr : increments) {
      if (incr.seq() >= done.firstIncrSeq()) {
        kept.add(incr);
        keep.add(incr.name());
      }
    }
    try {
      AofManifest next = AofManifest.of(newBase, historyExcept(keep), kept);
      long size = done.base().commit();
      persist(next);
      baseSize = size;
    } catch (IOException | RuntimeException e) {
      done.base().close();
      deleteCreated(done.baseFile());
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
    log.info(
        "Background AOF rewrite finished successfully: base {}, {} incr file(s)",
        newBase.name(),
        kept.size());
    deleteHistory();
  }

  /**
   * Every file the manifest lists (base, history, increments) or that is in use, except those named
   * in {@code keep}, as history lines: what a new manifest lists for deletion.
   */
  private List<FileInfo> historyExcept(Set<String> keep) {
    Map<String, FileInfo> replaced = new LinkedHashMap<>();
    if (manifest != null) {
      for (FileInfo file : manifest.allFiles()) {
        replaced.putIfAbsent(file.name(), file.asHistory());
      }
    }
    for (FileInfo incr : increments) {
      replaced.putIfAbsent(incr.name(), incr.asHistory());
    }
    replaced.keySet().removeAll(keep);
    return new ArrayList<>(replaced.values());
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
   * Deletes the files the manifest lists as history, as Redis does after a rewrite and at start,
   * makes that durable, and then drops their lines from the manifest. A file that cannot be deleted
   * stays listed, to be tried again by the next commit or start. A line naming the manifest itself
   * is dropped without deleting anything. Never throws: the log is whole either way (a history file
   * may be missing).
   */
  private void deleteHistory() {
    if (manifest == null || manifest.history().isEmpty()) {
      return;
    }
    String manifestName = layout.manifest().getFileName().toString();
    String tempManifestName = layout.tempManifest().getFileName().toString();
    List<FileInfo> remaining = new ArrayList<>();
    for (FileInfo old : manifest.history()) {
      if (old.name().equals(manifestName) || old.name().equals(tempManifestName)) {
        log.warn("The AOF manifest lists {} as a history file: not deleted", old.name());
        continue;
      }
      try {
        if (Files.deleteIfExists(layout.resolve(old.name()))) {
          log.info("Removed the history AOF file {}", old.name());
        }
      } catch (IOException e) {
        log.warn("Could not remove the history AOF file {}: {}", old.name(), e.toString());
        remaining.add(old);
      }
    }
    try {
      FileSync.forceDirectory(layout.directory());
      persist(manifest.withHistory(remaining));
    } catch (IOException | RuntimeException e) {
      log.warn("Could not drop the removed history files from the AOF manifest: {}", e.toString());
    }
  }

  /**
   * Deletes a file this object created a moment ago for a change that failed, unless the manifest
   * on disk names it (a manifest swap whose rename went through but whose directory fsync failed):
   * then, or when that cannot be known, the file stays.
   */
  private void deleteCreated(Path file) {
    String name = file.getFileName().toString();
    try {
      if (Files.exists(layout.manifest())
          && AofManifest.read(layout.manifest()).allFiles().stream()
              .anyMatch(f -> f.name().equals(name))) {
        log.warn("Keeping {}: the AOF manifest on disk lists it", name);
        return;
      }
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      log.warn("Could not remove {} after a failed change of the AOF log: {}", name, e.toString());
    }
  }

  /**
   * Closes the log and leaves a manifest that lists only its base, the increments as history and
   * then deleted: what BGREWRITEAOF with the log off leaves behind, as in Redis, for a later start
   * with the log on (which opens a new increment). Only right after {@link #commitRewrite}, with
   * nothing appended since, as whatever an increment held would be lost: otherwise the log is
   * closed as by {@link #close} and an {@link IllegalStateException} says why its manifest was left
   * as it was.
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
    FileInfo base = manifest.base().get();
    persist(AofManifest.of(base, historyExcept(Set.of(base.name())), List.of()));
    increments.clear();
    earlierIncrementsSize = 0;
    deleteHistory();
  }

  /**
   * Closes the current increment without an fsync (sync it first) and abandons a rewrite in
   * progress.
   */
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
