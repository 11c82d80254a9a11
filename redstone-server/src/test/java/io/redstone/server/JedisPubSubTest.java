package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;

/**
 * Pub/sub through Jedis as applications use it: a listener on channels and patterns in a thread of
 * its own, a publisher elsewhere, messages checked for order and completeness, with connections on
 * one event loop and spread over several.
 */
class JedisPubSubTest {
  private static final int MESSAGES = 2_000;

  /** Records what a subscriber receives; counts down once subscribed to everything asked. */
  private static final class Recorder extends JedisPubSub {
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch subscribed;
    final CountDownLatch done;

    Recorder(int subscriptions, int expectedMessages) {
      this.subscribed = new CountDownLatch(subscriptions);
      this.done = new CountDownLatch(expectedMessages);
    }

    @Override
    public void onMessage(String channel, String message) {
      received.add(channel + "=" + message);
      done.countDown();
    }

    @Override
    public void onPMessage(String pattern, String channel, String message) {
      received.add(pattern + ":" + channel + "=" + message);
      done.countDown();
    }

    @Override
    public void onSubscribe(String channel, int count) {
      subscribed.countDown();
    }

    @Override
    public void onPSubscribe(String pattern, int count) {
      subscribed.countDown();
    }
  }

  @Test
  void aListenerReceivesChannelAndPatternMessagesInPublishOrder() throws Exception {
    try (TestServer server = TestServer.start()) {
      runOrderedDelivery(server, 1, RedisProtocol.RESP2);
    }
  }

  @Test
  void resp3ListenersReceiveTheSameMessagesAsPushes() throws Exception {
    try (TestServer server = TestServer.start()) {
      runOrderedDelivery(server, 2, RedisProtocol.RESP3);
    }
  }

  @Test
  void subscribersOnEveryConnectionLoopReceiveEveryMessageInOrder() throws Exception {
    try (TestServer server = TestServer.start("--io-threads", "3")) {
      assertThat(server.server().connectionsOnStorageThread()).isFalse();
      runOrderedDelivery(server, 6, RedisProtocol.RESP2);
    }
  }

  /**
   * {@code subscribers} listeners, each on channel {@code news} and pattern {@code n*}, and one
   * publisher pipelining {@link #MESSAGES} messages to {@code news} and as many to {@code nope}:
   * each listener must see, in order, every {@code news} message twice (channel, then pattern) and
   * every {@code nope} message once.
   */
  private static void runOrderedDelivery(TestServer server, int subscribers, RedisProtocol protocol)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(subscribers);
    List<Recorder> recorders = new ArrayList<>();
    List<Jedis> connections = new ArrayList<>();
    List<Future<?>> listening = new ArrayList<>();
    try {
      for (int i = 0; i < subscribers; i++) {
        Recorder recorder = new Recorder(2, MESSAGES * 3);
        Jedis jedis =
            new Jedis(
                new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().protocol(protocol).build());
        recorders.add(recorder);
        connections.add(jedis);
        listening.add(
            threads.submit(
                () -> {
                  // Jedis sends the pattern subscription from inside the listener.
                  jedis.subscribe(
                      new JedisPubSub() {
                        @Override
                        public void onSubscribe(String channel, int count) {
                          recorder.onSubscribe(channel, count);
                          psubscribe("n*");
                        }

                        @Override
                        public void onPSubscribe(String pattern, int count) {
                          recorder.onPSubscribe(pattern, count);
                        }

                        @Override
                        public void onMessage(String channel, String message) {
                          recorder.onMessage(channel, message);
                          maybeStop(recorder, this);
                        }

                        @Override
                        public void onPMessage(String pattern, String channel, String message) {
                          recorder.onPMessage(pattern, channel, message);
                          maybeStop(recorder, this);
                        }
                      },
                      "news");
                }));
      }
      for (Recorder recorder : recorders) {
        assertThat(recorder.subscribed.await(10, TimeUnit.SECONDS)).isTrue();
      }
      try (Jedis publisher = new Jedis("127.0.0.1", server.port())) {
        assertThat(publisher.publish("news", "first")).isEqualTo(2L * subscribers);
        Pipeline pipeline = publisher.pipelined();
        for (int i = 1; i < MESSAGES; i++) {
          pipeline.publish("news", "m" + i);
          pipeline.publish("nope", "m" + i);
        }
        pipeline.publish("nope", "first");
        pipeline.sync();
      }
      List<String> expected = new ArrayList<>();
      expected.add("news=first");
      expected.add("n*:news=first");
      for (int i = 1; i < MESSAGES; i++) {
        expected.add("news=m" + i);
        expected.add("n*:news=m" + i);
        expected.add("n*:nope=m" + i);
      }
      expected.add("n*:nope=first");
      for (Recorder recorder : recorders) {
        assertThat(recorder.done.await(20, TimeUnit.SECONDS)).isTrue();
      }
      for (Future<?> listener : listening) {
        listener.get(10, TimeUnit.SECONDS);
      }
      for (Recorder recorder : recorders) {
        assertThat(recorder.received).containsExactlyElementsOf(expected);
      }
      try (Jedis check = new Jedis("127.0.0.1", server.port())) {
        assertThat(check.pubsubNumPat()).isZero();
        assertThat(check.pubsubChannels()).isEmpty();
      }
    } finally {
      connections.forEach(Jedis::close);
      threads.shutdownNow();
    }
  }

  /** Leaves every subscription once the last expected message arrived, ending subscribe(). */
  private static void maybeStop(Recorder recorder, JedisPubSub pubsub) {
    if (recorder.done.getCount() == 0) {
      pubsub.unsubscribe();
      pubsub.punsubscribe();
    }
  }

  @Test
  void aSubscribedConnectionAnswersOnlySubscriptionCommandsAndPing() throws Exception {
    try (TestServer server = TestServer.start();
        Jedis observer = new Jedis("127.0.0.1", server.port())) {
      Recorder recorder = new Recorder(1, 1);
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try (Jedis subscriber = new Jedis("127.0.0.1", server.port())) {
        Future<?> listening =
            thread.submit(
                () ->
                    subscriber.subscribe(
                        new JedisPubSub() {
                          @Override
                          public void onSubscribe(String channel, int count) {
                            recorder.onSubscribe(channel, count);
                            // Jedis turns the pong into onPong.
                            ping();
                          }

                          @Override
                          public void onPong(String pattern) {
                            unsubscribe();
                          }
                        },
                        "room"));
        assertThat(recorder.subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        listening.get(10, TimeUnit.SECONDS);
        // Back in normal mode once unsubscribed: an ordinary command works again.
        assertThat(subscriber.ping()).isEqualTo("PONG");
      } finally {
        thread.shutdownNow();
      }
      assertThat(observer.pubsubNumSub("room")).containsEntry("room", 0L);
    }
  }
}
