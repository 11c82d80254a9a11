package io.redstone.storage.admin;

import io.redstone.config.ConfigRegistry;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Database;
import io.redstone.storage.Engine;
import io.redstone.storage.EngineStats;
import io.redstone.storage.PersistenceStatus;
import io.redstone.storage.ServerIdentity;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandStats;
import io.redstone.storage.command.LatencyHistogram;
import io.redstone.storage.keyspace.Entry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text of {@code INFO}: Redis 7's sections, with its field names in its order, because tools
 * read them by name and some by first substring match ({@code redis-cli --stat} finds {@code
 * used_memory:} before {@code used_memory_rss:}). Fields Redstone has a number for carry it; the
 * rest carry what an idle Redis without that feature reports, never omitted.
 */
public final class InfoReport {
  /** Sections in the order Redis prints them, whatever order they were asked for in. */
  private static final List<String> ORDER =
      List.of(
          "server",
          "clients",
          "memory",
          "persistence",
          "stats",
          "replication",
          "cpu",
          "modules",
          "commandstats",
          "errorstats",
          "latencystats",
          "cluster",
          "keyspace");

  private static final Set<String> DEFAULT =
      Set.of(
          "server",
          "clients",
          "memory",
          "persistence",
          "stats",
          "replication",
          "cpu",
          "modules",
          "errorstats",
          "cluster",
          "keyspace");

  /** Heap the engine holds before the first key: Redis's {@code used_memory_startup}. */
  static final long STARTUP_MEMORY = 1L << 20;

  private static final int AVG_TTL_SAMPLES = 16;
  private static final long PAGE_SIZE = 4096;
  private static final long CLOCK_TICKS_PER_SECOND = 100;
  private static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

  private final Engine engine;
  private final long nowMillis;
  private final StringBuilder out = new StringBuilder(4096);

  private InfoReport(Engine engine, long nowMillis) {
    this.engine = engine;
    this.nowMillis = nowMillis;
  }

  /**
   * The report for {@code INFO [section ...]}: no sections means {@code default}; {@code all} adds
   * commandstats and latencystats; {@code everything} is {@code all} plus module sections (there
   * are none). Unknown section names are ignored, as Redis does.
   */
  public static String render(Engine engine, long nowMillis, List<String> requested) {
    return new InfoReport(engine, nowMillis).render(requested);
  }

  /** Redstone's own version, from the jar manifest when packaged. */
  public static String redstoneVersion() {
    String version = InfoReport.class.getPackage().getImplementationVersion();
    return version == null ? FALLBACK_VERSION : version;
  }

  /** INFO's {@code used_memory}: the engine's estimate of its data plus its start-up overhead. */
  public static long usedMemory(Engine engine) {
    return STARTUP_MEMORY + engine.usedMemory();
  }

  /** INFO's {@code redis_build_id}: stable for one Redstone version. */
  public static String buildId() {
    return String.format("%016x", (long) redstoneVersion().hashCode() & 0xffffffffL);
  }

  private String render(List<String> requested) {
    Set<String> wanted = new LinkedHashSet<>();
    if (requested.isEmpty()) {
      wanted.addAll(DEFAULT);
    }
    for (String name : requested) {
      String section = name.toLowerCase(Locale.ROOT);
      switch (section) {
        case "default" -> wanted.addAll(DEFAULT);
        case "all", "everything" -> {
          wanted.addAll(DEFAULT);
          wanted.add("commandstats");
          wanted.add("latencystats");
        }
        default -> wanted.add(section);
      }
    }
    boolean first = true;
    for (String section : ORDER) {
      if (!wanted.contains(section)) {
        continue;
      }
      if (!first) {
        out.append("\r\n");
      }
      first = false;
      switch (section) {
        case "server" -> server();
        case "clients" -> clients();
        case "memory" -> memory();
        case "persistence" -> persistence();
        case "stats" -> stats();
        case "replication" -> replication();
        case "cpu" -> cpu();
        case "modules" -> header("Modules");
        case "commandstats" -> commandStats();
        case "errorstats" -> errorStats();
        case "latencystats" -> latencyStats();
        case "cluster" -> cluster();
        case "keyspace" -> keyspace();
        default -> throw new IllegalStateException(section);
      }
    }
    return out.toString();
  }

