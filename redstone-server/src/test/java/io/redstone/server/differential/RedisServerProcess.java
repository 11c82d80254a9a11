package io.redstone.server.differential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} child process on a free port, without persistence, with its working
 * directory (and log) in a temporary directory that is removed when it stops.
 */
final class RedisServerProcess implements TestServer {
  static final String MISSING =
      "redis-server not found on PATH; install Debian's redis-server to run the differential suite";

  private static final Duration STARTUP = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final int port;
  private final Path dir;

  private RedisServerProcess(String name, Process process, int port, Path dir) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Starts one; retries with another port if the chosen one was taken in the meantime. */
  static RedisServerProcess start(Path binary, String name) {
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return startOnce(binary, name, LocalEnvironment.freePort());
      } catch (IllegalStateException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static RedisServerProcess startOnce(Path binary, String name, int port) {
    Path dir = LocalEnvironment.tempDir("redstone-diff-redis-");
    Path log = dir.resolve("redis.log");
    Process process;
    try {
      process =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "--port",
                      String.valueOf(port),
                      "--bind",
                      "127.0.0.1",
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--dir",
                      dir.toString(),
                      "--daemonize",
                      "no",
                      "--enable-debug-command",
                      "local"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      LocalEnvironment.deleteRecursively(dir);
      throw new UncheckedIOException(e);
    }
    RedisServerProcess server = new RedisServerProcess(name, process, port, dir);
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (RespClient client = RespClient.connect(port, Duration.ofSeconds(2))) {
        if (new String(client.call("PING").raw(), StandardCharsets.UTF_8).equals("+PONG\r\n")) {
          return server;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      sleep(50);
    }
    String output = readLog(log);
    server.close();
    throw new IllegalStateException(
        "redis-server did not start on port " + port + "; its output:\n" + output);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int port() {
    return port;
  }

  /** SHUTDOWN NOSAVE, then the process is destroyed if it is still there; the directory goes. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try (RespClient client = RespClient.connect(port, Duration.ofSeconds(2))) {
        client.call("SHUTDOWN", "NOSAVE");
      } catch (IOException expected) {
        // the connection closes as the server exits
      }
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    LocalEnvironment.deleteRecursively(dir);
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }
}
