package io.redstone.storage;

/**
 * Counters owned by the storage thread. They are plain fields: only the storage thread writes them,
 * and a metrics scrape from another thread reading a slightly stale value is acceptable, where a
 * lock or an atomic on every command is not.
 */
public final class EngineStats {
  public long commandsProcessed;
  public long connectionsReceived;
  public long rejectedConnections;
  public long keyspaceHits;
  public long keyspaceMisses;
  public long expiredKeys;
  public long expiredStaleSamples;
  public long evictedKeys;
  public long errorReplies;
  public long netInputBytes;
  public long netOutputBytes;

  /** Writes since the last successful save, as Redis's {@code rdb_changes_since_last_save}. */
  public long dirty;

  public long expireCycles;
  public long expireCycleNanos;

  /** CONFIG RESETSTAT: the counters that Redis resets. {@code dirty} is not one of them. */
  public void reset() {
    commandsProcessed = 0;
    connectionsReceived = 0;
    rejectedConnections = 0;
    keyspaceHits = 0;
    keyspaceMisses = 0;
    expiredKeys = 0;
    expiredStaleSamples = 0;
    evictedKeys = 0;
    errorReplies = 0;
    netInputBytes = 0;
    netOutputBytes = 0;
    expireCycles = 0;
    expireCycleNanos = 0;
  }
}
