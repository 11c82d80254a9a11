package io.redstone.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.redstone.server.metrics.EngineSnapshot.CommandFigures;
import io.redstone.server.metrics.EngineSnapshot.Counters;
import io.redstone.server.metrics.EngineSnapshot.DatabaseKeys;
import io.redstone.server.metrics.EngineSnapshot.Instance;
import io.redstone.storage.PersistenceStatus;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a snapshot's figures become exposition lines, with figures chosen rather than measured. */
class RedisCollectorTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RedisCollector collector =
      new RedisCollector(new ConnectionFigures(() -> 12, () -> 1, () -> 4));

  RedisCollectorTest() {
    registry.getPrometheusRegistry().register(collector);
  }

  @Test
  void latencyBucketsAreTheEnginesCumulativeCountsWithTheRestUnderInfinity() {
    long[] cumulative = new long[EngineSnapshot.latencyBoundsNanos().length];
    Arrays.fill(cumulative, 5);
    cumulative[0] = 0;
    cumulative[1] = 2;
    // Six calls: two under 2.048 us, three more under 4.096 us, one past every bound.
    collector.latest(
        snapshot(
            new CommandFigures("get", 6, 9_000_000_000L, 1, 2, cumulative, 6, 9_000_012_000L)));
    String text = registry.scrape();
    assertThat(text)
        .contains("redis_commands_latencies_usec_bucket{cmd=\"get\",le=\"1.024\"} 0\n")
        .contains("redis_commands_latencies_usec_bucket{cmd=\"get\",le=\"2.048\"} 2\n")
        .contains("redis_commands_latencies_usec_bucket{cmd=\"get\",le=\"4.096\"} 5\n")
        .contains("redis_commands_latencies_usec_bucket{cmd=\"get\",le=\"8589934.592\"} 5\n")
        .contains("redis_commands_latencies_usec_bucket{cmd=\"get\",le=\"+Inf\"} 6\n")
        .contains("redis_commands_latencies_usec_count{cmd=\"get\"} 6\n")
        .contains("redis_commands_latencies_usec_sum{cmd=\"get\"} 9000012.0\n")
        .contains("redis_commands_duration_seconds_total{cmd=\"get\"} 9.0\n")
        .contains("redis_commands_failed_calls_total{cmd=\"get\"} 1.0\n")
        .contains("redis_commands_rejected_calls_total{cmd=\"get\"} 2.0\n");
  }

  @Test
  void queueDepthIsBatchesSentLessBatchesRun() {
    collector.latest(snapshot());
    String text = registry.scrape();
    assertThat(text)
        .contains("redstone_storage_queue_depth 3.0\n")
        .contains("redstone_paused_connections 1.0\n")
        .contains("redstone_backpressure_pauses_total 4.0\n");
  }

  @Test
  void aofSizesAppearOnlyWhileTheLogIsOnAsInInfo() {
    collector.latest(snapshot());
    assertThat(registry.scrape())
        .contains("redis_aof_enabled 0.0\n")
        .doesNotContain("redis_aof_current_size_bytes");
  }

  @Test
  void withoutASnapshotOnlyTheServerIsReportedDown() {
    collector.latest(null);
    String text = registry.scrape();
    assertThat(text).contains("redis_up 0.0\n").doesNotContain("redis_connected_clients");
  }

  private static EngineSnapshot snapshot(CommandFigures... commands) {
    return new EngineSnapshot(
        new Instance(
            "master",
            "7.2.4",
            "0123456789abcdef",
            "standalone",
            "Linux",
            "noeviction",
            "6379",
            "0".repeat(40),
            "42"),
        10,
        1_700_000_000,
        1,
        0,
        10_000,
        2_000_000,
        0,
        0,
        new Counters(1, 2, 0, 3, 4, 5, 6, 7, 0, 0),
        List.of(new DatabaseKeys(0, 3, 1)),
        List.of(commands),
        PersistenceStatus.NOTHING,
        9);
  }
}
