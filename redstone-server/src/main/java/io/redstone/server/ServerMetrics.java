package io.redstone.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the connection layer measures, written from every event loop. The engine's own counters live
 * in {@code EngineStats} on the storage thread; these are the ones only sockets know.
 */
public final class ServerMetrics {
  private final AtomicInteger connectedClients = new AtomicInteger();
  private final AtomicInteger pausedConnections = new AtomicInteger();
  private final LongAdder backpressurePauses = new LongAdder();

  /** Per batch, not per command, and on the connection loops: never on the storage thread. */
  private final LongAdder batchesSent = new LongAdder();

  /** Open client connections. */
  public int connectedClients() {
    return connectedClients.get();
  }

  /** Connections whose reads are paused right now because the client is not keeping up. */
  public int pausedConnections() {
    return pausedConnections.get();
  }

  /** How often any connection was paused for backpressure since the start. */
  public long backpressurePauses() {
    return backpressurePauses.sum();
  }

  /** Command batches sent to the storage verticle since the start. */
  public long batchesSent() {
    return batchesSent.sum();
  }

  void batchSent() {
    batchesSent.increment();
  }

  /** Counts a new connection; returns how many are open including it. */
  int clientConnected() {
    return connectedClients.incrementAndGet();
  }

  void clientDisconnected() {
    connectedClients.decrementAndGet();
  }

  void connectionPaused() {
    pausedConnections.incrementAndGet();
    backpressurePauses.increment();
  }

  void connectionResumed() {
    pausedConnections.decrementAndGet();
  }
}
