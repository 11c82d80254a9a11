package io.redstone.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Redstone in a process of its own, started from the test class path, so a test can kill it with
 * SIGKILL as a crash would and start it again on the same data directory.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final List<String> output = new ArrayList<>();

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code RedstoneMain} with the given directives on a free port; waits until ready. */
  public static ServerProcess start(String... directives) throws IOException, InterruptedException {
    return start(List.of(), directives);
  }

  /** As {@link #start(String...)}, with JVM options such as a small {@code -Xmx}. */
  public static ServerProcess start(List<String> jvmOptions, String... directives)
      throws IOException, InterruptedException {
    int port = TestServer.freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.redstone.server.RedstoneMain");
    command.add("--port");
    command.add(String.valueOf(port));
    command.add("--bind");
    command.add("127.0.0.1");
    command.add("--metrics-port");
    command.add("0");
    command.addAll(List.of(directives));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ServerProcess server = new ServerProcess(process, port);
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (server.output) {
                    server.output.add(line);
                  }
                  if (line.contains("Ready to accept connections")) {
                    ready.countDown();
                  }
                }
              } catch (IOException ignored) {
                // the process died; its output ends here
              }
            },
            "server-process-output-" + port);
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not become ready:\n" + server.output());
    }
    return server;
  }

  public int port() {
    return port;
  }

  /** Everything the process printed so far. */
  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** SIGKILL: no shutdown hook, no flush, as a crash or the OOM killer. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
