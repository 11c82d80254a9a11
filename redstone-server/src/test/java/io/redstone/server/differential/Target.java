package io.redstone.server.differential;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which server the tests hold up against real Redis, chosen by the system property {@value
 * #PROPERTY}: {@code redstone} (the default) or {@code redis}, which runs the same scripts
 * redis-server against redis-server to check the scripts themselves.
 */
enum Target {
  REDSTONE,
  REDIS;

  static final String PROPERTY = "redstone.diff.target";

  static Target selected() {
    String value = System.getProperty(PROPERTY, "redstone").strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "redstone" -> REDSTONE;
      case "redis" -> REDIS;
      default -> throw new IllegalArgumentException(
          "-D" + PROPERTY + "=" + value + ": expected redstone or redis");
    };
  }

  /** Starts the selected server; {@code redisServer} is used only for {@link #REDIS}. */
  TestServer start(Path redisServer) {
    return switch (this) {
      case REDSTONE -> InProcessRedstone.start();
      case REDIS -> RedisServerProcess.start(redisServer, "redis-server (as target)");
    };
  }
}