  private void server() {
    ServerIdentity identity = engine.identity();
    ConfigRegistry config = engine.config();
    long uptimeSeconds = Math.max(0, (nowMillis - identity.startTimeMillis()) / 1000);
    String version = redstoneVersion();
    header("Server");
    field("redis_version", Engine.REDIS_VERSION);
    field("redis_git_sha1", "00000000");
    field("redis_git_dirty", 0);
    field("redis_build_id", buildId());
    field("redis_mode", "standalone");
    field("os", operatingSystem());
    field("arch_bits", System.getProperty("sun.arch.data.model", "64"));
    field("monotonic_clock", "POSIX clock_gettime");
    field("multiplexing_api", identity.multiplexingApi());
    field("atomicvar_api", "c11-builtin");
    field("gcc_version", "0.0.0");
    field("process_id", identity.processId());
    field("process_supervised", "no");
    field("run_id", identity.runId());
    field("tcp_port", config.get("port"));
    field("server_time_usec", nowMillis * 1000);
    field("uptime_in_seconds", uptimeSeconds);
    field("uptime_in_days", uptimeSeconds / 86400);
    field("hz", config.get("hz"));
    field("configured_hz", config.get("hz"));
    // Redis's LRU clock: seconds, wrapping at 24 bits.
    field("lru_clock", (nowMillis / 1000) & ((1 << 24) - 1));
    field("executable", identity.executable());
    field("config_file", identity.configFile());
    field("io_threads_active", 0);
    field("server_name", "redstone");
    field("redstone_version", version);
  }

  private void clients() {
    header("Clients");
    field("connected_clients", engine.clients().size());
    field("cluster_connections", 0);
    field("maxclients", configOr("maxclients", "10000"));
    field("client_recent_max_input_buffer", 0);
    field("client_recent_max_output_buffer", 0);
    int waiting = 0;
    for (ClientSession client : engine.clients().all()) {
      if (client.waiting() || client.blocked()) {
        waiting++;
      }
    }
    field("blocked_clients", waiting);
    field("tracking_clients", engine.tracking().clientCount());
    field("clients_in_timeout_table", engine.blockedWithTimeout());
  }

  private void memory() {
    long dataset = engine.usedMemory();
    long used = STARTUP_MEMORY + dataset;
    long rss = residentSetSize();
    long clientsMemory = 0;
    for (ClientSession client : engine.clients().all()) {
      clientsMemory += client.link().pendingOutputBytes();
    }
    long maxmemory = parseLong(configOr("maxmemory", "0"));
    long totalSystem = totalSystemMemory();
    header("Memory");
    field("used_memory", used);
    field("used_memory_human", human(used));
    field("used_memory_rss", rss);
    field("used_memory_rss_human", human(rss));
    // Without a sampled peak, the peak is now.
    field("used_memory_peak", used);
    field("used_memory_peak_human", human(used));
    field("used_memory_peak_perc", "100.00%");
    field("used_memory_overhead", STARTUP_MEMORY);
    field("used_memory_startup", STARTUP_MEMORY);
    field("used_memory_dataset", dataset);
    field("used_memory_dataset_perc", percent(dataset, Math.max(1, used - STARTUP_MEMORY)));
    field("allocator_allocated", used);
    field("allocator_active", used);
    field("allocator_resident", rss);
    field("total_system_memory", totalSystem);
    field("total_system_memory_human", human(totalSystem));
    field("used_memory_lua", 0);
    field("used_memory_vm_eval", 0);
    field("used_memory_lua_human", human(0));
    field("used_memory_scripts_eval", 0);
    field("number_of_cached_scripts", engine.scripting().cachedScripts());
    field("number_of_functions", engine.scripting().functionCount());
    field("number_of_libraries", engine.scripting().libraryCount());
    field("used_memory_vm_functions", 0);
    field("used_memory_vm_total", 0);
    field("used_memory_vm_total_human", human(0));
    field("used_memory_functions", 0);
    field("used_memory_scripts", 0);
    field("used_memory_scripts_human", human(0));
    field("maxmemory", maxmemory);
    field("maxmemory_human", human(maxmemory));
    field("maxmemory_policy", configOr("maxmemory-policy", "noeviction"));
    field("allocator_frag_ratio", "1.00");
    field("allocator_frag_bytes", 0);
    field("allocator_rss_ratio", ratio(rss, used));
    field("allocator_rss_bytes", rss - used);
    field("rss_overhead_ratio", "1.00");
    field("rss_overhead_bytes", 0);
    field("mem_fragmentation_ratio", ratio(rss, used));
    field("mem_fragmentation_bytes", rss - used);
    field("mem_not_counted_for_evict", 0);
    field("mem_replication_backlog", 0);
    field("mem_total_replication_buffers", 0);
    field("mem_clients_slaves", 0);
    field("mem_clients_normal", clientsMemory);
    field("mem_cluster_links", 0);
    field("mem_aof_buffer", 0);
    field("mem_allocator", "jvm");
    field("active_defrag_running", 0);
    field("lazyfree_pending_objects", 0);
    field("lazyfreed_objects", 0);
  }

