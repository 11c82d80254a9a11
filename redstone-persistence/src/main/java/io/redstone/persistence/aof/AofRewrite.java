package io.redstone.persistence.aof;

import io.redstone.persistence.snapshot.SnapshotFile;
import io.redstone.persistence.snapshot.SnapshotWriter;
import java.nio.file.Path;

/**
 * A rewrite in progress, from {@link AofDirectory#startRewrite} to {@link
 * AofDirectory#commitRewrite} or {@link AofDirectory#abortRewrite}: the new base being written (a
 * snapshot of the dataset as of the start) and the first increment that follows it.
 *
 * <p>{@link #writer()} and {@link SnapshotFile#finish()} may be used on another thread than the
 * directory's (the one walking the keyspace), handed back before commit.
 */
public final class AofRewrite {
  private final long baseSeq;
  private final long firstIncrSeq;
  private final SnapshotFile base;

  AofRewrite(long baseSeq, long firstIncrSeq, SnapshotFile base) {
    this.baseSeq = baseSeq;
    this.firstIncrSeq = firstIncrSeq;
    this.base = base;
  }

  /** Where the new base's entries go. */
  public SnapshotWriter writer() {
    return base.writer();
  }

  /** The new base file being written (temporary until commit). */
  public SnapshotFile base() {
    return base;
  }

  /** The sequence number the new base will have. */
  public long baseSeq() {
    return baseSeq;
  }

  /** The increment opened when the rewrite started: it and later ones survive the commit. */
  public long firstIncrSeq() {
    return firstIncrSeq;
  }

  /** The base's final path once committed. */
  public Path baseFile() {
    return base.target();
  }
}
