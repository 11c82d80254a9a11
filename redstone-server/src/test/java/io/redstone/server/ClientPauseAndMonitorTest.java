package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.RespClient;
import io.redstone.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CLIENT PAUSE and MONITOR over real sockets: paused commands wait and then run in order while the
 * storage thread goes on serving others; monitors receive Redis's lines.
 */
class ClientPauseAndMonitorTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void unpause() {
    try (RespClient admin = server.connect()) {
      admin.call("CLIENT", "UNPAUSE");
      admin.call("FLUSHALL");
    }
  }

  private static String pipeline(String[]... commands) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String[] command : commands) {
      out.writeBytes(RespClient.encode(command));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesWaitForTheEndOfAWritePauseWhileReadsGoOn() {
    try (RespClient writer = server.connect();
        RespClient reader = server.connect()) {
      writer.call("SET", "a", "1");
      long started = System.nanoTime();
      // One read: the SET after the pause is held with the GET behind it, in order.
      writer.send(
          pipeline(
              new String[] {"CLIENT", "PAUSE", "600", "WRITE"},
              new String[] {"SET", "a", "2"},
              new String[] {"GET", "a"}));
      // Another client reads at once: the storage thread is not blocked.
      assertThat(reader.call("GET", "a")).isEqualTo("$1\r\n1\r\n");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));

      assertThat(writer.readReply()).isEqualTo("+OK\r\n");
      assertThat(writer.readReply()).isEqualTo("+OK\r\n");
      assertThat(writer.readReply()).isEqualTo("$1\r\n2\r\n");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(550));
    }
  }

  @Test
  void unpauseReleasesHeldCommandsAndAllModeHoldsReadsToo() {
    try (RespClient admin = server.connect();
        RespClient client = server.connect()) {
      assertThat(admin.call("CLIENT", "PAUSE", "30000", "WRITE")).isEqualTo("+OK\r\n");
      long started = System.nanoTime();
      client.send(pipeline(new String[] {"SET", "b", "1"}));
      // An admin's read is not held by a WRITE pause; its UNPAUSE releases the SET.
      assertThat(admin.call("GET", "b")).isEqualTo("$-1\r\n");
      Eventually.waitFor(
          "the SET to be counted as blocked",
          Duration.ofSeconds(5),
          () -> admin.call("INFO", "clients").contains("blocked_clients:1\r\n"));
      assertThat(admin.call("CLIENT", "LIST")).contains(" flags=b ");
      assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
      assertThat(client.readReply()).isEqualTo("+OK\r\n");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(admin.call("INFO", "clients")).contains("blocked_clients:0\r\n");

      assertThat(admin.call("CLIENT", "PAUSE", "400")).isEqualTo("+OK\r\n");
      started = System.nanoTime();
      assertThat(client.call("GET", "b")).isEqualTo("$1\r\n1\r\n");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  void commandsOfAClientThatLeftWhilePausedNeverRun() {
    try (RespClient admin = server.connect()) {
      admin.call("CLIENT", "PAUSE", "30000", "WRITE");
      try (RespClient leaving = server.connect()) {
        leaving.send(pipeline(new String[] {"SET", "gone", "1"}));
        // Until its SET waits in storage, the client may not even be registered, and the wait
        // below for it to be forgotten would pass before it ever arrived.
        Eventually.waitFor(
            "the SET to wait for the pause",
            Duration.ofSeconds(5),
            () -> admin.call("INFO", "clients").contains("blocked_clients:1\r\n"));
        assertThat(admin.call("GET", "gone")).isEqualTo("$-1\r\n");
      }
      Eventually.waitFor(
          "the closed client to be forgotten",
          Duration.ofSeconds(5),
          () -> admin.call("CLIENT", "LIST").split("id=").length == 2);
      admin.call("CLIENT", "UNPAUSE");
      assertThat(admin.call("GET", "gone")).isEqualTo("$-1\r\n");
    }
  }

  @Test
  void aKilledClientThatWaitsIsClosedWithoutWaitingForTheEndOfThePause() {
    try (RespClient admin = server.connect();
        RespClient victim = server.connect()) {
      String address = victim.call("CLIENT", "INFO").replaceAll("(?s).* addr=(\\S+) .*", "$1");
      admin.call("CLIENT", "PAUSE", "30000", "WRITE");
      victim.send(pipeline(new String[] {"PING"}, new String[] {"SET", "killed", "1"}));
      Eventually.waitFor(
          "the SET to be held",
          Duration.ofSeconds(5),
          () -> admin.call("INFO", "commandstats").contains("cmdstat_ping:calls="));
      assertThat(admin.call("CLIENT", "KILL", "ADDR", address)).isEqualTo(":1\r\n");
      // What ran before the held SET is answered, then the connection closes.
      assertThat(victim.readReply()).isEqualTo("+PONG\r\n");
      Eventually.waitFor("the victim to be closed", Duration.ofSeconds(5), victim::closedByServer);
      admin.call("CLIENT", "UNPAUSE");
      assertThat(admin.call("GET", "killed")).isEqualTo("$-1\r\n");
    }
  }

  @Test
  void monitorsReceiveALinePerCommandOfOtherClients() {
    try (RespClient monitor = server.connect();
        RespClient client = server.connect()) {
      assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
      client.call("SET", "watched", "a\"b");
      client.call("CONFIG", "GET", "port");
      client.call("GET", "watched");
      assertThat(monitor.readReply())
          .matches(
              "\\+[0-9]+\\.[0-9]{6} \\[0 127\\.0\\.0\\.1:[0-9]+\\] \"SET\" \"watched\""
                  + " \"a\\\\\"b\"\r\n");
      // CONFIG is an admin command: monitors do not see it.
      assertThat(monitor.readReply()).endsWith("\"GET\" \"watched\"\r\n");
    }
  }
}
