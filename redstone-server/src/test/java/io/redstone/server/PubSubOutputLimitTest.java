package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redstone.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * {@code client-output-buffer-limit pubsub}: a subscriber that stops reading is cut off at the hard
 * limit, or once it has stayed past the soft limit for its seconds, with a log line; its
 * subscriptions go with it, and publishing goes on for everyone else.
 */
class PubSubOutputLimitTest {
  private static final byte[] PAYLOAD = new byte[64 * 1024];

  static {
    Arrays.fill(PAYLOAD, (byte) 'x');
  }

  @Test
  void aSubscriberThatStopsReadingIsCutOffAtTheHardLimit() throws Exception {
    ListAppender<ILoggingEvent> logs = capture();
    try (TestServer server = TestServer.start("--client-output-buffer-limit", "pubsub 1mb 0 0");
        Socket subscriber = stalledSubscriber(server.port(), "feed");
        Jedis publisher = new Jedis("127.0.0.1", server.port())) {
      long published = 0;
      // Far beyond what the kernel's socket buffers and the limit hold together.
      while (published < 256L << 20) {
        if (publisher.publish("feed".getBytes(StandardCharsets.US_ASCII), PAYLOAD) == 0) {
          break;
        }
        published += PAYLOAD.length;
      }
      assertThat(published).as("bytes published before the cut").isLessThan(256L << 20);
      assertThat(publisher.clientList()).doesNotContain("flags=P");
      assertThat(publisher.info("stats")).contains("pubsub_channels:0");
      assertCutOffLogged(logs);
    } finally {
      release(logs);
    }
  }

  @Test
  void aSubscriberPastTheSoftLimitForItsSecondsIsCutOff() throws Exception {
    ListAppender<ILoggingEvent> logs = capture();
    try (TestServer server = TestServer.start("--client-output-buffer-limit", "pubsub 0 256kb 1");
        Socket subscriber = stalledSubscriber(server.port(), "feed");
        Jedis publisher = new Jedis("127.0.0.1", server.port())) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      long receivers = 1;
      while (receivers > 0 && System.nanoTime() < deadline) {
        receivers = publisher.publish("feed".getBytes(StandardCharsets.US_ASCII), PAYLOAD);
        Thread.sleep(5);
      }
      assertThat(receivers).as("still subscribed after 30 s").isZero();
      assertCutOffLogged(logs);
    } finally {
      release(logs);
    }
  }

  /** Subscribes on a raw socket with a small receive buffer, reads the confirmation, then stops. */
  private static Socket stalledSubscriber(int port, String channel) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(5_000);
    String command = "SUBSCRIBE " + channel + "\r\n";
    socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    byte[] confirmation = new byte[64];
    int read = in.read(confirmation);
    assertThat(new String(confirmation, 0, read, StandardCharsets.US_ASCII))
        .startsWith("*3\r\n$9\r\nsubscribe\r\n");
    return socket;
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(ClientConnection.class)).addAppender(logs);
    return logs;
  }

  private static void release(ListAppender<ILoggingEvent> logs) {
    ((Logger) LoggerFactory.getLogger(ClientConnection.class)).detachAppender(logs);
  }

  private static void assertCutOffLogged(ListAppender<ILoggingEvent> logs) {
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "scheduled to be closed ASAP for overcoming of output buffer limits"));
  }
}
