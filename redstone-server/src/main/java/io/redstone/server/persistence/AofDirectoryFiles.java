package io.redstone.server.persistence;

import io.redstone.persistence.aof.AofDirectory;
import io.redstone.persistence.aof.AofRecordEncoder;
import io.redstone.persistence.aof.AofRewrite;
import io.redstone.persistence.format.RecordBuffer;
import io.redstone.storage.types.StoredValue;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@link AofFiles} over the persistence module's multi-part log directory. AOF thread only. */
final class AofDirectoryFiles implements AofFiles {
  /** A buffer grown past this by one huge batch is given back after the write. */
  private static final int RETAINED_BUFFER_BYTES = 4 << 20;

  private final AofDirectory directory;
  private final AofRecordEncoder encoder = new AofRecordEncoder();
  private final RecordBuffer buffer = new RecordBuffer(64 * 1024, RETAINED_BUFFER_BYTES);
  private AofRewrite rewrite;

  AofDirectoryFiles(AofDirectory directory) {
    this.directory = directory;
  }

  @Override
  public void append(int db, byte[][] argv) {
    encoder.encode(db, argv, buffer);
  }

  @Override
  public void appendAtomic(List<Effect.Write> writes) {
    encoder.beginGroup(buffer);
    for (Effect.Write write : writes) {
      encoder.addToGroup(write.db(), write.argv());
    }
    encoder.endGroup();
  }

  @Override
  public void write() throws IOException {
    if (buffer.isEmpty()) {
      return;
    }
    try {
      directory.appender().append(buffer.array(), 0, buffer.length());
    } finally {
      // On failure the appender cut the file back; these effects are recovered by the rewrite
      // from memory that a failure schedules, not by writing them again.
      buffer.clear();
    }
  }

  @Override
  public void sync() throws IOException {
    directory.appender().sync();
  }

  @Override
  public void startRewrite(Map<String, String> aux, List<byte[]> libraries) throws IOException {
    rewrite = directory.startRewrite(System.currentTimeMillis(), aux);
    for (byte[] code : libraries) {
      rewrite.writer().library(code);
    }
  }

  @Override
  public void baseEntry(int db, byte[] key, StoredValue value, long expireAt) throws IOException {
    StoredTypes.write(rewrite.writer(), db, key, value, expireAt);
  }

  @Override
  public void finishRewrite() throws IOException {
    AofRewrite done = rewrite;
    rewrite = null;
    directory.commitRewrite(done);
  }

  @Override
  public void abortRewrite() {
    if (rewrite == null) {
      return;
    }
    try {
      directory.abortRewrite(rewrite);
    } catch (IOException e) {
      // The temporary base is left behind: the next start names it in a warning and leaves it.
    }
    rewrite = null;
  }

  @Override
  public long currentSize() {
    return directory.totalSize();
  }

  @Override
  public long baseSize() {
    return directory.baseSize();
  }

  @Override
  public void closeKeepingBaseOnly() throws IOException {
    directory.closeKeepingBaseOnly();
  }

  @Override
  public void close() throws IOException {
    directory.close();
  }
}
