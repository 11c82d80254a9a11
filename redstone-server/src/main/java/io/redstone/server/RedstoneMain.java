package io.redstone.server;

import io.redstone.storage.Engine;
import io.redstone.storage.config.ConfigException;
import io.redstone.storage.config.ConfigRegistry;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar redstone.jar [config-file] [--port 6380] [--bind 127.0.0.1] ...}: starts a
 * server as {@code redis-server} does with the same arguments, and stops it cleanly on SIGTERM or
 * SIGINT with exit status 0.
 */
public final class RedstoneMain {
  private static final Logger log = LoggerFactory.getLogger(RedstoneMain.class);
  /** How long a signal waits for the server to drain before the process exits anyway. */
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private RedstoneMain() {}

  public static void main(String[] args) {
    if (CommandLine.asksForVersion(args)) {
      System.out.println(
          "Redstone server v=" + ServerVersion.redstone() + " redis_version=" + Engine.REDIS_VERSION);
      return;
    }
    CommandLine commandLine;
    ConfigRegistry config;
    try {
      commandLine = CommandLine.parse(args);
      config = commandLine.toConfig();
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println();
      System.err.println("*** FATAL CONFIG FILE ERROR (Redstone " + ServerVersion.redstone() + ") ***");
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    RedstoneServer server;
    try {
      server = RedstoneServer.start(config, commandLine.configFile()).await();
    } catch (RuntimeException e) {
      // The cause is logged by the server as it aborts.
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stopOnSignal(server), "redstone-shutdown"));
  }

  /**
   * Runs in the shutdown hook. A JVM ended by a signal exits with 128+signal even after its hooks
   * ran; Redis exits 0 after a clean shutdown, so the hook ends the process itself once the server
   * has stopped and its last log line is out.
   */
  private static void stopOnSignal(RedstoneServer server) {
    log.warn("Received shutdown signal, scheduling shutdown...");
    int status = 0;
    try {
      server.stop().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Shutdown did not complete cleanly: {}", e.toString());
      status = 1;
    }
    Runtime.getRuntime().halt(status);
  }
}
