package io.redstone.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Vert.x instance a server runs on: the native epoll transport when it loads (NIO with a
 * warning otherwise), its event loops, and Vert.x's own meters (net server, event bus, event loops,
 * JVM) in the server's Micrometer registry.
 *
 * <p>The loops follow {@code io-threads}, Redis's count of threads that do network I/O. With 1,
 * Redis's default, connections are served on the storage verticle's loop: one thread parses, runs
 * and answers, as Redis's main thread does, and a request costs no hand-off between threads
 * (measured in docs/performance.md: on two cores this is what reaches Redis's throughput). With N
 * above 1, N - 1 loops serve connections beside the storage loop, for machines with cores to spare
 * for parsing and socket work. The metrics endpoint, when served, always has a loop of its own.
 * Verticles take loops in the order they are deployed, which is how the server places them.
 *
 * @param vertx the instance
 * @param transport {@code epoll} or {@code nio}, as {@code INFO server}'s multiplexing_api says
 * @param connectionLoops how many connection verticle instances to deploy
 * @param sharedStorageLoop whether those instances are meant to share the storage verticle's loop
 */
record VertxSetup(Vertx vertx, String transport, int connectionLoops, boolean sharedStorageLoop) {
  private static final Logger log = LoggerFactory.getLogger(VertxSetup.class);

  /**
   * The storage loop may legitimately run long (DEBUG SLEEP, a big KEYS): warn after this long
   * without a stack trace, as Redis's latency monitor would note it, and trace only far beyond.
   */
  private static final long MAX_EVENT_LOOP_EXECUTE_SECONDS = 10;

  private static final long STACK_TRACE_AFTER_SECONDS = 120;

  /**
   * @param metrics the registry Vert.x reports into, or null for no Vert.x metrics at all (the
   *     metrics port is off), so a server without an endpoint pays nothing for them
   * @param ioThreads the {@code io-threads} setting, at least 1
   */
  static VertxSetup create(MeterRegistry metrics, int ioThreads) {
    boolean shared = ioThreads <= 1;
    int connectionLoops = shared ? 1 : ioThreads - 1;
    int loops = 1 + (metrics == null ? 0 : 1) + (shared ? 0 : connectionLoops);
    VertxOptions options =
        new VertxOptions()
            .setEventLoopPoolSize(loops)
            .setPreferNativeTransport(true)
            .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_EXECUTE_SECONDS)
            .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS)
            .setWarningExceptionTime(STACK_TRACE_AFTER_SECONDS)
            .setWarningExceptionTimeUnit(TimeUnit.SECONDS)
            .setBlockedThreadCheckInterval(5)
            .setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS);
    Transport transport = Transport.EPOLL;
    if (!transport.available()) {
      log.warn(
          "Native epoll transport unavailable, falling back to NIO: {}",
          String.valueOf(transport.unavailabilityCause()));
      transport = Transport.NIO;
    }
    VertxBuilder builder = Vertx.builder();
    if (metrics != null) {
      options.setMetricsOptions(
          new MicrometerMetricsOptions()
              .setEnabled(true)
              .setJvmMetricsEnabled(true)
              // Netty's executor meters are the event loops' pending tasks.
              .setNettyMetricsEnabled(true)
              .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
              .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
              .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET));
      builder.withMetrics(new MicrometerMetricsFactory(metrics));
    }
    Vertx vertx = builder.with(options).withTransport(transport).build();
    String name = vertx.isNativeTransportEnabled() ? "epoll" : "nio";
    return new VertxSetup(vertx, name, connectionLoops, shared);
  }
}
