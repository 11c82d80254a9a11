package io.redstone.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redstone.config.ConfigFileException;
import io.redstone.config.ConfigRegistry;
import io.redstone.server.StorageMessage.MetricsRequest;
import io.redstone.server.logging.LogSettings;
import io.redstone.server.metrics.ConnectionFigures;
import io.redstone.server.metrics.MetricsEndpoint;
import io.redstone.server.metrics.MetricsSettings;
import io.redstone.server.persistence.PersistenceSetup;
import io.redstone.storage.Engine;
import io.redstone.storage.RunIds;
import io.redstone.storage.ServerIdentity;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Redstone: what {@code main} starts, and what tests start in-process on a free port. It
 * owns one Vert.x instance with the storage verticle (the engine's single thread), the connection
 * verticles (on the storage verticle's loop with {@code io-threads 1}, on loops of their own
 * otherwise; see {@link VertxSetup}) and the metrics endpoint.
 */
public final class RedstoneServer {
  private static final Logger log = LoggerFactory.getLogger(RedstoneServer.class);

  /** Redis 7 hands its first TCP client id 3; clients that print ids see the same numbers. */
  private static final long FIRST_CLIENT_ID = 3;

  private final VertxSetup runtime;
  private final int port;
  private final ServerMetrics metrics;
  private volatile String storageDeployment;
  private volatile String connectionDeployment;
  private volatile String metricsDeployment;

  /** Whether every connection verticle runs on the storage verticle's event loop. */
  private volatile boolean sharedLoop;

  private Future<Void> stopped;

  /** What SHUTDOWN does: stop this server, unless the process owner wants more (exit). */
  private volatile Runnable shutdownAction = this::stop;

  /**
   * What a broken promise of durability does (a failed fsync under appendfsync always): Redis
   * exits; an embedded server stops.
   */
  private volatile Runnable fatalAction = this::stop;

  private RedstoneServer(VertxSetup runtime, int port, ServerMetrics metrics) {
    this.runtime = runtime;
    this.port = port;
    this.metrics = metrics;
  }

  /** Whether connections are served on the storage verticle's thread, as io-threads 1 asks. */
  boolean connectionsOnStorageThread() {
    return sharedLoop;
  }

  /**
   * Starts a server configured as {@code redis-server} would be by the same arguments: an optional
   * config file first, then {@code --directive value...} pairs. Completes once the server accepts
   * connections. Tests pass a free port they chose; as in Redis, port 0 means no TCP.
   */
  public static Future<RedstoneServer> start(String... args) {
    StartupConfig startup;
    try {
      startup = StartupConfig.load(args);
    } catch (ConfigFileException e) {
      return Future.failedFuture(new IllegalArgumentException(e.report(Engine.REDIS_VERSION), e));
    }
    return start(startup);
  }

  /** Starts a server with a configuration already read. */
  static Future<RedstoneServer> start(StartupConfig startup) {
    ConfigRegistry config = startup.config();
    Path configFile = startup.configFile();
    try {
      LogSettings.follow(config);
    } catch (IllegalStateException e) {
      log.warn("{}", e.getMessage());
      return Future.failedFuture(e);
    }
    log.info("oO0OoO0OoO0Oo Redstone is starting oO0OoO0OoO0Oo");
    log.info(
        "Redstone version={}, redis_version={}, bits=64, pid={}, just started",
        ServerVersion.redstone(),
        Engine.REDIS_VERSION,
        ProcessHandle.current().pid());
    ConnectionSettings settings;
    try {
      settings = ConnectionSettings.from(config);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    log.info("Configuration loaded");
    warnAboutIgnoredSettings(startup);
    MetricsSettings metricsSettings;
    try {
      metricsSettings = MetricsSettings.from(config);
    } catch (RuntimeException e) {
      log.warn("{}", e.getMessage());
      return Future.failedFuture(e);
    }
    if (metricsSettings.enabled()
        && metricsSettings.auth() == null
        && metricsSettings.reachableFromOtherHosts()) {
      log.warn(
          "The metrics endpoint listens beyond the loopback (metrics-bind {}) and asks for no"
              + " credentials: any host that reaches port {} reads key counts and command counts."
              + " Set metrics-user and metrics-password, or see docs/metrics.md.",
          config.get("metrics-bind"),
          metricsSettings.port());
    }
    PrometheusMeterRegistry registry =
        metricsSettings.enabled() ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
    VertxSetup runtime = VertxSetup.create(registry, config.getInt("io-threads"));
    Vertx vertx = runtime.vertx();
    vertx.eventBus().registerCodec(new LocalMessageCodec());
    ServerIdentity identity =
        new ServerIdentity(
            ProcessHandle.current().pid(),
            RunIds.random(),
            runtime.transport(),
            ServerVersion.executable(),
            configFile == null ? "" : configFile.toString(),
            System.currentTimeMillis());
    Engine engine = new Engine(config, identity, System::currentTimeMillis);
    log.info("Transport: {} (multiplexing_api:{})", runtime.transport(), runtime.transport());
    ServerMetrics metrics = new ServerMetrics();
    AtomicLong clientIds = new AtomicLong(FIRST_CLIENT_ID);
    RedstoneServer server = new RedstoneServer(runtime, settings.port(), metrics);
    engine.onShutdownRequest(() -> server.shutdownAction.run());
    PersistenceSetup persistence;
    try {
      persistence =
          PersistenceSetup.load(
              config, engine, ServerVersion.redstone(), () -> server.fatalAction.run());
    } catch (RuntimeException e) {
      log.warn("{}", e.getMessage());
      vertx.close();
      return Future.failedFuture(e);
    }
    if (registry != null) {
      observePersistence(persistence, registry);
    }
    // Storage first: a connection's first message must find its consumer registered. Then the
    // metrics endpoint, then connections: Vert.x hands event loops to deployments in turn, and this
    // order gives the endpoint a loop of its own (a long command must not stall the scrape meant to
    // report it) and, with io-threads 1, puts the connections back on the storage verticle's loop.
    // Completed from outside Vert.x: a future bound to one of its contexts could not complete
    // once a failed start has closed Vert.x and stopped that context's thread.
    Promise<RedstoneServer> started = Promise.promise();
    StorageVerticle storage = new StorageVerticle(engine, persistence::create);
    List<ConnectionVerticle> connectionVerticles = new CopyOnWriteArrayList<>();
    vertx
        .deployVerticle(storage)
        .compose(
            storageId -> {
              server.storageDeployment = storageId;
              log.info("Running mode=standalone, port={}.", settings.port());
              log.info("Server initialized");
              if (registry == null) {
                return Future.succeededFuture((String) null);
              }
              return vertx.deployVerticle(
                  new MetricsEndpoint(
                      metricsSettings,
                      registry,
                      storageSnapshots(vertx),
                      new ConnectionFigures(
                          metrics::batchesSent,
                          metrics::pausedConnections,
                          metrics::backpressurePauses)));
            })
        .compose(
            endpointId -> {
              server.metricsDeployment = endpointId;
              return vertx.deployVerticle(
                  () -> {
                    ConnectionVerticle connections =
                        new ConnectionVerticle(settings, metrics, clientIds, storage);
                    connectionVerticles.add(connections);
                    return connections;
                  },
                  new DeploymentOptions().setInstances(runtime.connectionLoops()));
            })
        .onSuccess(
            connectionsId -> {
              server.connectionDeployment = connectionsId;
              server.sharedLoop =
                  connectionVerticles.stream()
                      .allMatch(c -> c.loopThread() == storage.loopThread());
              if (runtime.sharedStorageLoop() && !server.sharedLoop) {
                log.warn(
                    "io-threads 1: connections run on a loop of their own, not on the storage"
                        + " thread; expect more thread hand-offs per request");
              }
              log.info(
                  settings.port() > 0
                      ? "Ready to accept connections tcp"
                      : "Ready to accept connections");
              started.complete(server);
            })
        .onFailure(
            failure -> {
              log.warn("{}", failure.getMessage());
              log.warn("Failed listening on port {} (tcp), aborting.", settings.port());
              vertx.close().onComplete(closed -> started.fail(failure));
            });
    return started.future();
  }

  /**
   * Redstone's own log meters: fsync time as a histogram and the bytes no fsync covers yet. Both
   * are recorded on the log's thread, so Micrometer's timer costs the storage thread nothing.
   */
  private static void observePersistence(PersistenceSetup persistence, MeterRegistry registry) {
    Timer fsync =
        Timer.builder("redstone.aof.fsync")
            .description("Time each fsync of the append-only log took")
            .publishPercentileHistogram()
            // A good disk syncs in tens of microseconds; a struggling one takes seconds.
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    LongSupplier unsynced =
        persistence.observeFiles(nanos -> fsync.record(nanos, TimeUnit.NANOSECONDS));
    Gauge.builder("redstone.aof.pending", unsynced::getAsLong)
        .description("Bytes written to the append-only log that no fsync covers yet")
        .baseUnit("bytes")
        .register(registry);
  }

  /** Snapshots come from the storage verticle, queued behind the batches already sent to it. */
  private static MetricsEndpoint.SnapshotSource storageSnapshots(Vertx vertx) {
    DeliveryOptions delivery =
        new DeliveryOptions().setLocalOnly(true).setCodecName(LocalMessageCodec.NAME);
    return reply ->
        vertx.eventBus().send(StorageVerticle.ADDRESS, new MetricsRequest(reply), delivery);
  }

  /**
   * Settings Redis would act on and Redstone accepts without acting on are named once, at start-up
   * or when CONFIG SET first changes them, so nobody tunes a knob believing it works.
   */
  private static void warnAboutIgnoredSettings(StartupConfig startup) {
    ConfigRegistry config = startup.config();
    for (String directive : startup.unsupportedDirectives()) {
      log.warn("Directive '{}' is not supported by Redstone and was ignored", directive);
    }
    List<String> unimplemented = config.unimplementedChanges();
    for (String name : unimplemented) {
      log.warn("Setting '{}' has no effect in Redstone (accepted for compatibility)", name);
    }
    config.markUnimplementedReported(unimplemented);
    config.onUnimplementedChange(
        name ->
            log.warn("Setting '{}' has no effect in Redstone (accepted for compatibility)", name));
  }

  /**
   * Replaces what the SHUTDOWN command does (by default, {@link #stop()}); the action runs on the
   * storage thread and must not block it.
   */
  public void onShutdownCommand(Runnable action) {
    this.shutdownAction = action;
  }

  /** Replaces what a fatal persistence error does (by default, {@link #stop()}). */
  public void onFatalError(Runnable action) {
    this.fatalAction = action;
  }

  /** The TCP port the server listens on, or 0 when it does not listen on TCP. */
  public int port() {
    return port;
  }

  /** {@code epoll} or {@code nio}. */
  public String transport() {
    return runtime.transport();
  }

  /** Connection-layer counters (open and paused connections). */
  public ServerMetrics metrics() {
    return metrics;
  }

  /**
   * Stops accepting, lets in-flight replies drain, and releases everything it started: connection
   * verticles first (they drain), then storage, then Vert.x. Calling it again returns the same
   * future.
   */
  public synchronized Future<Void> stop() {
    if (stopped == null) {
      log.info("User requested shutdown...");
      Vertx vertx = runtime.vertx();
      // A promise bound to no context: it must still complete after Vert.x's threads are gone.
      Promise<Void> done = Promise.promise();
      // Connections drain first: their last replies still come from storage.
      undeploy(vertx, metricsDeployment)
          .eventually(() -> undeploy(vertx, connectionDeployment))
          .eventually(() -> undeploy(vertx, storageDeployment))
          .onComplete(
              undeployed ->
                  vertx
                      .close()
                      .onComplete(
                          closed -> {
                            log.info("Redstone is now ready to exit, bye bye...");
                            done.handle(closed);
                          }));
      stopped = done.future();
    }
    return stopped;
  }

  private static Future<Void> undeploy(Vertx vertx, String deploymentId) {
    return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
  }
}
