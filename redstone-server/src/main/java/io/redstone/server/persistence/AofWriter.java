package io.redstone.server.persistence;

import io.redstone.persistence.snapshot.SnapshotFile;
import io.redstone.storage.types.StoredValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only log's own thread: every file write and fsync happens here, never on an event
 * loop. Work arrives in order through one queue; each drain writes all the effect groups that
 * queued up while the previous write or fsync was running and syncs them together (group commit),
 * so under {@code appendfsync always} one fsync covers every client that wrote meanwhile.
 */
public final class AofWriter implements AutoCloseable {
  /** What the storage thread asks of the log, in order. */
  public sealed interface Task {}

  /** Effects of one storage turn. */
  public record Append(EffectStream.Group group) implements Task {}

  /** The once-a-second fsync of {@code appendfsync everysec}. */
  public record SyncNow() implements Task {}

  /**
   * A rewrite begins: effects after this go to the new increment; {@code aux} heads the base, then
   * the function {@code libraries} there were at this instant (their code), before the keys.
   */
  public record StartRewrite(Map<String, String> aux, List<byte[]> libraries) implements Task {}

  /** Keys of the new base, taken by the point-in-time walk. */
  public record BaseChunk(List<SnapshotEntry> entries) implements Task {}

  /** The walk is complete: finish the base and swap the manifest. */
  public record FinishRewrite() implements Task {}

  /** The rewrite is abandoned. */
  public record AbortRewrite() implements Task {}

  /** The log is turned on at run time: open its files with {@code opener}, append there. */
  public record OpenLog(LogOpener opener) implements Task {}

  /**
   * The log is turned off at run time: fsync and close its files. With {@code keepBaseOnly}, after
   * a BGREWRITEAOF with the log off, the manifest is left naming only the new base.
   */
  public record CloseLog(boolean keepBaseOnly) implements Task {}

  /** Opens the log's files; run on the log's thread, since opening them is file I/O. */
  @FunctionalInterface
  public interface LogOpener {
    AofFiles open() throws IOException;
  }

  /**
   * A snapshot (SAVE, BGSAVE) begins, to replace {@code target}, headed by {@code aux} and the
   * function {@code libraries} there were at this instant.
   */
  public record StartSave(
      Path target, long createdAtMillis, Map<String, String> aux, List<byte[]> libraries)
      implements Task {}

  /** Keys of the snapshot, taken by the point-in-time walk. */
  public record SaveChunk(List<SnapshotEntry> entries) implements Task {}

  /** The walk is complete: finish the snapshot and rename it into place. */
  public record FinishSave() implements Task {}

  /** One key of a point-in-time image. */
  public record SnapshotEntry(int db, byte[] key, StoredValue value, long expireAt) {}

  /** How the writer reports back; called on the AOF thread, so implementations hop threads. */
  public interface Listener {
    /**
     * Effects up to {@code seq} are written, and fsynced when {@code synced}: after each write, and
     * after the fsync of {@code everysec}.
     */
    void written(long seq, boolean synced, long currentSize);

    void writeFailed(long seq, IOException error);

    void syncFailed(IOException error);

    void rewriteFinished(IOException errorOrNull, long currentSize, long baseSize);

    /** {@link OpenLog} is done: the files are open, or could not be opened. */
    void logOpened(IOException errorOrNull, long currentSize, long baseSize);

    void chunkDone();

    void saveFinished(IOException errorOrNull);
  }

  private static final Logger log = LoggerFactory.getLogger(AofWriter.class);

  /** How long effects gather between writes when nothing waits for them. */
  private static final long GATHER_NANOS = 1_000_000;

  /** The log's files; null while the log is off. Only this writer's thread changes it. */
  private AofFiles files;

