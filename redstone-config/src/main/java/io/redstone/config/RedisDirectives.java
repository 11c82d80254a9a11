package io.redstone.config;

import static io.redstone.config.ParamFlag.HIDDEN;
import static io.redstone.config.ParamFlag.IMMUTABLE;
import static io.redstone.config.ParamFlag.PROTECTED;
import static io.redstone.config.ParamFlag.SENSITIVE;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every directive Redis 7 knows, with Redstone's defaults, as read from Redis 7.0's config table
 * and a default {@code redis-server}'s {@code CONFIG GET *} (TLS directives included, as a build
 * with TLS shows them), plus the ones 7.2 added ({@code set-max-listpack-*}, {@code
 * locale-collate}, {@code cluster-announce-human-nodename}, log level {@code nothing}).
 *
 * <p>Redstone's defaults differ from Redis's only where Redstone's design says so: {@code bind
 * 127.0.0.1 -::1}, {@code dir ./data} and {@code appendonly yes}: data is kept unless the operator
 * says otherwise.
 *
 * <p>Redstone acts on the directives in {@link #IMPLEMENTED}: networking ({@code bind}, {@code
 * port}, {@code tcp-backlog}, {@code maxclients}, {@code proto-max-bulk-len}, {@code io-threads}:
 * the threads that serve connections), the keyspace ({@code databases}, {@code hz}), logging
 * ({@code loglevel}, {@code logfile}) and authentication ({@code requirepass}), and the append-only
 * log ({@code appendonly}, {@code appendfsync}, {@code dir}, {@code appendfilename}, {@code
 * appenddirname}, {@code auto-aof-rewrite-*}, {@code aof-load-truncated}), snapshots ({@code save},
 * {@code dbfilename}), the slow log ({@code slowlog-*}), latency reporting ({@code
 * latency-monitor-threshold}, {@code latency-tracking*}), client-side caching ({@code
 * tracking-table-max-keys}), the {@code normal} class of {@code client-output-buffer-limit}, and
 * Redstone's own {@code metrics-port}, {@code metrics-bind}, {@code metrics-user} and {@code
 * metrics-password} (the Prometheus endpoint, which Redis does not have) and {@code
 * client-output-high-water} (how much unsent output pauses a pipeline); and the value encodings of
 * the types implemented so far ({@code set-max-intset-entries}, {@code hash-max-listpack-entries},
 * {@code hash-max-listpack-value}, {@code zset-max-listpack-entries}, {@code
 * zset-max-listpack-value}). {@code daemonize} is accepted as implemented: Redstone always runs in
 * the foreground and {@code daemonize no}, in nearly every redis.conf, must not draw a warning.
 * Everything else (memory limits, client timeouts, replication, cluster, TLS, ACL users, the other
 * types' encodings, ...) is validated, stored and shown, and reported by {@link
 * ConfigRegistry#unimplementedChanges()} when set away from its default; each directive joins
 * {@link #IMPLEMENTED} in the change that puts it into effect.
 */
public final class RedisDirectives {
  private RedisDirectives() {}

  static final Set<String> IMPLEMENTED =
      Set.of(
          "bind",
          "port",
          "tcp-backlog",
          "maxclients",
          "proto-max-bulk-len",
          "databases",
          "hz",
          "loglevel",
          "logfile",
          "requirepass",
          "daemonize",
          "appendonly",
          "appendfsync",
          "dir",
          "appendfilename",
          "appenddirname",
          "auto-aof-rewrite-percentage",
          "auto-aof-rewrite-min-size",
          "aof-load-truncated",
          "save",
          "dbfilename",
          "slowlog-log-slower-than",
          "slowlog-max-len",
          "latency-monitor-threshold",
          "latency-tracking",
          "latency-tracking-info-percentiles",
          "tracking-table-max-keys",
          "metrics-port",
          "metrics-bind",
          "metrics-user",
          "metrics-password",
          "client-output-high-water",
          "client-output-buffer-limit",
          "io-threads",
          "set-max-intset-entries",
          "hash-max-listpack-entries",
          "hash-max-listpack-value",
          "zset-max-listpack-entries",
          "zset-max-listpack-value");

  private static final long INT_MAX = Integer.MAX_VALUE;
  private static final long INT_MIN = Integer.MIN_VALUE;
  private static final long UINT_MAX = 0xFFFF_FFFFL;
  private static final long LONG_MAX = Long.MAX_VALUE;
  private static final long MB = 1024L * 1024;

  /** The full catalogue, in no particular order. */
  public static List<ConfigParam> all() {
    Catalogue c = new Catalogue();

    // Yes/no directives.
    c.yesNo("rdbchecksum", "yes", IMMUTABLE);
    c.yesNo("daemonize", "no", IMMUTABLE);
    c.yesNo("io-threads-do-reads", "no", IMMUTABLE);
    c.yesNo("always-show-logo", "no", IMMUTABLE);
    c.yesNo("protected-mode", "yes");
    c.yesNo("rdbcompression", "yes");
    c.yesNo("rdb-del-sync-files", "no");
    c.yesNo("activerehashing", "yes");
    c.yesNo("stop-writes-on-bgsave-error", "yes");
    c.yesNo("set-proc-title", "yes", IMMUTABLE);
    c.yesNo("dynamic-hz", "yes");
    c.yesNo("lazyfree-lazy-eviction", "no");
    c.yesNo("lazyfree-lazy-expire", "no");
    c.yesNo("lazyfree-lazy-server-del", "no");
    c.yesNo("lazyfree-lazy-user-del", "no");
    c.yesNo("lazyfree-lazy-user-flush", "no");
    c.yesNo("repl-disable-tcp-nodelay", "no");
    c.yesNo("repl-diskless-sync", "yes");
    c.yesNo("aof-rewrite-incremental-fsync", "yes");
    c.yesNo("no-appendfsync-on-rewrite", "no");
    c.yesNo("cluster-require-full-coverage", "yes");
    c.yesNo("rdb-save-incremental-fsync", "yes");
    c.yesNo("aof-load-truncated", "yes");
    c.yesNo("aof-use-rdb-preamble", "yes");
    c.yesNo("aof-timestamp-enabled", "no");
    c.add("cluster-replica-no-failover", "cluster-slave-no-failover", new YesNo(), "no");
    c.add("replica-lazy-flush", "slave-lazy-flush", new YesNo(), "no");
    c.add("replica-serve-stale-data", "slave-serve-stale-data", new YesNo(), "yes");
    c.add("replica-read-only", "slave-read-only", new YesNo(), "yes");
    c.add("replica-ignore-maxmemory", "slave-ignore-maxmemory", new YesNo(), "yes");
    c.yesNo("replica-ignore-disk-write-errors", "no");
    c.yesNo("jemalloc-bg-thread", "yes");
    c.yesNo("activedefrag", "no");
    c.yesNo("syslog-enabled", "no", IMMUTABLE);
    c.yesNo("cluster-enabled", "no", IMMUTABLE);
    c.yesNo("appendonly", "yes");
    c.yesNo("cluster-allow-reads-when-down", "no");
    c.yesNo("cluster-allow-pubsubshard-when-down", "yes");
    c.yesNo("crash-log-enabled", "yes");
    c.yesNo("crash-memcheck-enabled", "yes");
    c.yesNo("use-exit-on-panic", "no", HIDDEN);
    c.yesNo("disable-thp", "yes", IMMUTABLE);
    c.yesNo("cluster-allow-replica-migration", "yes");
    c.yesNo("replica-announced", "yes");
    c.yesNo("latency-tracking", "yes");
    c.yesNo("aof-disable-auto-gc", "no");
    c.yesNo("tls-cluster", "no");
    c.yesNo("tls-replication", "no");
    c.yesNo("tls-prefer-server-ciphers", "no");
    c.yesNo("tls-session-caching", "yes");

    // Strings.
    c.add("aclfile", Text.any(), "", IMMUTABLE);
    c.add("unixsocket", Text.optional(), "", IMMUTABLE);
    c.add("pidfile", Text.optional(), "", IMMUTABLE);
    c.add("replica-announce-ip", "slave-announce-ip", Text.optional(), "");
    c.add("masteruser", Text.optional(), "", SENSITIVE);
    c.add("cluster-announce-ip", Text.optional(), "");
    c.add("cluster-config-file", Text.any(), "nodes.conf", IMMUTABLE);
    c.add("cluster-announce-hostname", new Text(Text.Rule.HOSTNAME, true), "");
    c.add("cluster-announce-human-nodename", Text.optional(), "");
    c.add("syslog-ident", Text.any(), "redis", IMMUTABLE);
    c.add("dbfilename", new Text(Text.Rule.RDB_FILE_NAME, false), "dump.rdb", PROTECTED);
    c.add("appendfilename", new Text(Text.Rule.AOF_FILE_NAME, false), "appendonly.aof", IMMUTABLE);
    c.add("appenddirname", new Text(Text.Rule.AOF_DIR_NAME, false), "appendonlydir", IMMUTABLE);
    c.add("server_cpulist", Text.optional(), "", IMMUTABLE);
    c.add("bio_cpulist", Text.optional(), "", IMMUTABLE);
    c.add("aof_rewrite_cpulist", Text.optional(), "", IMMUTABLE);
    c.add("bgsave_cpulist", Text.optional(), "", IMMUTABLE);
    c.add("ignore-warnings", Text.any(), "");
    c.add(
        "proc-title-template",
        new Text(Text.Rule.PROC_TITLE_TEMPLATE, false),
        "{title} {listen-addr} {server-mode}");
    c.add("bind-source-addr", Text.optional(), "");
    c.add("logfile", Text.any(), "", IMMUTABLE);
    c.add("locale-collate", Text.any(), "");
    c.add("masterauth", Text.optional(), "", SENSITIVE);
    c.add("requirepass", Text.optional(), "", SENSITIVE);
    for (String tls :
        List.of(
            "tls-cert-file",
            "tls-key-file",
            "tls-key-file-pass",
            "tls-client-cert-file",
            "tls-client-key-file",
            "tls-client-key-file-pass",
            "tls-dh-params-file",
            "tls-ca-cert-file",
            "tls-ca-cert-dir",
            "tls-protocols",
            "tls-ciphers",
            "tls-ciphersuites")) {
      c.add(tls, Text.optional(), "");
    }

    // One word from a list.
    c.add("supervised", Choice.of("upstart", "systemd", "auto", "no"), "no", IMMUTABLE);
    c.add(
        "syslog-facility",
        Choice.of(
            "user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"),
        "local0",
        IMMUTABLE);
    c.add("repl-diskless-load", Choice.of("disabled", "on-empty-db", "swapdb"), "disabled");
    c.add("loglevel", Choice.of("debug", "verbose", "notice", "warning", "nothing"), "notice");
    c.add(
        "maxmemory-policy",
        Choice.of(
            "volatile-lru",
            "volatile-lfu",
            "volatile-random",
            "volatile-ttl",
            "allkeys-lru",
            "allkeys-lfu",
            "allkeys-random",
            "noeviction"),
        "noeviction");
    c.add("appendfsync", Choice.of("everysec", "always", "no"), "everysec");
    c.add(
        "oom-score-adj",
        new Choice(List.of("no", "yes", "relative", "absolute"), Map.of("relative", "yes")),
        "no");
    c.add("acl-pubsub-default", Choice.of("allchannels", "resetchannels"), "resetchannels");
    c.add("sanitize-dump-payload", Choice.of("no", "yes", "clients"), "no");
    c.add("enable-protected-configs", Choice.of("no", "yes", "local"), "no", IMMUTABLE);
    c.add("enable-debug-command", Choice.of("no", "yes", "local"), "no", IMMUTABLE);
    c.add("enable-module-command", Choice.of("no", "yes", "local"), "no", IMMUTABLE);
    c.add("cluster-preferred-endpoint-type", Choice.of("ip", "hostname", "unknown-endpoint"), "ip");
    c.add(
        "propagation-error-behavior", Choice.of("ignore", "panic", "panic-on-replicas"), "ignore");
    c.add("tls-auth-clients", Choice.of("no", "yes", "optional"), "yes");
    FlagChoice shutdown = new FlagChoice(List.of("default", "save", "nosave", "now", "force"));
    c.add("shutdown-on-sigint", shutdown, "default");
    c.add("shutdown-on-sigterm", shutdown, "default");

    // Integers.
    c.add("databases", Numeric.plain(1, INT_MAX), "16", IMMUTABLE);
    c.add("port", Numeric.plain(0, 65535), "6379");
    c.add("io-threads", Numeric.plain(1, 128), "1", IMMUTABLE);
    c.add("auto-aof-rewrite-percentage", Numeric.plain(0, INT_MAX), "100");
    c.add(
        "cluster-replica-validity-factor",
        "cluster-slave-validity-factor",
        Numeric.plain(0, INT_MAX),
        "10");
    c.add("list-max-listpack-size", "list-max-ziplist-size", Numeric.plain(INT_MIN, INT_MAX), "-2");
    c.add("tcp-keepalive", Numeric.plain(0, INT_MAX), "300");
    c.add("cluster-migration-barrier", Numeric.plain(0, INT_MAX), "1");
    c.add("active-defrag-cycle-min", Numeric.plain(1, 99), "1");
    c.add("active-defrag-cycle-max", Numeric.plain(1, 99), "25");
    c.add("active-defrag-threshold-lower", Numeric.plain(0, 1000), "10");
    c.add("active-defrag-threshold-upper", Numeric.plain(0, 1000), "100");
    c.add("lfu-log-factor", Numeric.plain(0, INT_MAX), "10");
    c.add("lfu-decay-time", Numeric.plain(0, INT_MAX), "1");
    c.add("replica-priority", "slave-priority", Numeric.plain(0, INT_MAX), "100");
    c.add("repl-diskless-sync-delay", Numeric.plain(0, INT_MAX), "5");
    c.add("maxmemory-samples", Numeric.plain(1, INT_MAX), "5");
    c.add("maxmemory-eviction-tenacity", Numeric.plain(0, 100), "10");
    c.add("timeout", Numeric.plain(0, INT_MAX), "0");
    c.add("replica-announce-port", "slave-announce-port", Numeric.plain(0, 65535), "0");
    c.add("tcp-backlog", Numeric.plain(0, INT_MAX), "511", IMMUTABLE);
    c.add("cluster-port", Numeric.plain(0, 65535), "0", IMMUTABLE);
    c.add("cluster-announce-bus-port", Numeric.plain(0, 65535), "0");
    c.add("cluster-announce-port", Numeric.plain(0, 65535), "0");
    c.add("cluster-announce-tls-port", Numeric.plain(0, 65535), "0");
    c.add("repl-timeout", Numeric.plain(1, INT_MAX), "60");
    c.add("repl-ping-replica-period", "repl-ping-slave-period", Numeric.plain(1, INT_MAX), "10");
    c.add("list-compress-depth", Numeric.plain(0, INT_MAX), "0");
    c.add("rdb-key-save-delay", Numeric.plain(INT_MIN, INT_MAX), "0", HIDDEN);
    c.add("key-load-delay", Numeric.plain(INT_MIN, INT_MAX), "0", HIDDEN);
    c.add("active-expire-effort", Numeric.plain(1, 10), "1");
    // Redis accepts any hz but runs (and shows) it within 1..500.
    c.add("hz", Numeric.plain(0, INT_MAX).clampedTo(1, 500), "10");
    c.add("min-replicas-to-write", "min-slaves-to-write", Numeric.plain(0, INT_MAX), "0");
    c.add("min-replicas-max-lag", "min-slaves-max-lag", Numeric.plain(0, INT_MAX), "10");
    c.add("watchdog-period", Numeric.plain(0, INT_MAX), "0", HIDDEN);
    c.add("shutdown-timeout", Numeric.plain(0, INT_MAX), "10");
    c.add("repl-diskless-sync-max-replicas", Numeric.plain(0, INT_MAX), "0");
    c.add("maxclients", Numeric.plain(1, UINT_MAX), "10000");
    c.add("unixsocketperm", Numeric.octal(0, 0777), "0", IMMUTABLE);
    c.add("socket-mark-id", Numeric.plain(0, UINT_MAX), "0", IMMUTABLE);
    c.add("active-defrag-max-scan-fields", Numeric.plain(1, LONG_MAX), "1000");
    c.add("slowlog-max-len", Numeric.plain(0, LONG_MAX), "128");
    c.add("acllog-max-len", Numeric.plain(0, LONG_MAX), "128");
    c.add("busy-reply-threshold", "lua-time-limit", Numeric.plain(0, LONG_MAX), "5000");
    c.add("cluster-node-timeout", Numeric.plain(0, LONG_MAX), "15000");
    c.add("slowlog-log-slower-than", Numeric.plain(-1, LONG_MAX), "10000");
    c.add("latency-monitor-threshold", Numeric.plain(0, LONG_MAX), "0");
    c.add("proto-max-bulk-len", Numeric.memory(MB, LONG_MAX), Long.toString(512 * MB));
    c.add("stream-node-max-entries", Numeric.plain(0, LONG_MAX), "100");
    c.add("repl-backlog-size", Numeric.memory(1, LONG_MAX), Long.toString(MB));
    c.add("maxmemory", Numeric.unsignedMemory(), "0");
    c.add("cluster-link-sendbuf-limit", Numeric.unsignedMemory(), "0");
    c.add(
        "hash-max-listpack-entries", "hash-max-ziplist-entries", Numeric.plain(0, LONG_MAX), "512");
    c.add("set-max-intset-entries", Numeric.plain(0, LONG_MAX), "512");
    c.add("set-max-listpack-entries", Numeric.plain(0, LONG_MAX), "128");
    c.add("set-max-listpack-value", Numeric.plain(0, LONG_MAX), "64");
    c.add(
        "zset-max-listpack-entries", "zset-max-ziplist-entries", Numeric.plain(0, LONG_MAX), "128");
    c.add("active-defrag-ignore-bytes", Numeric.memory(1, LONG_MAX), Long.toString(100 * MB));
    c.add("hash-max-listpack-value", "hash-max-ziplist-value", Numeric.memory(0, LONG_MAX), "64");
    c.add("stream-node-max-bytes", Numeric.memory(0, LONG_MAX), "4096");
    c.add("zset-max-listpack-value", "zset-max-ziplist-value", Numeric.memory(0, LONG_MAX), "64");
    c.add("hll-sparse-max-bytes", Numeric.memory(0, LONG_MAX), "3000");
    c.add("tracking-table-max-keys", Numeric.plain(0, LONG_MAX), "1000000");
    c.add("client-query-buffer-limit", Numeric.memory(MB, LONG_MAX), Long.toString(1024 * MB));
    c.add("maxmemory-clients", Numeric.memoryOrPercent(-100, LONG_MAX), "0");
    c.add("repl-backlog-ttl", Numeric.plain(0, LONG_MAX), "3600");
    c.add("auto-aof-rewrite-min-size", Numeric.memory(0, LONG_MAX), Long.toString(64 * MB));
    c.add(
        "loading-process-events-interval-bytes",
        Numeric.plain(1024, INT_MAX),
        Long.toString(2 * MB),
        HIDDEN);
    c.add("tls-port", Numeric.plain(0, 65535), "0");
    c.add("tls-session-cache-size", Numeric.plain(0, INT_MAX), "20480");
    c.add("tls-session-cache-timeout", Numeric.plain(0, INT_MAX), "300");

    // Directives with a shape of their own.
    c.add("dir", Text.any(), "./data", PROTECTED);
    c.add("save", new SaveRules(), "3600 1 300 100 60 10000");
    c.add(
        "client-output-buffer-limit",
        new BufferLimits(),
        "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    c.add("oom-score-adj-values", new OomScoreValues(), "0 200 800");
    c.add("notify-keyspace-events", new KeyspaceEvents(), "");
    c.add("bind", new BindAddresses(), "127.0.0.1 -::1");
    c.add("replicaof", "slaveof", new ReplicaOf(), "", IMMUTABLE);
    c.add("latency-tracking-info-percentiles", new Percentiles(), "50 99 99.9");

    // Redstone's own directives, which Redis does not have.
    // The Prometheus endpoint: redis_exporter's port, so scrape configs written for it fit; 0 is
    // off. Immutable: moving a listener at run time would strand the scrapers pointed at it.
    c.add("metrics-port", Numeric.plain(0, 65535), "9121", IMMUTABLE);
    // Where it listens, in bind's syntax and by default on the loopback only, whatever bind says:
    // the figures it serves (keys per database, calls per command) are not for every host that
    // can reach the server. And the HTTP basic-auth credentials a scrape must give; both empty
    // (the default) asks for none, and setting one without the other is refused at start.
    // The password is shown by CONFIG GET, as requirepass is, and kept out of the slow log,
    // MONITOR and config error reports. All three are set at start only, as the port is.
    c.add("metrics-bind", new BindAddresses(), "127.0.0.1 -::1", IMMUTABLE);
    c.add("metrics-user", new Text(Text.Rule.BASIC_AUTH_USER, true), "", IMMUTABLE);
    c.add("metrics-password", Text.optional(), "", IMMUTABLE, SENSITIVE);
    // Unsent output past which a connection's remaining pipelined commands wait for the client to
    // read (the low-water mark, where they go on, is half of it): a pipeline of large replies
    // costs this much memory, not the sum of its replies.
    c.add("client-output-high-water", Numeric.memory(64 * 1024, INT_MAX), Long.toString(4 * MB));
    return c.params;
  }

  /** Collects declarations; marks each as implemented from {@link #IMPLEMENTED}. */
  private static final class Catalogue {
    final List<ConfigParam> params = new ArrayList<>();

    void yesNo(String name, String defaultValue, ParamFlag... flags) {
      add(name, null, new YesNo(), defaultValue, flags);
    }

    void add(String name, ValueKind kind, String defaultValue, ParamFlag... flags) {
      add(name, null, kind, defaultValue, flags);
    }

    void add(String name, String alias, ValueKind kind, String defaultValue, ParamFlag... flags) {
      EnumSet<ParamFlag> flagSet = EnumSet.noneOf(ParamFlag.class);
      flagSet.addAll(List.of(flags));
      params.add(
          new ConfigParam(
              name,
              alias == null ? List.of() : List.of(alias),
              kind,
              defaultValue,
              flagSet,
              IMPLEMENTED.contains(name)));
    }
  }
}
