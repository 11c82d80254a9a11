package io.redstone.server;

import io.redstone.config.BufferLimits;
import io.redstone.config.ConfigRegistry;
import io.redstone.protocol.ParserLimits;
import java.util.List;

/**
 * What the connection verticles need from the configuration. The registry belongs to the storage
 * thread; the values that CONFIG SET may change while connections run are copied into volatile
 * fields by change listeners (which run on the storage thread), so event loops read them safely.
 */
final class ConnectionSettings {
  /**
   * Batches one connection may have at the storage verticle before its reads pause. Enough to keep
   * a pipelining client busy; small enough that a client that never reads costs little.
   */
  static final int MAX_BATCHES_IN_FLIGHT = 8;

  private final List<BindAddress> bindAddresses;
  private final int port;
  private final int tcpBacklog;
  private volatile ParserLimits parserLimits;
  private volatile int maxClients;
  private volatile boolean passwordRequired;
  private volatile long outputHighWater;
  private volatile BufferLimits.Limit outputLimit;
  private volatile BufferLimits.Limit pubsubOutputLimit;

  private ConnectionSettings(List<BindAddress> bindAddresses, int port, int tcpBacklog) {
    this.bindAddresses = bindAddresses;
    this.port = port;
    this.tcpBacklog = tcpBacklog;
  }

  /** Reads the settings and follows later changes. Call before the storage thread runs. */
  static ConnectionSettings from(ConfigRegistry config) {
    String backlog = config.get("tcp-backlog");
    ConnectionSettings settings =
        new ConnectionSettings(
            BindAddress.parseAll(config.get("bind")),
            config.getInt("port"),
            backlog == null ? 511 : Integer.parseInt(backlog));
    settings.parserLimits = limits(Long.parseLong(config.get("proto-max-bulk-len")));
    settings.maxClients = config.getInt("maxclients");
    config.onChange(
        "proto-max-bulk-len", value -> settings.parserLimits = limits(Long.parseLong(value)));
    config.onChange("maxclients", value -> settings.maxClients = Integer.parseInt(value));
    settings.passwordRequired = !config.get("requirepass").isEmpty();
    config.onChange("requirepass", value -> settings.passwordRequired = !value.isEmpty());
    settings.outputLimit = limit(config.get("client-output-buffer-limit"), "normal");
    settings.pubsubOutputLimit = limit(config.get("client-output-buffer-limit"), "pubsub");
    config.onChange(
        "client-output-buffer-limit",
        value -> {
          settings.outputLimit = limit(value, "normal");
          settings.pubsubOutputLimit = limit(value, "pubsub");
        });
    settings.outputHighWater = config.getLong("client-output-high-water");
    config.onChange(
        "client-output-high-water", value -> settings.outputHighWater = Long.parseLong(value));
    return settings;
  }

  private static ParserLimits limits(long maxBulkLength) {
    ParserLimits defaults = ParserLimits.REDIS_DEFAULTS;
    return new ParserLimits(
        maxBulkLength, defaults.maxInlineLength(), defaults.maxMultibulkLength());
  }

  List<BindAddress> bindAddresses() {
    return bindAddresses;
  }

  /** The TCP port; 0 means no TCP listener, as in Redis. */
  int port() {
    return port;
  }

  int tcpBacklog() {
    return tcpBacklog;
  }

  /** Limits for parsers created from now on. */
  ParserLimits parserLimits() {
    return parserLimits;
  }

  int maxClients() {
    return maxClients;
  }

  /**
   * Whether a new connection starts unauthenticated. The connection needs it before its first read,
   * which may be parsed before the storage thread has registered the session.
   */
  boolean passwordRequired() {
    return passwordRequired;
  }

  /**
   * Unsent output past which storage stops running a connection's pipelined commands and the
   * connection stops reading; both go on below half of it.
   */
  long outputHighWater() {
    return outputHighWater;
  }

  /**
   * {@code client-output-buffer-limit}'s {@code normal} class: the unsent output past which a
   * client is cut off (hard), or cut off once it has stayed past the soft limit for its seconds.
   * Zero turns a limit off, as the default {@code normal 0 0 0} does.
   */
  BufferLimits.Limit outputLimit() {
    return outputLimit;
  }

  /**
   * The {@code pubsub} class: the limits of a client subscribed to any channel, pattern or shard
   * channel (by default {@code 32mb 8mb 60}).
   */
  BufferLimits.Limit pubsubOutputLimit() {
    return pubsubOutputLimit;
  }

  private static BufferLimits.Limit limit(String canonical, String clientClass) {
    BufferLimits.Limit limit = BufferLimits.parseCanonical(canonical).get(clientClass);
    return limit == null ? new BufferLimits.Limit(0, 0, 0) : limit;
  }
}
