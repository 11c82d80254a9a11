package io.redstone.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.RespClient;
import io.redstone.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus endpoint over real HTTP: known traffic first, then the exact figures it must show,
 * under redis_exporter's names and types.
 */
class MetricsEndpointTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer server;
  private int metricsPort;

  @BeforeEach
  void start() {
    metricsPort = TestServer.freePort();
    server =
        TestServer.start(
            "--metrics-port", String.valueOf(metricsPort), "--enable-debug-command", "local");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void countersShowExactlyTheTrafficSent() throws Exception {
    String[][] commands = {
      {"SET", "a", "1"},
      {"SET", "b", "2"},
      {"SET", "c", "3", "EX", "100"},
      {"GET", "a"},
      {"GET", "b"},
      {"GET", "missing"},
    };
    long inputBytes = 0;
    try (RespClient client = server.connect()) {
      for (String[] command : commands) {
        inputBytes += RespClient.encode(command).length;
        client.call(command);
      }
      String text = scrape();

      assertThat(value(text, "redis_up")).isEqualTo(1);
      assertThat(value(text, "redis_commands_total{cmd=\"set\"}")).isEqualTo(3);
      assertThat(value(text, "redis_commands_total{cmd=\"get\"}")).isEqualTo(3);
      assertThat(value(text, "redis_commands_processed_total")).isEqualTo(6);
      assertThat(value(text, "redis_keyspace_hits_total")).isEqualTo(2);
      assertThat(value(text, "redis_keyspace_misses_total")).isEqualTo(1);
      assertThat(value(text, "redis_db_keys{db=\"db0\"}")).isEqualTo(3);
      assertThat(value(text, "redis_db_keys_expiring{db=\"db0\"}")).isEqualTo(1);
      assertThat(value(text, "redis_db_keys{db=\"db15\"}")).isEqualTo(0);
      assertThat(value(text, "redis_connections_received_total")).isEqualTo(1);
      assertThat(value(text, "redis_connected_clients")).isEqualTo(1);
      assertThat(value(text, "redis_net_input_bytes_total")).isEqualTo(inputBytes);
      // +OK three times, two one-byte bulk strings and a null.
      assertThat(value(text, "redis_net_output_bytes_total")).isEqualTo(3 * 5 + 2 * 7 + 5);
      assertThat(value(text, "redis_expired_keys_total")).isZero();
      assertThat(value(text, "redis_evicted_keys_total")).isZero();
      assertThat(value(text, "redis_commands_duration_seconds_total{cmd=\"set\"}")).isPositive();
      assertThat(value(text, "redis_commands_latencies_usec_count{cmd=\"set\"}")).isEqualTo(3);
      assertThat(value(text, "redis_commands_latencies_usec_bucket{cmd=\"set\",le=\"+Inf\"}"))
          .isEqualTo(3);
    }
  }

  @Test
  void typesAndLabelsAreTheExportersOwn() throws Exception {
    try (RespClient client = server.connect()) {
      client.call("CONFIG", "GET", "maxmemory");
    }
    String text = scrape();
    assertThat(text)
        .contains("# TYPE redis_commands_total counter")
        .contains("# TYPE redis_commands_duration_seconds_total counter")
        .contains("# TYPE redis_keyspace_hits_total counter")
        .contains("# TYPE redis_connected_clients gauge")
        .contains("# TYPE redis_db_keys gauge")
        .contains("# TYPE redis_commands_latencies_usec histogram");
    assertThat(value(text, "redis_commands_total{cmd=\"config|get\"}")).isEqualTo(1);
    assertThat(text)
        .containsPattern(
            "redis_instance_info\\{maxmemory_policy=\"noeviction\",os=\"[^\"]*\","
                + "process_id=\""
                + ProcessHandle.current().pid()
                + "\","
                + "redis_build_id=\"[0-9a-f]{16}\","
                + "redis_mode=\"standalone\",redis_version=\"7\\.[0-9.]+\",role=\"master\","
                + "run_id=\"[0-9a-f]{40}\",tcp_port=\""
                + server.port()
                + "\"} 1");
    assertThat(value(text, "redis_aof_enabled")).isZero();
    assertThat(value(text, "redis_aof_last_write_status")).isEqualTo(1);
    assertThat(value(text, "redis_memory_max_bytes")).isZero();
    assertThat(value(text, "redis_uptime_in_seconds")).isGreaterThanOrEqualTo(0);
    assertThat(value(text, "redstone_storage_queue_depth")).isZero();
    assertThat(text).contains("# TYPE redis_cpu_user_seconds_total counter");
    assertThat(value(text, "redis_cpu_user_seconds_total")).isPositive();
  }

  @Test
  void theLogsFsyncsAreTimed(@TempDir Path dir) throws Exception {
    int port = TestServer.freePort();
    try (TestServer logged =
        TestServer.start(
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--dir",
            dir.toString(),
            "--metrics-port",
            String.valueOf(port))) {
      try (RespClient client = logged.connect()) {
        assertThat(client.call("SET", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(client.call("SET", "k", "w")).isEqualTo("+OK\r\n");
      }
      String text = scrape(port);
      assertThat(value(text, "redis_aof_enabled")).isEqualTo(1);
      assertThat(value(text, "redis_aof_current_size_bytes")).isPositive();
      // Under always each acknowledged write was fsynced before its reply: nothing is pending.
      assertThat(value(text, "redstone_aof_fsync_seconds_count")).isGreaterThanOrEqualTo(2);
      assertThat(value(text, "redstone_aof_pending_bytes")).isZero();
      assertThat(text).contains("# TYPE redstone_aof_fsync_seconds histogram");
    }
  }

  @Test
  void vertxAndJvmMetersShareTheScrape() throws Exception {
    try (RespClient client = server.connect()) {
      client.call("PING");
      String text = scrape();
      assertThat(text).contains("vertx_net_server_active_connections");
      assertThat(text).contains("vertx_eventbus_");
      assertThat(text).contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void theMetricsPortIsAConfigDirective() {
    try (RespClient client = server.connect()) {
      assertThat(client.call("CONFIG", "GET", "metrics-port"))
          .isEqualTo(
              "*2\r\n$12\r\nmetrics-port\r\n$"
                  + String.valueOf(metricsPort).length()
                  + "\r\n"
                  + metricsPort
                  + "\r\n");
    }
  }

  @Test
  void aStorageThreadThatDoesNotAnswerShowsAsDown() throws Exception {
    try (RespClient sleeper = server.connect()) {
      // Longer than the endpoint waits for a snapshot (5 s).
      sleeper.send(RespClient.encode("DEBUG", "SLEEP", "7"));
      Thread.sleep(200);
      String text = scrape();
      assertThat(value(text, "redis_up")).isZero();
      assertThat(text).doesNotContain("redis_commands_total");
      assertThat(sleeper.readReply()).isEqualTo("+OK\r\n");
    }
    assertThat(value(scrape(), "redis_up")).isEqualTo(1);
  }

  @Test
  void otherPathsAreNotFound() throws Exception {
    HttpResponse<String> response = get("/");
    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void theEndpointIsOffAtPortZero() throws Exception {
    try (TestServer without = TestServer.start()) {
      try (RespClient client = without.connect()) {
        assertThat(client.call("CONFIG", "GET", "metrics-port"))
            .isEqualTo("*2\r\n$12\r\nmetrics-port\r\n$1\r\n0\r\n");
      }
    }
  }

  private String scrape() throws IOException, InterruptedException {
    return scrape(metricsPort);
  }

  private String scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = get(port, "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    Optional<String> type = response.headers().firstValue("Content-Type");
    assertThat(type).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    return response.body();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(metricsPort, path);
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the one sample named exactly {@code series} (name and labels). */
  private static double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
      }
    }
    throw new AssertionError("no sample " + series + " in:\n" + text);
  }
}
