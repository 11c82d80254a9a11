package io.redstone.persistence.snapshot;

import io.redstone.persistence.FileSync;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A snapshot file being written: the bytes go to a temporary file beside the target, which {@link
 * #commit()} fsyncs and renames over the target atomically, so a reader (or a crash) sees the old
 * file or the new one, never a mix. Closing without committing deletes the temporary file.
 *
 * <pre>{@code
 * try (SnapshotFile file = SnapshotFile.create(dir.resolve("dump.rss"), now, aux)) {
 *   walk.forEach(e -> file.writer().entry(e.db(), ValueType.STRING, e.key(), e.value(), e.expireAt()));
 *   file.commit();
 * }
 * }</pre>
 *
 * <p>{@link #writer()} and {@link #finish()} may run on the thread that walks the keyspace and
 * {@link #commit()} on another, with a hand-over (a queue, a future) in between.
 */
public final class SnapshotFile implements Closeable {
  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final SnapshotWriter writer;
  private boolean finished;
  private boolean committed;
  private boolean closed;
  private long size;

  private SnapshotFile(Path target, Path temp, long createdAtMillis, Map<String, String> aux)
      throws IOException {
    this.target = target;
    this.temp = temp;
    this.channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    this.writer = SnapshotWriter.start(channel, createdAtMillis, aux);
  }

  /**
   * Starts a snapshot that will replace {@code target}, written meanwhile to {@code
   * temp-<pid>-<name>} in the same directory (Redis names its dump's temporary file by pid too).
   */
  public static SnapshotFile create(Path target, long createdAtMillis, Map<String, String> aux)
      throws IOException {
    String tempName = "temp-" + ProcessHandle.current().pid() + "-" + target.getFileName();
    return create(target, target.resolveSibling(tempName), createdAtMillis, aux);
  }

  /**
   * As {@link #create(Path, long, Map)} with a chosen temporary file, in the target's directory.
   */
  public static SnapshotFile create(
      Path target, Path temp, long createdAtMillis, Map<String, String> aux) throws IOException {
    return new SnapshotFile(target, temp, createdAtMillis, aux);
  }

  /** Where the entries go. */
  public SnapshotWriter writer() {
    return writer;
  }

  public Path target() {
    return target;
  }

  public Path tempFile() {
    return temp;
  }

  /**
   * Writes the end record, fsyncs and closes the temporary file: the slow part of {@link
   * #commit()}, callable on the writing thread. Idempotent.
   */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    writer.finish();
    channel.force(true);
    size = channel.size();
    channel.close();
    finished = true;
  }

  /**
   * Finishes if not done yet, renames the temporary file over the target atomically and fsyncs the
   * directory. Returns the snapshot's size in bytes.
   */
  public long commit() throws IOException {
    if (committed) {
      return size;
    }
    finish();
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    committed = true;
    FileSync.forceDirectory(target.toAbsolutePath().getParent());
    return size;
  }

  public boolean committed() {
    return committed;
  }

  /** Abandons an uncommitted snapshot: closes and deletes the temporary file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (!committed) {
      channel.close();
      Files.deleteIfExists(temp);
    }
  }
}
