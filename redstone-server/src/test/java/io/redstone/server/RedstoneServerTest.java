package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.RespClient;
import io.redstone.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The server over real sockets: Jedis, and a raw client where the exact bytes matter. */
class RedstoneServerTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void answersPingAndEchoThroughJedis() {
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      assertThat(jedis.ping()).isEqualTo("PONG");
      assertThat(jedis.echo("hello world")).isEqualTo("hello world");
      assertThat(jedis.echo(new byte[] {0, (byte) 0xff, '\r', '\n'}))
          .containsExactly(0, (byte) 0xff, '\r', '\n');
    }
  }

  @Test
  void answersPipelinedCommandsFromOneWriteInOrder() {
    StringBuilder pipeline = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      if (i % 2 == 0) {
        pipeline.append("*1\r\n$4\r\nPING\r\n");
        expected.append("+PONG\r\n");
      } else {
        String n = String.valueOf(i);
        pipeline.append("*2\r\n$4\r\nECHO\r\n$").append(n.length()).append("\r\n");
        pipeline.append(n).append("\r\n");
        expected.append('$').append(n.length()).append("\r\n").append(n).append("\r\n");
      }
    }
    try (RespClient client = server.connect()) {
      client.send(pipeline.toString());
      StringBuilder replies = new StringBuilder();
      for (int i = 0; i < 500; i++) {
        replies.append(client.readReply());
      }
      assertThat(replies.toString()).isEqualTo(expected.toString());
    }
  }

  @Test
  void answersACommandSplitIntoSingleByteWrites() {
    try (RespClient client = server.connect()) {
      for (byte b : RespClient.encode("ECHO", "split")) {
        client.send(new byte[] {b});
      }
      assertThat(client.readReply()).isEqualTo("$5\r\nsplit\r\n");
      assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void answersInlineCommands() {
    try (RespClient client = server.connect()) {
      client.send("PING\r\n");
      assertThat(client.readReply()).isEqualTo("+PONG\r\n");
      client.send("ECHO inline\n");
      assertThat(client.readReply()).isEqualTo("$6\r\ninline\r\n");
    }
  }

  @Test
  void protocolErrorIsRepliedAfterEarlierCommandsThenTheConnectionCloses() {
    try (RespClient client = server.connect()) {
      client.send("*1\r\n$4\r\nPING\r\n*x\r\n");
      assertThat(client.readReply()).isEqualTo("+PONG\r\n");
      assertThat(client.readReply()).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void quitRepliesOkAndClosesWithoutRunningLaterCommands() {
    try (RespClient client = server.connect()) {
      String quit = client.call("QUIT");
      assumeThat(quit).as("QUIT is implemented by the engine").doesNotStartWith("-ERR unknown");
      client.send("PING\r\n");
      assertThat(quit).isEqualTo("+OK\r\n");
      assertThat(client.closedByServer()).isTrue();
    }
    try (RespClient client = server.connect()) {
      client.send("PING\r\nQUIT\r\nPING\r\n");
      assertThat(client.readReply()).isEqualTo("+PONG\r\n");
      assertThat(client.readReply()).isEqualTo("+OK\r\n");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void unknownCommandGetsRedisError() {
    try (RespClient client = server.connect()) {
      assertThat(client.call("NOSUCHCMD", "a"))
          .isEqualTo("-ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' \r\n");
      assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  /**
   * A client that pipelines without reading must get its reads paused, so it cannot make the server
   * buffer replies without bound. The client's small receive buffer fills, the server's write queue
   * fills, and the connection must be reported paused.
   */
  @Test
  void clientThatDoesNotReadIsPausedInsteadOfBufferedWithoutBound() throws Exception {
    String payload = "x".repeat(16 * 1024);
    byte[] command = RespClient.encode("ECHO", payload);
    byte[] chunk = new byte[command.length * 64];
    for (int i = 0; i < 64; i++) {
      System.arraycopy(command, 0, chunk, i * command.length, command.length);
    }
    RespClient client = RespClient.connect("127.0.0.1", server.port(), 4096);
    long pausesBefore = server.server().metrics().backpressurePauses();
    // Ends with an IOException once the test closes the socket.
    Thread writer =
        startWriting(
            client,
            "test-flooding-writer",
            out -> {
              while (true) {
                out.write(chunk);
              }
            });
    try {
      Eventually.waitFor(
          "the flooding connection to be paused",
          Duration.ofSeconds(30),
          () -> server.server().metrics().pausedConnections() == 1);
      assertThat(server.server().metrics().backpressurePauses()).isGreaterThan(pausesBefore);
    } finally {
      client.close();
      writer.join(TimeUnit.SECONDS.toMillis(10));
    }
    Eventually.waitFor(
        "the closed connection to be forgotten",
        Duration.ofSeconds(10),
        () -> server.server().metrics().pausedConnections() == 0);
    assertThat(writer.isAlive()).isFalse();
    try (RespClient other = server.connect()) {
      assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  /**
   * A paused client that reads again is resumed and gets every reply it is owed, in order. The
   * connection resumes on the loop's next turn rather than inside the write that made room, since
   * resuming can hand buffered input straight back to storage.
   */
  @Test
  void pausedClientThatReadsAgainGetsEveryReplyInOrder() throws Exception {
    int commands = 2_000;
    String padding = "x".repeat(16 * 1024);
    RespClient client = RespClient.connect("127.0.0.1", server.port(), 4096);
    long pausesBefore = server.server().metrics().backpressurePauses();
    Thread writer =
        startWriting(
            client,
            "test-pipelining-writer",
            out -> {
              for (int i = 0; i < commands; i++) {
                out.write(RespClient.encode("ECHO", i + padding));
              }
            });
    try {
      Eventually.waitFor(
          "the pipelining connection to be paused",
          Duration.ofSeconds(30),
          () -> server.server().metrics().backpressurePauses() > pausesBefore);
      for (int i = 0; i < commands; i++) {
        String echoed = i + padding;
        assertThat(client.readReply())
            .as("reply %d", i)
            .isEqualTo("$" + echoed.length() + "\r\n" + echoed + "\r\n");
      }
      writer.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(writer.isAlive()).isFalse();
      assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
    } finally {
      client.close();
    }
  }

  /** What a writer thread sends on a client's socket. */
  @FunctionalInterface
  private interface SocketWrites {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Starts a daemon thread that sends {@code writes} on the client's socket, for a test that reads
   * (or does not) on its own thread. An I/O error ends the thread: the test sees what it did not
   * send as replies that never come.
   */
  private static Thread startWriting(RespClient client, String name, SocketWrites writes) {
    Thread writer =
        new Thread(
            () -> {
              try {
                writes.writeTo(client.socket().getOutputStream());
              } catch (IOException endsTheWriter) {
                // Expected once the test closes the socket; otherwise replies go missing.
              }
            },
            name);
    writer.setDaemon(true);
    writer.start();
    return writer;
  }

  @Test
  void requirepassHoldsUnauthenticatedClientsToTightLimitsUntilAuth() {
    try (TestServer locked = TestServer.start("--requirepass", "s3cret")) {
      try (RespClient client = locked.connect()) {
        assertThat(client.call("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(client.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
        String[] many = new String[12];
        java.util.Arrays.fill(many, "k");
        many[0] = "DEL";
        assertThat(client.call(many)).isEqualTo(":0\r\n");
      }
      try (RespClient client = locked.connect()) {
        client.send("*11\r\n");
        assertThat(client.readReply())
            .isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
        assertThat(client.closedByServer()).isTrue();
      }
      try (RespClient client = locked.connect()) {
        client.send("*2\r\n$3\r\nGET\r\n$20000\r\n");
        assertThat(client.readReply())
            .isEqualTo("-ERR Protocol error: unauthenticated bulk length\r\n");
        assertThat(client.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void shutdownCommandStopsTheServer() throws Exception {
    TestServer own = TestServer.start();
    int port = own.port();
    try (RespClient client = own.connect()) {
      client.send(RespClient.encode("SHUTDOWN", "NOSAVE"));
      assertThat(client.closedByServer()).isTrue();
    }
    Eventually.waitFor(
        "the listener to close",
        Duration.ofSeconds(30),
        () -> {
          try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
          } catch (IOException refused) {
            return true;
          }
        });
    own.close();
  }

  @Test
  void stopReleasesThePortAndRefusesConnections() throws Exception {
    TestServer own = TestServer.start();
    int port = own.port();
    try (RespClient client = own.connect()) {
      assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
      own.close();
      assertThat(client.closedByServer()).isTrue();
    }
    assertThatThrownBy(() -> RespClient.connect("127.0.0.1", port).close())
        .hasRootCauseInstanceOf(java.net.ConnectException.class);
    try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(rebound.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void startFailsWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(
              () ->
                  RedstoneServer.start(
                          "--port",
                          String.valueOf(taken.getLocalPort()),
                          "--bind",
                          "127.0.0.1",
                          "--appendonly",
                          "no",
                          "--metrics-port",
                          "0")
                      .await(30, TimeUnit.SECONDS))
          .hasMessageContaining("Could not create server TCP listening socket");
    }
  }

  @Test
  void startFailsOnAnUnknownDirective() {
    assertThatThrownBy(() -> RedstoneServer.start("--no-such-directive", "1").await())
        .hasMessageContaining("no-such-directive");
  }

  @Test
  void reportsTheTransportItUses() {
    assertThat(server.server().transport()).isIn("epoll", "nio");
  }
}