  /** Redis's fields; the figures come from the server's persistence layer. */
  private void persistence() {
    PersistenceStatus p = engine.persistence().status();
    header("Persistence");
    field("loading", p.loading() ? 1 : 0);
    field("async_loading", 0);
    // Redstone never forks: nothing is ever copied on write.
    field("current_cow_peak", 0);
    field("current_cow_size", 0);
    field("current_cow_size_age", 0);
    field("current_fork_perc", "0.00");
    field("current_save_keys_processed", 0);
    field("current_save_keys_total", 0);
    field("rdb_changes_since_last_save", engine.stats().dirty);
    field("rdb_bgsave_in_progress", p.bgsaveInProgress() ? 1 : 0);
    field(
        "rdb_last_save_time",
        p.lastSaveTime() > 0 ? p.lastSaveTime() : engine.identity().startTimeMillis() / 1000);
    field("rdb_last_bgsave_status", p.lastBgsaveStatus());
    field("rdb_last_bgsave_time_sec", p.lastBgsaveTimeSec());
    field("rdb_current_bgsave_time_sec", p.currentBgsaveTimeSec());
    field("rdb_saves", p.saves());
    field("rdb_last_cow_size", 0);
    field("rdb_last_load_keys_expired", p.lastLoadKeysExpired());
    field("rdb_last_load_keys_loaded", p.lastLoadKeysLoaded());
    field("aof_enabled", p.aofEnabled() ? 1 : 0);
    field("aof_rewrite_in_progress", p.aofRewriteInProgress() ? 1 : 0);
    field("aof_rewrite_scheduled", p.aofRewriteScheduled() ? 1 : 0);
    field("aof_last_rewrite_time_sec", p.aofLastRewriteTimeSec());
    field("aof_current_rewrite_time_sec", p.aofCurrentRewriteTimeSec());
    field("aof_last_bgrewrite_status", p.aofLastBgrewriteStatus());
    field("aof_rewrites", p.aofRewrites());
    field("aof_rewrites_consecutive_failures", p.aofRewritesConsecutiveFailures());
    field("aof_last_write_status", p.aofLastWriteStatus());
    field("aof_last_cow_size", 0);
    field("module_fork_in_progress", 0);
    field("module_fork_last_cow_size", 0);
    if (p.aofEnabled()) {
      field("aof_current_size", p.aofCurrentSize());
      field("aof_base_size", p.aofBaseSize());
      field("aof_pending_rewrite", p.aofRewriteScheduled() ? 1 : 0);
      field("aof_buffer_length", p.aofBufferLength());
      field("aof_pending_bio_fsync", p.aofPendingFsync());
      field("aof_delayed_fsync", p.aofDelayedFsync());
    }
  }

  private void stats() {
    EngineStats stats = engine.stats();
    header("Stats");
    field("total_connections_received", stats.connectionsReceived);
    field("total_commands_processed", stats.commandsProcessed);
    field("instantaneous_ops_per_sec", 0);
    field("total_net_input_bytes", stats.netInputBytes);
    field("total_net_output_bytes", stats.netOutputBytes);
    field("total_net_repl_input_bytes", 0);
    field("total_net_repl_output_bytes", 0);
    field("instantaneous_input_kbps", "0.00");
    field("instantaneous_output_kbps", "0.00");
    field("instantaneous_input_repl_kbps", "0.00");
    field("instantaneous_output_repl_kbps", "0.00");
    field("rejected_connections", stats.rejectedConnections);
    field("sync_full", 0);
    field("sync_partial_ok", 0);
    field("sync_partial_err", 0);
    field("expired_keys", stats.expiredKeys);
    field("expired_stale_perc", "0.00");
    field("expired_time_cap_reached_count", 0);
    field("expire_cycle_cpu_milliseconds", stats.expireCycleNanos / 1_000_000);
    field("evicted_keys", stats.evictedKeys);
    field("evicted_clients", 0);
    field("total_eviction_exceeded_time", 0);
    field("current_eviction_exceeded_time", 0);
    field("keyspace_hits", stats.keyspaceHits);
    field("keyspace_misses", stats.keyspaceMisses);
    field("pubsub_channels", engine.pubsub().channelCount());
    field("pubsub_patterns", engine.pubsub().patternCount());
    field("pubsubshard_channels", engine.pubsub().shardChannelCount());
    field("latest_fork_usec", 0);
    field("total_forks", 0);
    field("migrate_cached_sockets", 0);
    field("slave_expires_tracked_keys", 0);
    field("active_defrag_hits", 0);
    field("active_defrag_misses", 0);
    field("active_defrag_key_hits", 0);
    field("active_defrag_key_misses", 0);
    field("total_active_defrag_time", 0);
    field("current_active_defrag_time", 0);
    field("tracking_total_keys", engine.tracking().keyCount());
    field("tracking_total_items", engine.tracking().itemCount());
    field("tracking_total_prefixes", engine.tracking().prefixCount());
    field("unexpected_error_replies", 0);
    field("total_error_replies", stats.errorReplies);
    field("dump_payload_sanitizations", 0);
    field("total_reads_processed", 0);
    field("total_writes_processed", 0);
    field("io_threaded_reads_processed", 0);
    field("io_threaded_writes_processed", 0);
    field("reply_buffer_shrinks", 0);
    field("reply_buffer_expands", 0);
  }

