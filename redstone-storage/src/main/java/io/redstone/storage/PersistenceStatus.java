package io.redstone.storage;

/**
 * INFO persistence's figures, in Redis's terms. Times are unix seconds; durations in seconds with
 * -1 for "never"; statuses are {@code ok} or {@code err}.
 */
public record PersistenceStatus(
    boolean loading,
    boolean bgsaveInProgress,
    long lastSaveTime,
    String lastBgsaveStatus,
    long lastBgsaveTimeSec,
    long currentBgsaveTimeSec,
    long saves,
    long lastLoadKeysExpired,
    long lastLoadKeysLoaded,
    boolean aofEnabled,
    boolean aofRewriteInProgress,
    boolean aofRewriteScheduled,
    long aofLastRewriteTimeSec,
    long aofCurrentRewriteTimeSec,
    String aofLastBgrewriteStatus,
    long aofRewrites,
    long aofRewritesConsecutiveFailures,
    String aofLastWriteStatus,
    long aofCurrentSize,
    long aofBaseSize,
    long aofBufferLength,
    long aofPendingFsync,
    long aofDelayedFsync) {

  /** Nothing saved, nothing in progress: an engine without persistence. */
  public static final PersistenceStatus NOTHING =
      new PersistenceStatus(
          false, false, 0, "ok", -1, -1, 0, 0, 0, false, false, false, -1, -1, "ok", 0, 0, "ok", 0,
          0, 0, 0, 0);
}
