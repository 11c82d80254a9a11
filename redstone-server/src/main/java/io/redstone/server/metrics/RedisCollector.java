package io.redstone.server.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.redstone.server.metrics.EngineSnapshot.CommandFigures;
import io.redstone.server.metrics.EngineSnapshot.Counters;
import io.redstone.server.metrics.EngineSnapshot.DatabaseKeys;
import io.redstone.server.metrics.EngineSnapshot.Instance;
import io.redstone.storage.PersistenceStatus;
import io.redstone.storage.admin.InfoReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Renders an {@link EngineSnapshot} under the names, labels and types redis_exporter gives the same
 * INFO fields, so dashboards and alerts written for Redis work unedited. (Counters are named here
 * without {@code _total}; the exposition format appends it, as redis_exporter's names have it.)
 *
 * <p>A collector on the Prometheus registry rather than Micrometer meters: the figures arrive all
 * at once per scrape, per-command series come and go with the commands used, the instance info's
 * labels change with CONFIG SET, and the latency histogram's buckets are counted by the engine
 * already; Micrometer's meters suit none of that. Vert.x's and the JVM's meters stay Micrometer's,
 * in the same registry and the same scrape.
 */
final class RedisCollector implements MultiCollector {
  private static final double NANOS_PER_SECOND = 1e9;
  private static final double NANOS_PER_MICRO = 1e3;

  private final ConnectionFigures connections;

  /**
   * The snapshot the next collect renders. Set on the endpoint's event loop right before it asks
   * the registry to scrape, on the same thread; volatile only in case another thread scrapes.
   */
  private volatile EngineSnapshot latest;

  RedisCollector(ConnectionFigures connections) {
    this.connections = connections;
  }

  void latest(EngineSnapshot snapshot) {
    this.latest = snapshot;
  }

  @Override
  public MetricSnapshots collect() {
    EngineSnapshot s = latest;
    List<MetricSnapshot> out = new ArrayList<>();
    if (s == null) {
      // The storage thread did not answer: the exporter's way of saying the server is down.
      out.add(gauge("redis_up", "Information about the Redis instance", 0));
      return new MetricSnapshots(out);
    }
    out.add(gauge("redis_up", "Information about the Redis instance", 1));
    server(s, out);
    counters(s.counters(), out);
    keyspace(s.databases(), out);
    commands(s.commands(), out);
    persistence(s.persistence(), s.dirty(), s.startTimeSeconds(), out);
    cpu(out);
    redstone(s, out);
    return new MetricSnapshots(out);
  }

  private static void server(EngineSnapshot s, List<MetricSnapshot> out) {
    out.add(gauge("redis_uptime_in_seconds", "uptime_in_seconds metric", s.uptimeSeconds()));
    out.add(
        gauge(
            "redis_start_time_seconds",
            "Start time of the Redis instance since unix epoch in seconds.",
            s.startTimeSeconds()));
    Instance i = s.instance();
    out.add(gauge("redis_process_id", "process_id metric", Double.parseDouble(i.processId())));
    out.add(
        GaugeSnapshot.builder()
            .name("redis_instance_info")
            .help("Information about the Redis instance")
            .dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(
                        Labels.of(
                            "maxmemory_policy", i.maxmemoryPolicy(),
                            "os", i.os(),
                            "process_id", i.processId(),
                            "redis_build_id", i.redisBuildId(),
                            "redis_mode", i.redisMode(),
                            "redis_version", i.redisVersion(),
                            "role", i.role(),
                            "run_id", i.runId(),
                            "tcp_port", i.tcpPort()))
                    .value(1)
                    .build())
            .build());
    out.add(gauge("redis_connected_clients", "connected_clients metric", s.connectedClients()));
    out.add(gauge("redis_blocked_clients", "blocked_clients metric", s.blockedClients()));
    out.add(gauge("redis_memory_used_bytes", "memory_used_bytes metric", s.usedMemory()));
    out.add(gauge("redis_memory_max_bytes", "memory_max_bytes metric", s.maxMemory()));
    out.add(gauge("redis_config_maxmemory", "config_maxmemory metric", s.maxMemory()));
    out.add(gauge("redis_config_maxclients", "config_maxclients metric", s.maxClients()));
  }

  private static void counters(Counters c, List<MetricSnapshot> out) {
    out.add(counter("redis_commands_processed", c.commandsProcessed()));
    out.add(counter("redis_connections_received", c.connectionsReceived()));
    out.add(counter("redis_rejected_connections", c.rejectedConnections()));
    out.add(counter("redis_net_input_bytes", c.netInputBytes()));
    out.add(counter("redis_net_output_bytes", c.netOutputBytes()));
    out.add(counter("redis_keyspace_hits", c.keyspaceHits()));
    out.add(counter("redis_keyspace_misses", c.keyspaceMisses()));
    out.add(counter("redis_expired_keys", c.expiredKeys()));
    out.add(counter("redis_evicted_keys", c.evictedKeys()));
  }

  /** Every database, empty ones at 0, as redis_exporter pads the keyspace to {@code databases}. */
  private static void keyspace(List<DatabaseKeys> databases, List<MetricSnapshot> out) {
    GaugeSnapshot.Builder keys =
        GaugeSnapshot.builder().name("redis_db_keys").help("Total number of keys by DB");
    GaugeSnapshot.Builder expiring =
        GaugeSnapshot.builder()
            .name("redis_db_keys_expiring")
            .help("Total number of expiring keys by DB");
    for (DatabaseKeys db : databases) {
      Labels labels = Labels.of("db", "db" + db.index());
      keys.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(db.keys()).build());
      expiring.dataPoint(
          GaugeDataPointSnapshot.builder().labels(labels).value(db.expires()).build());
    }
    out.add(keys.build());
    out.add(expiring.build());
  }

  private static void commands(List<CommandFigures> commands, List<MetricSnapshot> out) {
    out.add(
        perCommand(
            "redis_commands", "Total number of calls per command", commands, c -> c.calls()));
    out.add(
        perCommand(
            "redis_commands_duration_seconds",
            "Total amount of time in seconds spent per command",
            commands,
            c -> c.nanos() / NANOS_PER_SECOND));
    out.add(
        perCommand(
            "redis_commands_failed_calls",
            "Total number of errors within command execution per command",
            commands,
            c -> c.failedCalls()));
    out.add(
        perCommand(
            "redis_commands_rejected_calls",
            "Total number of errors prior command execution per command",
            commands,
            c -> c.rejectedCalls()));
    out.add(latencies(commands));
  }

  /**
   * Run time per command as a histogram in microseconds, redis_exporter's {@code
   * redis_commands_latencies_usec}. Its bounds are powers of two nanoseconds (1.024 us, 2.048 us,
   * ...), where the engine's histogram counts exactly, rather than Redis's powers of two
   * microseconds.
   */
  private static HistogramSnapshot latencies(List<CommandFigures> commands) {
    long[] bounds = EngineSnapshot.latencyBoundsNanos();
    double[] upper = new double[bounds.length + 1];
    for (int i = 0; i < bounds.length; i++) {
      upper[i] = bounds[i] / NANOS_PER_MICRO;
    }
    upper[bounds.length] = Double.POSITIVE_INFINITY;
    HistogramSnapshot.Builder histogram =
        HistogramSnapshot.builder()
            .name("redis_commands_latencies_usec")
            .help("A histogram of latencies per command");
    for (CommandFigures c : commands) {
      long[] counts = new long[upper.length];
      long previous = 0;
      for (int i = 0; i < bounds.length; i++) {
        counts[i] = c.cumulativeCounts()[i] - previous;
        previous = c.cumulativeCounts()[i];
      }
      counts[bounds.length] = c.latencyCount() - previous;
      histogram.dataPoint(
          HistogramDataPointSnapshot.builder()
              .labels(Labels.of("cmd", c.name()))
              .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts))
              .sum(c.latencySumNanos() / NANOS_PER_MICRO)
              .build());
    }
    return histogram.build();
  }

  /**
   * INFO persistence as redis_exporter maps it; {@code ok} is 1 and {@code err} 0. As in INFO, the
   * AOF sizes appear only while the log is on.
   */
  private static void persistence(
      PersistenceStatus p, long dirty, long startTimeSeconds, List<MetricSnapshot> out) {
    out.add(gauge("redis_loading_dump_file", "loading_dump_file metric", flag(p.loading())));
    out.add(
        gauge("redis_rdb_changes_since_last_save", "rdb_changes_since_last_save metric", dirty));
    out.add(
        gauge(
            "redis_rdb_bgsave_in_progress",
            "rdb_bgsave_in_progress metric",
            flag(p.bgsaveInProgress())));
    out.add(
        gauge(
            "redis_rdb_last_save_timestamp_seconds",
            "rdb_last_save_timestamp_seconds metric",
            p.lastSaveTime() > 0 ? p.lastSaveTime() : startTimeSeconds));
    out.add(
        gauge(
            "redis_rdb_last_bgsave_status",
            "rdb_last_bgsave_status metric",
            status(p.lastBgsaveStatus())));
    out.add(
        gauge(
            "redis_rdb_last_bgsave_duration_sec",
            "rdb_last_bgsave_duration_sec metric",
            p.lastBgsaveTimeSec()));
    out.add(
        gauge(
            "redis_rdb_current_bgsave_duration_sec",
            "rdb_current_bgsave_duration_sec metric",
            p.currentBgsaveTimeSec()));
    out.add(gauge("redis_aof_enabled", "aof_enabled metric", flag(p.aofEnabled())));
    out.add(
        gauge(
            "redis_aof_rewrite_in_progress",
            "aof_rewrite_in_progress metric",
            flag(p.aofRewriteInProgress())));
    out.add(
        gauge(
            "redis_aof_rewrite_scheduled",
            "aof_rewrite_scheduled metric",
            flag(p.aofRewriteScheduled())));
    out.add(
        gauge(
            "redis_aof_last_rewrite_duration_sec",
            "aof_last_rewrite_duration_sec metric",
            p.aofLastRewriteTimeSec()));
    out.add(
        gauge(
            "redis_aof_current_rewrite_duration_sec",
            "aof_current_rewrite_duration_sec metric",
            p.aofCurrentRewriteTimeSec()));
    out.add(
        gauge(
            "redis_aof_last_bgrewrite_status",
            "aof_last_bgrewrite_status metric",
            status(p.aofLastBgrewriteStatus())));
    out.add(
        gauge(
            "redis_aof_last_write_status",
            "aof_last_write_status metric",
            status(p.aofLastWriteStatus())));
    if (p.aofEnabled()) {
      out.add(
          gauge(
              "redis_aof_current_size_bytes", "aof_current_size_bytes metric", p.aofCurrentSize()));
      out.add(gauge("redis_aof_base_size_bytes", "aof_base_size_bytes metric", p.aofBaseSize()));
      out.add(
          gauge(
              "redis_aof_pending_rewrite",
              "aof_pending_rewrite metric",
              flag(p.aofRewriteScheduled())));
      out.add(gauge("redis_aof_buffer_length", "aof_buffer_length metric", p.aofBufferLength()));
      out.add(
          gauge(
              "redis_aof_pending_bio_fsync", "aof_pending_bio_fsync metric", p.aofPendingFsync()));
      out.add(gauge("redis_aof_delayed_fsync", "aof_delayed_fsync metric", p.aofDelayedFsync()));
    }
  }

  /**
   * INFO cpu's process figures, read here rather than on the storage thread: they are the kernel's,
   * not the engine's. Redstone never forks, so the children's are 0.
   */
  private static void cpu(List<MetricSnapshot> out) {
    long[] userAndSystem = InfoReport.processCpuMicros();
    out.add(counterSeconds("redis_cpu_user_seconds", userAndSystem[0]));
    out.add(counterSeconds("redis_cpu_sys_seconds", userAndSystem[1]));
    out.add(counterSeconds("redis_cpu_user_children_seconds", 0));
    out.add(counterSeconds("redis_cpu_sys_children_seconds", 0));
  }

  private static CounterSnapshot counterSeconds(String name, long micros) {
    return CounterSnapshot.builder()
        .name(name)
        .help(name.substring("redis_".length()) + "_total metric")
        .dataPoint(CounterDataPointSnapshot.builder().value(micros / 1e6).build())
        .build();
  }

  private void redstone(EngineSnapshot s, List<MetricSnapshot> out) {
    // Sent minus run: what waits in the storage verticle's queue behind this scrape's request.
    long depth = Math.max(0, connections.batchesSent().getAsLong() - s.batchesRun());
    out.add(
        gauge(
            "redstone_storage_queue_depth",
            "Command batches waiting for the storage thread",
            depth));
    out.add(
        gauge(
            "redstone_paused_connections",
            "Connections whose reads are paused because the client is not keeping up",
            connections.pausedConnections().getAsLong()));
    CounterSnapshot pauses =
        CounterSnapshot.builder()
            .name("redstone_backpressure_pauses")
            .help("Times a connection's reads were paused for backpressure")
            .dataPoint(
                CounterDataPointSnapshot.builder()
                    .value(connections.backpressurePauses().getAsLong())
                    .build())
            .build();
    out.add(pauses);
  }

  private static CounterSnapshot perCommand(
      String name, String help, List<CommandFigures> commands, ToDoubleFunction<CommandFigures> f) {
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
    for (CommandFigures c : commands) {
      counter.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of("cmd", c.name()))
              .value(f.applyAsDouble(c))
              .build());
    }
    return counter.build();
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static CounterSnapshot counter(String name, long value) {
    String field = name.substring("redis_".length());
    return CounterSnapshot.builder()
        .name(name)
        .help(field + "_total metric")
        .dataPoint(CounterDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static double flag(boolean value) {
    return value ? 1 : 0;
  }

  /** redis_exporter's reading of a status field: {@code ok} is 1, anything else 0. */
  private static double status(String value) {
    return "ok".equals(value) ? 1 : 0;
  }
}