  private void replication() {
    header("Replication");
    field("role", "master");
    field("connected_slaves", 0);
    field("master_failover_state", "no-failover");
    field("master_replid", engine.identity().runId());
    field("master_replid2", "0000000000000000000000000000000000000000");
    field("master_repl_offset", 0);
    field("second_repl_offset", -1);
    field("repl_backlog_active", 0);
    field("repl_backlog_size", 1048576);
    field("repl_backlog_first_byte_offset", 0);
    field("repl_backlog_histlen", 0);
  }

  /**
   * Process CPU from /proc/self/stat where readable (else the JVM's process CPU time, all counted
   * as user time); the "main thread" is the storage thread, which is the one running INFO.
   */
  private void cpu() {
    long[] process = processCpuMicros();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long threadTotal = 0;
    long threadUser = 0;
    if (threads.isCurrentThreadCpuTimeSupported()) {
      threadTotal = Math.max(0, threads.getCurrentThreadCpuTime() / 1000);
      threadUser = Math.max(0, threads.getCurrentThreadUserTime() / 1000);
    }
    header("CPU");
    field("used_cpu_sys", seconds(process[1]));
    field("used_cpu_user", seconds(process[0]));
    field("used_cpu_sys_children", seconds(0));
    field("used_cpu_user_children", seconds(0));
    field("used_cpu_sys_main_thread", seconds(Math.max(0, threadTotal - threadUser)));
    field("used_cpu_user_main_thread", seconds(threadUser));
  }

  private void commandStats() {
    header("Commandstats");
    for (CommandSpec spec : engine.commands().all()) {
      commandStat(spec);
      for (CommandSpec sub : spec.subcommands().values()) {
        commandStat(sub);
      }
    }
  }

  private void commandStat(CommandSpec spec) {
    CommandStats stats = spec.stats();
    if (stats.calls == 0 && stats.failedCalls == 0 && stats.rejectedCalls == 0) {
      return;
    }
    long usec = stats.nanos / 1000;
    double perCall = stats.calls == 0 ? 0 : (double) usec / stats.calls;
    out.append("cmdstat_")
        .append(spec.fullName())
        .append(":calls=")
        .append(stats.calls)
        .append(",usec=")
        .append(usec)
        .append(",usec_per_call=")
        .append(String.format(Locale.ROOT, "%.2f", perCall))
        .append(",rejected_calls=")
        .append(stats.rejectedCalls)
        .append(",failed_calls=")
        .append(stats.failedCalls)
        .append("\r\n");
  }

  /** One line per error code, as Redis: {@code errorstat_ERR:count=3}. */
  private void errorStats() {
    header("Errorstats");
    engine
        .errorStats()
        .counts()
        .forEach(
            (code, count) ->
                out.append("errorstat_")
                    .append(code)
                    .append(":count=")
                    .append(count)
                    .append("\r\n"));
  }

  /**
   * Per command that ran, the percentiles of {@code latency-tracking-info-percentiles} in
   * microseconds; empty while {@code latency-tracking} is off.
   */
  private void latencyStats() {
    header("Latencystats");
    if (!engine.config().getBoolean("latency-tracking")) {
      return;
    }
    String configured = engine.config().get("latency-tracking-info-percentiles").trim();
    List<String> percentiles = configured.isEmpty() ? List.of() : List.of(configured.split(" +"));
    for (CommandSpec spec : engine.commands().all()) {
      latencyStat(spec, percentiles);
      for (CommandSpec sub : spec.subcommands().values()) {
        latencyStat(sub, percentiles);
      }
    }
  }

