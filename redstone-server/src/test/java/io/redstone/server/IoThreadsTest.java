package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.TestServer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * io-threads decides where connections are served: on the storage verticle's own loop (1, the
 * default) or on loops of their own. The placement rests on the order Vert.x hands out loops, so
 * these tests would notice a Vert.x change that broke it, metrics endpoint on or off.
 */
class IoThreadsTest {

  @Test
  void byDefaultConnectionsAreServedOnTheStorageThreadBesideAMetricsEndpoint() {
    try (TestServer server =
            TestServer.start("--metrics-port", String.valueOf(TestServer.freePort()));
        Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      assertThat(server.server().connectionsOnStorageThread()).isTrue();
      assertThat(jedis.set("k", "v")).isEqualTo("OK");
      assertThat(jedis.get("k")).isEqualTo("v");
      assertThat(jedis.configGet("io-threads")).isEqualTo(Map.of("io-threads", "1"));
    }
  }

  @Test
  void withoutMetricsTheDefaultStillSharesTheStorageThread() {
    try (TestServer server = TestServer.start()) {
      assertThat(server.server().connectionsOnStorageThread()).isTrue();
    }
  }

  @Test
  void moreIoThreadsServeConnectionsOnLoopsOfTheirOwn() {
    try (TestServer server =
            TestServer.start(
                "--io-threads", "3", "--metrics-port", String.valueOf(TestServer.freePort()));
        Jedis first = new Jedis("127.0.0.1", server.port());
        Jedis second = new Jedis("127.0.0.1", server.port())) {
      assertThat(server.server().connectionsOnStorageThread()).isFalse();
      first.set("shared", "1");
      assertThat(second.incr("shared")).isEqualTo(2);
      assertThat(first.mget("shared", "missing")).isEqualTo(Arrays.asList("2", null));
      assertThat(second.configGet("io-threads")).isEqualTo(Map.of("io-threads", "3"));
      assertThat(List.of(first.ping(), second.ping())).containsOnly("PONG");
    }
  }
}