  private volatile boolean syncEveryWrite;
  private final Listener listener;
  private final Runnable gather;
  private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread t = new Thread(runnable, "redstone-aof");
            t.setDaemon(true);
            return t;
          });
  private SnapshotFile save;
  private IOException saveError;
  private boolean rewriting;
  private boolean rewriteFailed;
  private IOException rewriteError;

  /** Written but not fsynced: what an everysec sync still has to cover. */
  private boolean unsynced;

  /** The sequence number of the last group written. */
  private long lastWritten;

  /**
   * @param files the log's files, or null when the append-only log is off (snapshots only)
   */
  public AofWriter(AofFiles files, boolean syncEveryWrite, Listener listener) {
    this(files, syncEveryWrite, listener, () -> LockSupport.parkNanos(GATHER_NANOS));
  }

  /**
   * @param gather waits while effects gather between writes under everysec and no (a test holds it
   *     to see what gathers)
   */
  AofWriter(AofFiles files, boolean syncEveryWrite, Listener listener, Runnable gather) {
    this.files = files;
    this.syncEveryWrite = syncEveryWrite;
    this.listener = listener;
    this.gather = gather;
  }

  /** CONFIG SET appendfsync: whether each write is fsynced before it is reported. */
  public void syncEveryWrite(boolean value) {
    this.syncEveryWrite = value;
  }

  /** Queues a task; safe from any thread, cheap on the storage thread. */
  public void submit(Task task) {
    queue.add(task);
    if (drainScheduled.compareAndSet(false, true)) {
      thread.execute(this::drain);
    }
  }

  private void drain() {
    while (true) {
      drainScheduled.set(false);
      boolean wrote = drainQueue();
      if (!wrote || syncEveryWrite) {
        return;
      }
      // Under everysec and no, no reply waits for a write: let a millisecond of effects gather,
      // so this thread wakes and writes about once a millisecond under load instead of once per
      // pass of the storage loop. Claiming the drain first keeps submitters from waking it.
      if (!drainScheduled.compareAndSet(false, true)) {
        return;
      }
      gather.run();
    }
  }

  /** Writes everything queued, in order; returns whether any effects were written. */
  private boolean drainQueue() {
    boolean wrote = false;
    List<EffectStream.Group> groups = new ArrayList<>();
    Task task;
    while ((task = queue.poll()) != null) {
      if (task instanceof Append append) {
        groups.add(append.group());
        continue;
      }
      // Everything queued before a control task is written before it.
      wrote |= writeGroups(groups);
      groups.clear();
      run(task);
    }
    wrote |= writeGroups(groups);
    return wrote;
  }

  private boolean writeGroups(List<EffectStream.Group> groups) {
    if (groups.isEmpty()) {
      return false;
    }
    long last = groups.get(groups.size() - 1).seq();
    try {
      for (EffectStream.Group group : groups) {
        for (Effect effect : group.effects()) {
          if (effect instanceof Effect.Write write) {
            files.append(write.db(), write.argv());
          } else if (effect instanceof Effect.Atomic atomic) {
            files.appendAtomic(atomic.writes());
          }
        }
      }
      files.write();
    } catch (IOException e) {
      listener.writeFailed(last, e);
      return true;
    }
    if (syncEveryWrite) {
      try {
        files.sync();
      } catch (IOException e) {
        listener.syncFailed(e);
        return true;
      }
      listener.written(last, true, files.currentSize());
    } else {
      unsynced = true;
      listener.written(last, false, files.currentSize());
    }
    lastWritten = last;
    return true;
  }

  private void run(Task task) {
    if (task instanceof SyncNow) {
      if (unsynced) {
        try {
          files.sync();
          unsynced = false;
          listener.written(lastWritten, true, files.currentSize());
        } catch (IOException e) {
          listener.syncFailed(e);
        }
      }
    } else if (task instanceof StartRewrite start) {
      rewriting = true;
      rewriteError = null;
      try {
        files.startRewrite(start.aux(), start.libraries());
      } catch (IOException e) {
        rewriteError = e;
      }
    } else if (task instanceof BaseChunk chunk) {
      if (rewriting && rewriteError == null) {
        try {
          for (SnapshotEntry entry : chunk.entries()) {
            files.baseEntry(entry.db(), entry.key(), entry.value(), entry.expireAt());
          }
        } catch (IOException e) {
          rewriteError = e;
        }
      }
      listener.chunkDone();
    } else if (task instanceof StartSave start) {
      saveError = null;
      try {
        java.nio.file.Files.createDirectories(start.target().getParent());
        save = SnapshotFile.create(start.target(), start.createdAtMillis(), start.aux());
        for (byte[] code : start.libraries()) {
          save.writer().library(code);
        }
      } catch (IOException e) {
        saveError = e;
      }
    } else if (task instanceof SaveChunk chunk) {
      if (save != null && saveError == null) {
        try {
          for (SnapshotEntry entry : chunk.entries()) {
            StoredTypes.write(
                save.writer(), entry.db(), entry.key(), entry.value(), entry.expireAt());
          }
        } catch (IOException | IllegalStateException e) {
          saveError = e instanceof IOException io ? io : new IOException(e);
        }
      }
      listener.chunkDone();
    } else if (task instanceof FinishSave) {
      finishSave();
    } else if (task instanceof FinishRewrite) {
      finishRewrite();
    } else if (task instanceof OpenLog open) {
      openLog(open.opener());
    } else if (task instanceof CloseLog close) {
      closeLog(close.keepBaseOnly());
    } else if (task instanceof AbortRewrite) {
      if (rewriting) {
        files.abortRewrite();
      }
      rewriting = false;
    }
  }

  private void openLog(LogOpener opener) {
    IOException error = null;
    try {
      files = opener.open();
    } catch (IOException e) {
      error = e;
    }
    unsynced = false;
    listener.logOpened(
        error, files == null ? 0 : files.currentSize(), files == null ? 0 : files.baseSize());
  }

  /** Fsyncs what was written, reports it durable (replies may wait for it), and closes. */
  private void closeLog(boolean keepBaseOnly) {
    if (files == null) {
      return;
    }
    try {
      files.sync();
      listener.written(lastWritten, true, files.currentSize());
    } catch (IOException e) {
      listener.syncFailed(e);
    }
    try {
      if (keepBaseOnly) {
        files.closeKeepingBaseOnly();
      } else {
        files.close();
      }
    } catch (IOException | IllegalStateException e) {
      log.warn("Closing the append-only log failed: {}", e.toString());
    }
    files = null;
    unsynced = false;
  }

  private void finishSave() {
    IOException error = saveError;
    if (save != null) {
      try {
        if (error == null) {
          save.commit();
        }
      } catch (IOException e) {
        error = e;
      } finally {
        try {
          save.close();
        } catch (IOException e) {
          log.warn("Removing the temporary snapshot failed: {}", e.toString());
        }
      }
    }
    save = null;
    listener.saveFinished(error);
  }

  private void finishRewrite() {
    rewriting = false;
    IOException error = rewriteError;
    if (error == null) {
      try {
        files.finishRewrite();
      } catch (IOException e) {
        error = e;
      }
    }
    if (error != null) {
      log.warn("Background AOF rewrite failed: {}", error.toString());
      files.abortRewrite();
    }
    listener.rewriteFinished(error, files.currentSize(), files.baseSize());
  }

  /** Writes and syncs what is queued, then closes the files; waits up to the given time. */
  @Override
  public void close() {
    submit(new SyncNow());
    thread.execute(
        () -> {
          try {
            if (files != null) {
              files.sync();
              files.close();
            }
          } catch (IOException e) {
            log.warn("Closing the append-only log failed: {}", e.toString());
          }
        });
    thread.shutdown();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("The append-only log did not finish writing within 30 seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
