package io.redstone.server;

import io.redstone.server.metrics.EngineSnapshot;
import io.redstone.storage.ClientSession;
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
   * The commands parsed from one read of one connection, run together and answered in order through
   * {@code target}.
   *
   * @param inputBytes bytes read from the socket since the previous batch (for net input stats)
   */
  record CommandBatch(
      ClientSession session, List<byte[][]> commands, int inputBytes, ReplyTarget target)
      implements StorageMessage {}

  /**
   * A connection whose unsent output stopped its batch has sent enough of it: storage runs the rest
   * of its commands.
   */
  record OutputDrained(ClientSession session) implements StorageMessage {}
}
