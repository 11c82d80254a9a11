package io.redstone.server.persistence;

import io.redstone.storage.types.StoredValue;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The log's files with what metrics want to know of them: how long each fsync took, and how many
 * written bytes no fsync covers yet (what a power failure would take under {@code everysec}). Only
 * the log's own thread calls the file methods; a scrape on another thread reads {@link
 * #unsyncedBytes()}, which is why that one figure is volatile.
 */
final class ObservedAofFiles implements AofFiles {
  private final AofFiles files;
  private final LongConsumer fsyncNanos;
  private long syncedSize;
  private volatile long unsyncedBytes;

  ObservedAofFiles(AofFiles files, LongConsumer fsyncNanos) {
    this.files = files;
    this.fsyncNanos = fsyncNanos;
    this.syncedSize = files.currentSize();
  }

  /** Bytes written to the log since its last fsync. */
  long unsyncedBytes() {
    return unsyncedBytes;
  }

  @Override
  public void append(int db, byte[][] argv) throws IOException {
    files.append(db, argv);
  }

  @Override
  public void appendAtomic(List<Effect.Write> writes) throws IOException {
    files.appendAtomic(writes);
  }

  @Override
  public void write() throws IOException {
    files.write();
    unsyncedBytes = Math.max(0, files.currentSize() - syncedSize);
  }

  @Override
  public void sync() throws IOException {
    long started = System.nanoTime();
    files.sync();
    fsyncNanos.accept(System.nanoTime() - started);
    syncedSize = files.currentSize();
    unsyncedBytes = 0;
  }

  @Override
  public void startRewrite(Map<String, String> aux, List<byte[]> libraries) throws IOException {
    files.startRewrite(aux, libraries);
  }

  @Override
  public void baseEntry(int db, byte[] key, StoredValue value, long expireAt) throws IOException {
    files.baseEntry(db, key, value, expireAt);
  }

  @Override
  public void finishRewrite() throws IOException {
    long unsynced = unsyncedBytes;
    files.finishRewrite();
    // The total size jumps as the new base replaces the old; what no fsync covers does not.
    syncedSize = files.currentSize() - unsynced;
  }

  @Override
  public void abortRewrite() {
    files.abortRewrite();
  }

  @Override
  public long currentSize() {
    return files.currentSize();
  }

  @Override
  public long baseSize() {
    return files.baseSize();
  }

  @Override
  public void closeKeepingBaseOnly() throws IOException {
    files.closeKeepingBaseOnly();
  }

  @Override
  public void close() throws IOException {
    files.close();
  }
}
