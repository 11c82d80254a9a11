package io.redstone.storage.command;

/**
 * Per-command counters for {@code INFO commandstats} and metrics. Plain fields written by the
 * storage thread only.
 */
public final class CommandStats {
  public long calls;
  public long nanos;

  /** Refused before running: wrong arity, unknown subcommand. */
  public long rejectedCalls;

  /** Ran and answered with an error. */
  public long failedCalls;

  /** Run time of every call that ran, answered or failed. */
  public final LatencyHistogram latency = new LatencyHistogram();

  public void reset() {
    calls = 0;
    nanos = 0;
    rejectedCalls = 0;
    failedCalls = 0;
    latency.reset();
  }
}
