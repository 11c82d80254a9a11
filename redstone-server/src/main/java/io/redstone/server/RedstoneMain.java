package io.redstone.server;

import io.redstone.config.ConfigFileException;
import io.redstone.persistence.aof.AofCheck;
import io.redstone.storage.Engine;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar redstone.jar [config-file] [--port 6380] [--bind 127.0.0.1] ...}: starts a
 * server as {@code redis-server} does with the same arguments, and stops it cleanly on SIGTERM or
 * SIGINT with exit status 0. {@code java -jar redstone.jar --check-aof DIR [--fix]} checks (and
 * repairs) an append-only log instead, as {@code redis-check-aof}.
 */
public final class RedstoneMain {
  private static final Logger log = LoggerFactory.getLogger(RedstoneMain.class);

  /** How long a signal waits for the server to drain before the process exits anyway. */
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private RedstoneMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("--check-aof")) {
      System.exit(AofCheck.run(Arrays.copyOfRange(args, 1, args.length), System.out));
      return;
    }
    if (asksForVersion(args)) {
      System.out.println(
          "Redstone server v="
              + ServerVersion.redstone()
              + " redis_version="
              + Engine.REDIS_VERSION);
      return;
    }
    StartupConfig startup;
    try {
      startup = StartupConfig.load(args);
    } catch (ConfigFileException e) {
      System.err.println(e.report(Engine.REDIS_VERSION));
      System.exit(1);
      return;
    }
    RedstoneServer server;
    try {
      server = RedstoneServer.start(startup).await();
    } catch (RuntimeException e) {
      // The cause is logged by the server as it aborts.
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stopOnSignal(server), "redstone-shutdown"));
    // SHUTDOWN arrives on the storage thread, which stop() needs: exit from a thread of our own.
    server.onFatalError(() -> Runtime.getRuntime().halt(1));
    server.onShutdownCommand(
        () -> new Thread(() -> stopAndExit(server), "redstone-shutdown-command").start());
  }

  /** {@code --version} or {@code -v} alone: print the version and exit, as redis-server. */
  private static boolean asksForVersion(String... args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-v"));
  }

  /**
   * Runs in the shutdown hook. A JVM ended by a signal exits with 128+signal even after its hooks
   * ran; Redis exits 0 after a clean shutdown, so the hook ends the process itself once the server
   * has stopped and its last log line is out.
   */
  private static void stopOnSignal(RedstoneServer server) {
    log.warn("Received shutdown signal, scheduling shutdown...");
    stopAndExit(server);
  }

  /** Stops the server, then ends the process: 0 after a clean stop, 1 if it did not finish. */
  private static void stopAndExit(RedstoneServer server) {
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
