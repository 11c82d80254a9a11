package io.redstone.server.persistence;

import io.redstone.storage.types.StoredValue;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The append-only log's files as the AOF thread drives them: the current increment, and during a
 * rewrite the new base being written. One thread only.
 */
public interface AofFiles extends Closeable {
  /** Adds one effect to the current increment (buffered until {@link #write}). */
  void append(int db, byte[][] argv) throws IOException;

  /** Buffers effects that must load all or none, as one record. */
  void appendAtomic(List<Effect.Write> writes) throws IOException;

  /** Writes what {@link #append} buffered to the file, without fsync. */
  void write() throws IOException;

  /** Forces everything written so far to the disk. */
  void sync() throws IOException;

  /**
   * Starts a rewrite: later appends go to a new increment that follows the coming base.
   *
   * @param aux the new base's info fields (the writer's version, key counts)
   * @param libraries the code of each function library at that point, written before the keys
   */
  void startRewrite(Map<String, String> aux, List<byte[]> libraries) throws IOException;

  /** One key of the new base, as it was when the rewrite started. */
  void baseEntry(int db, byte[] key, StoredValue value, long expireAt) throws IOException;

  /** Completes the new base, makes it and the new increment the log, and deletes the old files. */
  void finishRewrite() throws IOException;

  /** Gives up the rewrite in progress; the log stays as it was, appends continue. */
  void abortRewrite();

  /**
   * Closes the files after a rewrite with nothing appended since, leaving a manifest that names
   * only the new base: BGREWRITEAOF with the log off, as Redis leaves it.
   */
  void closeKeepingBaseOnly() throws IOException;

  /** Bytes in the log's files (base and increments). */
  long currentSize();

  /** Bytes in the base file. */
  long baseSize();
}
