package io.redstone.server;

import io.redstone.server.StorageMessage.ConnectionRejected;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts clients. One instance runs per connection event loop (with {@code io-threads 1}, a single
 * instance on the storage verticle's loop); each listens on every bind address (Vert.x shares the
 * port between the instances and spreads connections over them) and serves its connections on its
 * own loop.
 */
public final class ConnectionVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ConnectionVerticle.class);
  private volatile Thread loopThread;

  /** How long shutdown waits for connections to write the replies still owed. */
  static final long DRAIN_SECONDS = 10;

  private static final Buffer MAX_CLIENTS_REACHED =
      Buffer.buffer("-ERR max number of clients reached\r\n");

  private final ConnectionSettings settings;
  private final ServerMetrics metrics;
  private final AtomicLong clientIds;
  private final List<NetServer> servers = new ArrayList<>();
  private final Set<ClientConnection> connections = new LinkedHashSet<>();
  private final StorageVerticle storage;
  private StorageLink toStorage;

  ConnectionVerticle(
      ConnectionSettings settings,
      ServerMetrics metrics,
      AtomicLong clientIds,
      StorageVerticle storage) {
    this.settings = settings;
    this.metrics = metrics;
    this.clientIds = clientIds;
    this.storage = storage;
  }

  /** The event loop thread this verticle runs on, known once it has started. */
  Thread loopThread() {
    return loopThread;
  }

  @Override
  public Future<?> start() {
    loopThread = Thread.currentThread();
    toStorage = storage.linkFrom(context);
    if (settings.port() == 0) {
      return Future.succeededFuture();
    }
    List<Future<?>> listening = new ArrayList<>();
    for (BindAddress address : settings.bindAddresses()) {
      listening.add(listen(address));
    }
    return Future.all(listening);
  }

  private Future<?> listen(BindAddress address) {
    NetServerOptions options =
        new NetServerOptions().setTcpNoDelay(true).setAcceptBacklog(settings.tcpBacklog());
    NetServer server = vertx.createNetServer(options).connectHandler(this::accept);
    return server
        .listen(settings.port(), address.host())
        .<Object>map(
            listening -> {
              servers.add(listening);
              return listening;
            })
        .recover(
            failure -> {
              if (address.skippableAfter(failure)) {
                log.debug("Skipping optional bind address {}: {}", address.host(), failure);
                return Future.succeededFuture();
              }
              return Future.failedFuture(
                  new IllegalStateException(
                      "Could not create server TCP listening socket "
                          + address.host()
                          + ":"
                          + settings.port()
                          + ": "
                          + failure.getMessage(),
                      failure));
            });
  }

  private void accept(NetSocket socket) {
    if (metrics.clientConnected() > settings.maxClients()) {
      metrics.clientDisconnected();
      socket.write(MAX_CLIENTS_REACHED).onComplete(ar -> socket.close());
      toStorage.send(new ConnectionRejected());
      return;
    }
    ClientConnection connection =
        new ClientConnection(
            socket,
            context,
            toStorage,
            settings,
            metrics,
            storage::push,
            clientIds.getAndIncrement());
    connections.add(connection);
    connection.closed().onComplete(ar -> connections.remove(connection));
    connection.start();
  }

  /**
   * Stops accepting, asks every connection to finish writing the replies it owes and close, and
   * waits for them up to {@link #DRAIN_SECONDS}.
   */
  @Override
  public Future<?> stop() {
    List<Future<?>> drained = new ArrayList<>();
    for (NetServer server : servers) {
      // Calls each connection's shutdown handler, which drains it; force-closes after the timeout.
      drained.add(server.shutdown(DRAIN_SECONDS, TimeUnit.SECONDS));
    }
    // Also directly: a shared port's server may hand shutdown to one instance only.
    for (ClientConnection connection : List.copyOf(connections)) {
      connection.closeWhenAnswered();
      drained.add(connection.closed());
    }
    long forceClose =
        vertx.setTimer(
            TimeUnit.SECONDS.toMillis(DRAIN_SECONDS),
            id -> List.copyOf(connections).forEach(ClientConnection::forceClose));
    return Future.join(drained).onComplete(ar -> vertx.cancelTimer(forceClose));
  }
}
