package io.redstone.server.testing;

import io.redstone.server.RedstoneServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An in-process Redstone on a free port, for tests: {@code try (TestServer server =
 * TestServer.start()) { ... }}. It binds 127.0.0.1 only, never 6379, and stops on close.
 */
public final class TestServer implements AutoCloseable {
  private static final long START_STOP_SECONDS = 30;

  private final RedstoneServer server;

  private TestServer(RedstoneServer server) {
    this.server = server;
  }

  /**
   * Starts a server on a free port of 127.0.0.1. Extra arguments are {@code redis-server}-style
   * directives ({@code "--hz", "100"}); a {@code --port}, {@code --bind} or {@code --metrics-port}
   * among them wins.
   */
  public static TestServer start(String... directives) {
    List<String> args = new ArrayList<>(List.of("--port", String.valueOf(freePort())));
    args.addAll(List.of("--bind", "127.0.0.1"));
    // In memory unless a test asks for persistence (and then names a directory of its own).
    args.addAll(List.of("--appendonly", "no", "--save", ""));
    // No metrics endpoint unless a test asks for one: parallel servers would fight over 9121.
    args.addAll(List.of("--metrics-port", "0"));
    args.addAll(List.of(directives));
    try {
      RedstoneServer server =
          RedstoneServer.start(args.toArray(String[]::new))
              .await(START_STOP_SECONDS, TimeUnit.SECONDS);
      return new TestServer(server);
    } catch (TimeoutException e) {
      throw new IllegalStateException("server did not start in time", e);
    }
  }

  /** A TCP port nobody listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.port();
  }

  public RedstoneServer server() {
    return server;
  }

  /** A raw RESP connection to this server. */
  public RespClient connect() {
    return RespClient.connect("127.0.0.1", port());
  }

  @Override
  public void close() {
    try {
      server.stop().await(START_STOP_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("server did not stop in time", e);
    }
  }
}
