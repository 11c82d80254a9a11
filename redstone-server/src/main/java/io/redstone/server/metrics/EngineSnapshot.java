package io.redstone.server.metrics;

import io.redstone.storage.Database;
import io.redstone.storage.Engine;
import io.redstone.storage.EngineStats;
import io.redstone.storage.PersistenceStatus;
import io.redstone.storage.admin.InfoReport;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandStats;
import io.redstone.storage.command.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's figures at one instant, taken on the storage thread and read by the scrape on
 * another. Taking it is the only thing a scrape asks of the storage thread: the engine's counters
 * stay plain fields, with no lock or atomic on the per-command path, and one scrape's numbers are
 * consistent with each other (keys, hits and commands of the same moment), as INFO's are.
 *
 * @param dirty writes since the last save, INFO's {@code rdb_changes_since_last_save}
 * @param batchesRun command batches the storage thread has taken off its queue since the start
 */
public record EngineSnapshot(
    Instance instance,
    long uptimeSeconds,
    long startTimeSeconds,
    long connectedClients,
    long blockedClients,
    long maxClients,
    long usedMemory,
    long maxMemory,
    long dirty,
    Counters counters,
    List<DatabaseKeys> databases,
    List<CommandFigures> commands,
    PersistenceStatus persistence,
    long batchesRun) {

  /**
   * Run-time upper bounds of the latency histogram, in nanoseconds: powers of two from about a
   * microsecond to about eight seconds, where {@link LatencyHistogram#countAtOrBelow} is exact.
   */
  private static final long[] LATENCY_BOUNDS_NANOS = latencyBounds();

  /** The histogram's upper bounds in nanoseconds, ascending; a copy. */
  public static long[] latencyBoundsNanos() {
    return LATENCY_BOUNDS_NANOS.clone();
  }

  /** What {@code redis_instance_info} labels: INFO's fields of the same names. */
  public record Instance(
      String role,
      String redisVersion,
      String redisBuildId,
      String redisMode,
      String os,
      String maxmemoryPolicy,
      String tcpPort,
      String runId,
      String processId) {}

  /** INFO stats' running totals. */
  public record Counters(
      long commandsProcessed,
      long connectionsReceived,
      long rejectedConnections,
      long netInputBytes,
      long netOutputBytes,
      long keyspaceHits,
      long keyspaceMisses,
      long expiredKeys,
      long evictedKeys,
      long errorReplies) {}

  /** One database's line of INFO keyspace, for every database, empty ones included. */
  public record DatabaseKeys(int index, long keys, long expires) {}

  /**
   * One {@code cmdstat_} line plus its latency histogram.
   *
   * @param name as INFO commandstats names it: {@code get}, {@code config|get}
   * @param cumulativeCounts calls that ran in less than each of {@link #latencyBoundsNanos()}
   */
  public record CommandFigures(
      String name,
      long calls,
      long nanos,
      long failedCalls,
      long rejectedCalls,
      long[] cumulativeCounts,
      long latencyCount,
      long latencySumNanos) {}

  /** Takes the snapshot. Must run on the storage thread, which owns everything it reads. */
  public static EngineSnapshot capture(Engine engine, long nowMillis, long batchesRun) {
    EngineStats stats = engine.stats();
    long startMillis = engine.identity().startTimeMillis();
    List<DatabaseKeys> databases = new ArrayList<>(engine.databaseCount());
    for (int i = 0; i < engine.databaseCount(); i++) {
      Database db = engine.database(i);
      databases.add(new DatabaseKeys(i, db.size(), db.expiresCount()));
    }
    List<CommandFigures> commands = new ArrayList<>();
    for (CommandSpec spec : engine.commands().all()) {
      addIfUsed(spec, commands);
      for (CommandSpec sub : spec.subcommands().values()) {
        addIfUsed(sub, commands);
      }
    }
    return new EngineSnapshot(
        instance(engine),
        Math.max(0, (nowMillis - startMillis) / 1000),
        startMillis / 1000,
        engine.clients().size(),
        0,
        engine.config().getLong("maxclients"),
        InfoReport.usedMemory(engine),
        engine.config().getLong("maxmemory"),
        stats.dirty,
        new Counters(
            stats.commandsProcessed,
            stats.connectionsReceived,
            stats.rejectedConnections,
            stats.netInputBytes,
            stats.netOutputBytes,
            stats.keyspaceHits,
            stats.keyspaceMisses,
            stats.expiredKeys,
            stats.evictedKeys,
            stats.errorReplies),
        List.copyOf(databases),
        List.copyOf(commands),
        engine.persistence().status(),
        batchesRun);
  }

  private static Instance instance(Engine engine) {
    return new Instance(
        "master",
        Engine.REDIS_VERSION,
        InfoReport.buildId(),
        "standalone",
        InfoReport.operatingSystem(),
        engine.config().get("maxmemory-policy"),
        engine.config().get("port"),
        engine.identity().runId(),
        String.valueOf(engine.identity().processId()));
  }

  /** As INFO commandstats, a command never called is left out. */
  private static void addIfUsed(CommandSpec spec, List<CommandFigures> into) {
    CommandStats stats = spec.stats();
    if (stats.calls == 0 && stats.failedCalls == 0 && stats.rejectedCalls == 0) {
      return;
    }
    long[] cumulative = stats.latency.countsAtOrBelow(LATENCY_BOUNDS_NANOS);
    into.add(
        new CommandFigures(
            spec.fullName(),
            stats.calls,
            stats.nanos,
            stats.failedCalls,
            stats.rejectedCalls,
            cumulative,
            stats.latency.count(),
            stats.latency.sumNanos()));
  }

  private static long[] latencyBounds() {
    // 2^10 ns (1.024 us) to 2^33 ns (8.6 s): below a microsecond nothing is told apart that
    // matters to an operator, and past seconds only +Inf does.
    long[] bounds = new long[24];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = 1L << (10 + i);
    }
    return bounds;
  }
}
