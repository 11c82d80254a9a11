package io.redstone.server.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redstone.server.BindAddress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} in the Prometheus text format on {@code metrics-port}, on the
 * addresses of {@code metrics-bind} (the loopback unless the operator says otherwise), and, when
 * {@code metrics-user} and {@code metrics-password} are set, only to requests that give them by
 * HTTP basic auth: the others get 401 and a challenge, whatever path they ask for. Each scrape asks
 * the storage thread for one {@link EngineSnapshot} and renders it with everything else in the
 * registry; the storage thread only builds the record, and the rendering happens here, on this
 * verticle's own event loop.
 */
public final class MetricsEndpoint extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

  /** The Prometheus text format version 0.0.4, which every scraper reads. */
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * A storage thread busy longer than this (DEBUG SLEEP, a huge KEYS) gets {@code redis_up 0}
   * rather than a scrape that outlasts Prometheus's own timeout (10 s by default).
   */
  private static final long SNAPSHOT_TIMEOUT_SECONDS = 5;

  private final int port;
  private final List<BindAddress> addresses;

  /** Null when no credentials are asked for. */
  private final BasicAuth auth;

  private final PrometheusMeterRegistry registry;
  private final RedisCollector collector;
  private final SnapshotSource source;
  private final List<HttpServer> servers = new ArrayList<>();

  /** Where a scrape gets the engine's figures from. */
  @FunctionalInterface
  public interface SnapshotSource {
    /** Asks for a snapshot; {@code reply} is called on the storage thread. */
    void request(Consumer<EngineSnapshot> reply);
  }

  public MetricsEndpoint(
      MetricsSettings settings,
      PrometheusMeterRegistry registry,
      SnapshotSource source,
      ConnectionFigures connections) {
    this.port = settings.port();
    this.addresses = settings.addresses();
    this.auth = settings.auth();
    this.registry = registry;
    this.source = source;
    this.collector = new RedisCollector(connections);
    registry.getPrometheusRegistry().register(collector);
  }

  @Override
  public Future<?> start() {
    List<Future<?>> listening = new ArrayList<>();
    for (BindAddress address : addresses) {
      listening.add(listen(address));
    }
    return Future.all(listening)
        .onSuccess(
            all ->
                log.info(
                    "Metrics at http://{}:{}/metrics ({})",
                    hostForLog(),
                    port,
                    auth == null ? "no credentials asked" : "basic auth"));
  }

  private Future<?> listen(BindAddress address) {
    HttpServer server = vertx.createHttpServer().requestHandler(this::handle);
    return server
        .listen(port, address.host())
        .<Object>map(
            listening -> {
              servers.add(listening);
              return listening;
            })
        .recover(
            failure -> {
              if (address.skippableAfter(failure)) {
                log.debug("Skipping optional metrics address {}: {}", address.host(), failure);
                return Future.succeededFuture();
              }
              return Future.failedFuture(
                  new IllegalStateException(
                      "Could not listen for metrics on "
                          + address.host()
                          + ":"
                          + port
                          + ": "
                          + failure.getMessage(),
                      failure));
            });
  }

  private void handle(HttpServerRequest request) {
    if (auth != null && !auth.admits(request.getHeader(HttpHeaders.AUTHORIZATION))) {
      request
          .response()
          .setStatusCode(401)
          .putHeader("WWW-Authenticate", BasicAuth.CHALLENGE)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end("Unauthorized\n");
      return;
    }
    String path = request.path();
    if (!path.equals("/metrics")) {
      request.response().setStatusCode(404).end("Not found: try /metrics\n");
      return;
    }
    snapshot()
        .onComplete(
            snapshot -> {
              // A failed or late snapshot renders as redis_up 0, as the exporter reports a
              // server it cannot reach.
              collector.latest(snapshot.succeeded() ? snapshot.result() : null);
              String body;
              try {
                body = registry.scrape();
              } finally {
                collector.latest(null);
              }
              request.response().putHeader("Content-Type", CONTENT_TYPE).end(body);
            });
  }

  private Future<EngineSnapshot> snapshot() {
    Promise<EngineSnapshot> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            TimeUnit.SECONDS.toMillis(SNAPSHOT_TIMEOUT_SECONDS),
            id -> promise.tryFail("the storage thread did not answer in time"));
    // The reply comes on the storage thread; the rendering belongs on this one.
    source.request(
        snapshot ->
            context.runOnContext(
                v -> {
                  vertx.cancelTimer(timer);
                  promise.tryComplete(snapshot);
                }));
    return promise.future();
  }

  private String hostForLog() {
    return addresses.isEmpty() ? "" : addresses.get(0).host();
  }

  @Override
  public Future<?> stop() {
    registry.getPrometheusRegistry().unregister(collector);
    List<Future<?>> closing = new ArrayList<>();
    for (HttpServer server : servers) {
      closing.add(server.close());
    }
    return Future.join(closing);
  }
}