  private void latencyStat(CommandSpec spec, List<String> percentiles) {
    LatencyHistogram histogram = spec.stats().latency;
    if (histogram.count() == 0) {
      return;
    }
    out.append("latency_percentiles_usec_").append(spec.fullName()).append(':');
    for (int i = 0; i < percentiles.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      double nanos = histogram.percentileNanos(Double.parseDouble(percentiles.get(i)));
      out.append('p')
          .append(percentiles.get(i))
          .append('=')
          .append(String.format(Locale.ROOT, "%.3f", nanos / 1000.0));
    }
    out.append("\r\n");
  }

  private void cluster() {
    header("Cluster");
    field("cluster_enabled", 0);
  }

  /** Only databases holding keys are listed, as in Redis. */
  private void keyspace() {
    header("Keyspace");
    for (int i = 0; i < engine.databaseCount(); i++) {
      Database db = engine.database(i);
      if (db.size() == 0) {
        continue;
      }
      out.append("db")
          .append(i)
          .append(":keys=")
          .append(db.size())
          .append(",expires=")
          .append(db.expiresCount())
          .append(",avg_ttl=")
          .append(averageTtl(db))
          .append("\r\n");
    }
  }

  /**
   * An estimate from a few random keys with a TTL, as Redis's own figure is an estimate kept by its
   * expiry cycle; 0 when no sampled key has time left.
   */
  private long averageTtl(Database db) {
    if (db.expiresCount() == 0) {
      return 0;
    }
    long sum = 0;
    int counted = 0;
    for (int i = 0; i < AVG_TTL_SAMPLES; i++) {
      Entry entry = db.randomExpiring(engine.random());
      if (entry != null && entry.expireAt() > nowMillis) {
        sum += entry.expireAt() - nowMillis;
        counted++;
      }
    }
    return counted == 0 ? 0 : sum / counted;
  }

  private void header(String title) {
    out.append("# ").append(title).append("\r\n");
  }

  private void field(String name, Object value) {
    out.append(name).append(':').append(value).append("\r\n");
  }

  private String configOr(String name, String fallback) {
    String value = engine.config().get(name);
    return value == null ? fallback : value;
  }

  /** Redis's bytesToHuman: B below 1K, then two decimals of K, M, G, T, P. */
  static String human(long bytes) {
    String[] units = {"K", "M", "G", "T", "P"};
    if (bytes < 1024) {
      return bytes + "B";
    }
    double value = bytes;
    for (String unit : units) {
      value /= 1024;
      if (value < 1024 || unit.equals("P")) {
        return String.format(Locale.ROOT, "%.2f%s", value, unit);
      }
    }
    return bytes + "B";
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.2f%%", part * 100.0 / whole);
  }

  private static String ratio(long a, long b) {
    return String.format(Locale.ROOT, "%.2f", b == 0 ? 0.0 : (double) a / b);
  }

  private static String seconds(long micros) {
    return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** As uname prints it: system, release, machine ({@code Linux 6.1.0 x86_64}). */
  public static String operatingSystem() {
    String arch = System.getProperty("os.arch", "");
    if (arch.equals("amd64")) {
      arch = "x86_64";
    }
    return System.getProperty("os.name", "")
        + " "
        + System.getProperty("os.version", "")
        + " "
        + arch;
  }

  /** Resident set size from /proc/self/statm; the JVM's committed heap where there is none. */
  private static long residentSetSize() {
    try {
      String[] fields =
          Files.readString(Path.of("/proc/self/statm"), StandardCharsets.US_ASCII)
              .trim()
              .split("\\s+");
      return Long.parseLong(fields[1]) * PAGE_SIZE;
    } catch (IOException | RuntimeException e) {
      return Runtime.getRuntime().totalMemory();
    }
  }

  private static long totalSystemMemory() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize();
    }
    return 0;
  }

  /** {user, system} CPU microseconds of the whole process. */
  public static long[] processCpuMicros() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      // Fields after the parenthesised command name start at "state" (field 3 of proc(5)).
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      long microsPerTick = 1_000_000 / CLOCK_TICKS_PER_SECOND;
      return new long[] {
        Long.parseLong(fields[11]) * microsPerTick, Long.parseLong(fields[12]) * microsPerTick
      };
    } catch (IOException | RuntimeException e) {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return new long[] {Math.max(0, sun.getProcessCpuTime() / 1000), 0};
      }
      return new long[] {0, 0};
    }
  }
}
