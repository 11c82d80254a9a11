package io.redstone.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redstone.server.RedstoneServer;
import io.redstone.server.testing.RespClient;
import io.redstone.server.testing.TestServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Who can read the Prometheus endpoint: by default only the loopback, whatever {@code bind} says;
 * {@code metrics-bind} opens it where asked; {@code metrics-user} and {@code metrics-password} make
 * every request show HTTP basic-auth credentials. Over real sockets and real HTTP.
 */
class MetricsAccessTest {
  private static final String LOOPBACK = "127.0.0.1";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void byDefaultTheEndpointListensOnTheLoopbackOnlyWhateverBindSays() throws Exception {
    String outside = nonLoopbackAddress();
    int metricsPort = TestServer.freePort();
    // The server itself listens on the outside address too, so that address is reachable: only
    // the metrics port is closed there.
    try (TestServer server =
        TestServer.start(
            "--bind", outside + " " + LOOPBACK, "--metrics-port", String.valueOf(metricsPort))) {
      try (RespClient client = RespClient.connect(outside, server.port())) {
        assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
        assertThat(client.call("CONFIG", "GET", "metrics-bind"))
            .isEqualTo("*2\r\n$12\r\nmetrics-bind\r\n$14\r\n127.0.0.1 -::1\r\n");
      }
      assertThat(get(LOOPBACK, metricsPort, "/metrics", null).statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> connect(outside, metricsPort)).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void metricsBindOpensTheEndpointWhereItSaysAndNowhereElse() throws Exception {
    String outside = nonLoopbackAddress();
    int metricsPort = TestServer.freePort();
    try (TestServer server =
        TestServer.start(
            "--metrics-port",
            String.valueOf(metricsPort),
            "--metrics-bind",
            outside,
            "--metrics-user",
            "prometheus",
            "--metrics-password",
            "s3cret")) {
      HttpResponse<String> response =
          get(outside, metricsPort, "/metrics", basic("prometheus", "s3cret"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("redis_up 1.0");
      assertThatThrownBy(() -> connect(LOOPBACK, metricsPort)).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void withCredentialsSetARequestMustGiveThem() throws Exception {
    int metricsPort = TestServer.freePort();
    try (TestServer server =
        TestServer.start(
            "--metrics-port", String.valueOf(metricsPort),
            "--metrics-user", "prometheus",
            "--metrics-password", "s3cret:with colon")) {
      HttpResponse<String> none = get(LOOPBACK, metricsPort, "/metrics", null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate"))
          .hasValue("Basic realm=\"redstone\"");
      assertThat(none.body()).doesNotContain("redis_");

      for (String wrong :
          new String[] {
            basic("prometheus", "s3cret"),
            basic("prometheus", "s3cret:with colonx"),
            basic("Prometheus", "s3cret:with colon"),
            basic("", ""),
            "Bearer s3cret",
            "Basic not-base64!",
            "Basic "
                + Base64.getEncoder().encodeToString("no colon".getBytes(StandardCharsets.UTF_8))
          }) {
        HttpResponse<String> refused = get(LOOPBACK, metricsPort, "/metrics", wrong);
        assertThat(refused.statusCode()).as(wrong).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate"))
            .hasValue("Basic realm=\"redstone\"");
      }
      // Other paths too: nothing is served, not even a 404, before the credentials check.
      assertThat(get(LOOPBACK, metricsPort, "/", null).statusCode()).isEqualTo(401);

      HttpResponse<String> right =
          get(LOOPBACK, metricsPort, "/metrics", basic("prometheus", "s3cret:with colon"));
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).contains("\nredis_up 1.0\n");
      // The scheme's name is case-insensitive (RFC 7617).
      String lower = "basic " + basic("prometheus", "s3cret:with colon").substring(6);
      assertThat(get(LOOPBACK, metricsPort, "/metrics", lower).statusCode()).isEqualTo(200);
      assertThat(
              get(LOOPBACK, metricsPort, "/", basic("prometheus", "s3cret:with colon"))
                  .statusCode())
          .isEqualTo(404);

      try (RespClient client = server.connect()) {
        assertThat(client.call("CONFIG", "GET", "metrics-user"))
            .isEqualTo("*2\r\n$12\r\nmetrics-user\r\n$10\r\nprometheus\r\n");
        // Shown, as Redis shows requirepass; CONFIG GET is for clients the server already let in.
        assertThat(client.call("CONFIG", "GET", "metrics-password"))
            .isEqualTo("*2\r\n$16\r\nmetrics-password\r\n$17\r\ns3cret:with colon\r\n");
        assertThat(client.call("CONFIG", "SET", "metrics-password", "other"))
            .startsWith("-ERR CONFIG SET failed (possibly related to argument 'metrics-password')");
      }
    }
  }

  @Test
  void withoutCredentialsNoneAreAsked() throws Exception {
    int metricsPort = TestServer.freePort();
    try (TestServer server = TestServer.start("--metrics-port", String.valueOf(metricsPort))) {
      assertThat(get(LOOPBACK, metricsPort, "/metrics", null).statusCode()).isEqualTo(200);
      assertThat(get(LOOPBACK, metricsPort, "/metrics", basic("any", "thing")).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aUserWithoutAPasswordOrNoAddressAtAllStopsTheStart() {
    assertThatThrownBy(
            () ->
                RedstoneServer.start(
                        "--port",
                        String.valueOf(TestServer.freePort()),
                        "--bind",
                        LOOPBACK,
                        "--appendonly",
                        "no",
                        "--metrics-port",
                        String.valueOf(TestServer.freePort()),
                        "--metrics-user",
                        "prometheus")
                    .await(30, TimeUnit.SECONDS))
        .hasMessageContaining("metrics-user and metrics-password go together");
    assertThatThrownBy(
            () ->
                RedstoneServer.start(
                        "--port",
                        String.valueOf(TestServer.freePort()),
                        "--bind",
                        LOOPBACK,
                        "--appendonly",
                        "no",
                        "--metrics-port",
                        String.valueOf(TestServer.freePort()),
                        "--metrics-bind",
                        "")
                    .await(30, TimeUnit.SECONDS))
        .hasMessageContaining("metrics-bind needs at least one address");
  }

  @Test
  void aMissingOptionalAddressIsSkippedAndAMissingRequiredOneStopsTheStart() throws Exception {
    int metricsPort = TestServer.freePort();
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, on no host's interface (this test
    // machine's own address, if in that range, ends in another digit).
    assumeTrue(!hasAddress("192.0.2.1"), "this machine has 192.0.2.1");
    try (TestServer server =
        TestServer.start(
            "--metrics-port",
            String.valueOf(metricsPort),
            "--metrics-bind",
            LOOPBACK + " -192.0.2.1")) {
      assertThat(get(LOOPBACK, metricsPort, "/metrics", null).statusCode()).isEqualTo(200);
    }
    assertThatThrownBy(
            () ->
                RedstoneServer.start(
                        "--port",
                        String.valueOf(TestServer.freePort()),
                        "--bind",
                        LOOPBACK,
                        "--appendonly",
                        "no",
                        "--metrics-port",
                        String.valueOf(metricsPort),
                        "--metrics-bind",
                        LOOPBACK + " 192.0.2.1")
                    .await(30, TimeUnit.SECONDS))
        .hasMessageContaining("Could not listen for metrics on 192.0.2.1");
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String host, int port, String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
            .timeout(Duration.ofSeconds(20));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void connect(String host, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
    }
  }

  /** An IPv4 address of this machine that is not a loopback one; skips the test if none. */
  private static String nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address
            && !address.isLoopbackAddress()
            && !address.isLinkLocalAddress()) {
          return address.getHostAddress();
        }
      }
    }
    assumeTrue(false, "this machine has no non-loopback IPv4 address to test from");
    throw new AssertionError("unreachable");
  }

  private static boolean hasAddress(String host) throws IOException {
    return NetworkInterface.getByInetAddress(InetAddress.getByName(host)) != null;
  }
}
