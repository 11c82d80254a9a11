package io.redstone.server;

import io.vertx.core.Future;

/**
 * A running Redstone: what {@code main} starts, and what tests start in-process on a free port.
 * PLACEHOLDER signature; the implementation lands with the Vert.x front end.
 */
public final class RedstoneServer {
  private RedstoneServer() {}

  /**
   * Starts a server configured as {@code redis-server} would be by the same arguments: an optional
   * config file first, then {@code --directive value...} pairs. Completes once the server
   * accepts connections. Tests pass a free port they chose; as in Redis, port 0 means no TCP.
   */
  public static Future<RedstoneServer> start(String... args) {
    return Future.failedFuture(new UnsupportedOperationException("not implemented yet"));
  }

  /** The TCP port actually bound (useful with {@code --port 0}). */
  public int port() {
    throw new UnsupportedOperationException();
  }

  /** Stops accepting, lets in-flight replies drain, and releases everything it started. */
  public Future<Void> stop() {
    return Future.succeededFuture();
  }
}
