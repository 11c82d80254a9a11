package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.params.SetParams;

/**
 * Keyspace notifications through Jedis as an application listens for expiry: keys written with a
 * TTL and never read again, so only the server's background expiry cycle can delete them, and a
 * listener on {@code __keyevent@0__:expired} that must hear of every one.
 */
class JedisKeyspaceNotificationsTest {
  private static final int KEYS = 200;

  @Test
  void expiredEventsArriveForKeysDeletedByActiveExpiry() throws Exception {
    try (TestServer server = TestServer.start("--notify-keyspace-events", "Ex")) {
      listenForExpiry(server, RedisProtocol.RESP2, false);
    }
  }

  @Test
  void configSetTurnsThemOnAtRunTimeAndResp3ListenersGetPushes() throws Exception {
    try (TestServer server = TestServer.start()) {
      listenForExpiry(server, RedisProtocol.RESP3, true);
    }
  }

  private static void listenForExpiry(TestServer server, RedisProtocol protocol, boolean configSet)
      throws Exception {
    Set<String> expired = Collections.synchronizedSet(new HashSet<>());
    List<String> otherEvents = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch subscribed = new CountDownLatch(1);
    CountDownLatch allExpired = new CountDownLatch(KEYS);
    JedisPubSub listener =
        new JedisPubSub() {
          @Override
          public void onPSubscribe(String pattern, int count) {
            subscribed.countDown();
          }

          @Override
          public void onPMessage(String pattern, String channel, String key) {
            if (channel.equals("__keyevent@0__:expired") && expired.add(key)) {
              allExpired.countDown();
            } else {
              otherEvents.add(channel + " " + key);
            }
          }
        };
    ExecutorService thread = Executors.newSingleThreadExecutor();
    HostAndPort address = new HostAndPort("127.0.0.1", server.port());
    DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().protocol(protocol).build();
    try (Jedis subscriber = new Jedis(address, config);
        Jedis writer = new Jedis(address, config)) {
      thread.submit(() -> subscriber.psubscribe(listener, "__keyevent@0__:*"));
      assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
      if (configSet) {
        assertThat(writer.configSet("notify-keyspace-events", "KEx")).isEqualTo("OK");
        assertThat(writer.configGet("notify-keyspace-events"))
            .containsEntry("notify-keyspace-events", "xKE");
      }
      for (int i = 0; i < KEYS; i++) {
        writer.set("session:" + i, "v", SetParams.setParams().px(50 + i % 100));
      }
      // Never read again: only the background cycle deletes them.
      assertThat(allExpired.await(30, TimeUnit.SECONDS))
          .as("expired events received: %d of %d", expired.size(), KEYS)
          .isTrue();
      assertThat(writer.dbSize()).isZero();
      for (int i = 0; i < KEYS; i++) {
        assertThat(expired).contains("session:" + i);
      }
      // Only class x is on: SET's own events (class $ and g) were not published.
      assertThat(otherEvents).isEmpty();
      listener.punsubscribe();
    } finally {
      thread.shutdownNow();
    }
  }
}
