package io.redstone.server;

import io.redstone.server.metrics.EngineSnapshot;
import io.redstone.storage.ClientSession;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * What connections send the storage verticle through their {@link StorageLink}. Messages from one
 * connection arrive in the order it sent them, so a session is registered before its first batch
 * and unregistered after its last.
 */
sealed interface StorageMessage {

  /** A client connected: register its session and count the connection. */
  record ClientConnected(ClientSession session) implements StorageMessage {}

  /** A client's connection closed: forget its session. */
  record ClientDisconnected(ClientSession session) implements StorageMessage {}

  /** A connection was refused (maxclients): counted as Redis's {@code rejected_connections}. */
  record ConnectionRejected() implements StorageMessage {}

  /**
   * A metrics scrape wants the engine's figures: {@code reply} gets a snapshot, on the storage
   * thread, and must hand it to the scrape's own thread.
   */
  record MetricsRequest(Consumer<EngineSnapshot> reply) implements StorageMessage {}

  /**
   * The commands parsed from one read of one connection, run together; their replies come back
   * through {@code replies} as one buffer, in order.
   *
   * @param inputBytes bytes read from the socket since the previous batch (for net input stats)
   * @param replies called on the storage thread with the encoded replies; it must hand them to the
   *     connection's own thread
   */
  record CommandBatch(
      ClientSession session, List<byte[][]> commands, int inputBytes, Consumer<Buffer> replies)
      implements StorageMessage {}
}
