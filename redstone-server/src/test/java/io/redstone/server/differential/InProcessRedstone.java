package io.redstone.server.differential;

import io.redstone.server.RedstoneServer;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Redstone started in this JVM on a free port, without persistence, in a temporary directory. */
final class InProcessRedstone implements TestServer {
  private final RedstoneServer server;
  private final int port;
  private final Path dir;

  private InProcessRedstone(RedstoneServer server, int port, Path dir) {
    this.server = server;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts Redstone or throws: a Redstone that cannot start is a bug to report, never a reason to
   * skip.
   */
  static InProcessRedstone start() {
    Path dir = LocalEnvironment.tempDir("redstone-diff-");
    int port = LocalEnvironment.freePort();
    try {
      RedstoneServer server =
          RedstoneServer.start(
                  "--port",
                  String.valueOf(port),
                  "--appendonly",
                  "no",
                  "--metrics-port",
                  "0",
                  "--dir",
                  dir.toString(),
                  "--enable-debug-command",
                  "local")
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      return new InProcessRedstone(server, port, dir);
    } catch (ExecutionException | TimeoutException e) {
      LocalEnvironment.deleteRecursively(dir);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new AssertionError(
          "Redstone did not start on port "
              + port
              + " ("
              + cause
              + "); the tests that hold it"
              + " up against Redis use it by default (-Dredstone.diff.target=redis runs them"
              + " against a redis-server instead, to check the tests themselves)",
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LocalEnvironment.deleteRecursively(dir);
      throw new AssertionError("interrupted while starting Redstone", e);
    }
  }

  @Override
  public String name() {
    return "redstone";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("Redstone did not stop cleanly", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      LocalEnvironment.deleteRecursively(dir);
    }
  }
}
