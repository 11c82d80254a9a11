package io.redstone.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import redis.clients.jedis.Jedis;

/**
 * The image the Dockerfile builds, started as a user would start it and talked to with a Redis
 * client and over HTTP. Needs a Docker engine: where none is reachable (our build machines) the
 * whole class is skipped, and JUnit reports it as disabled because Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerImageTest {
  private static final int REDIS_PORT = 6379;
  private static final int METRICS_PORT = 9121;
  private static final String METRICS_USER = "prometheus";
  private static final String METRICS_PASSWORD = "s3cret";

  private static GenericContainer<?> container;

  @BeforeAll
  static void buildAndStart() {
    // deleteOnExit: the image is rebuilt from the working tree each run, never a stale one reused.
    ImageFromDockerfile image =
        new ImageFromDockerfile("redstone-test", true)
            .withDockerfile(ProjectFiles.root().resolve("Dockerfile"));
    // The image's own arguments and what a deployment adds to scrape it from outside the
    // container: metrics on every address of the container, behind credentials.
    container =
        new GenericContainer<>(image)
            .withCommand(
                "--bind", "0.0.0.0",
                "--dir", "/data",
                "--metrics-bind", "0.0.0.0",
                "--metrics-user", METRICS_USER,
                "--metrics-password", METRICS_PASSWORD)
            .withExposedPorts(REDIS_PORT, METRICS_PORT)
            .waitingFor(
                Wait.forLogMessage(".*Ready to accept connections.*", 1)
                    .withStartupTimeout(Duration.ofMinutes(2)));
    container.start();
  }

  @AfterAll
  static void stop() {
    if (container != null) {
      container.stop();
    }
  }

  @Test
  void answersARedisClient() {
    try (Jedis jedis = new Jedis(container.getHost(), container.getMappedPort(REDIS_PORT))) {
      assertThat(jedis.ping()).isEqualTo("PONG");
      assertThat(jedis.set("greeting", "hello")).isEqualTo("OK");
      assertThat(jedis.get("greeting")).isEqualTo("hello");
    }
  }

  @Test
  void servesMetricsOnItsOwnPortToWhoeverGivesTheCredentials() throws Exception {
    try (Jedis jedis = new Jedis(container.getHost(), container.getMappedPort(REDIS_PORT))) {
      jedis.set("counted", "1");
    }
    URI uri =
        URI.create(
            "http://"
                + container.getHost()
                + ":"
                + container.getMappedPort(METRICS_PORT)
                + "/metrics");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> refused =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
    String credentials =
        Base64.getEncoder()
            .encodeToString(
                (METRICS_USER + ":" + METRICS_PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).header("Authorization", "Basic " + credentials).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("redis_up 1.0")
        .contains("redis_commands_total{cmd=\"set\"}");
  }

  @Test
  void runsAsANonRootUserWithItsDataInTheVolume() throws Exception {
    ExecResult uid = container.execInContainer("id", "-u");
    assertThat(uid.getStdout().trim()).isNotEqualTo("0");
    ExecResult data = container.execInContainer("ls", "/data");
    assertThat(data.getStdout()).contains("appendonlydir");
  }

  @Test
  void itsHealthCheckPasses() throws Exception {
    // redis-cli inside the image is what the HEALTHCHECK runs.
    ExecResult ping = container.execInContainer("redis-cli", "-p", "6379", "ping");
    assertThat(ping.getStdout().trim()).isEqualTo("PONG");
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String status = "";
    while (System.nanoTime() < deadline) {
      status =
          container
              .getDockerClient()
              .inspectContainerCmd(container.getContainerId())
              .exec()
              .getState()
              .getHealth()
              .getStatus();
      if (status.equals("healthy")) {
        break;
      }
      Thread.sleep(1000);
    }
    assertThat(status).isEqualTo("healthy");
  }
}
