package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import io.redstone.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lettuce as applications use it. Lettuce opens every connection with {@code HELLO 3}, so this is
 * the RESP3 path end to end: typed replies (maps, doubles), transactions, pub/sub pushes, and
 * client-side caching fed by invalidation pushes.
 */
class LettuceClientTest {
  private TestServer server;
  private RedisClient client;

  @BeforeEach
  void start() {
    server = TestServer.start();
    client =
        RedisClient.create(
            RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(server.port())
                .withTimeout(Duration.ofSeconds(10))
                .build());
  }

  @AfterEach
  void stop() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    server.close();
  }

  @Test
  void collectionsAnswerInRespThreeTypes() {
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      redis.hset("user:1", Map.of("name", "ada", "visits", "3"));
      assertThat(redis.hgetall("user:1")).containsEntry("name", "ada").containsEntry("visits", "3");
      assertThat(redis.hincrby("user:1", "visits", 2)).isEqualTo(5);

      redis.zadd("board", 1.5, "a", 2.5, "b", 0.25, "c");
      assertThat(redis.zrangeWithScores("board", 0, -1))
          .containsExactly(
              ScoredValue.just(0.25, "c"), ScoredValue.just(1.5, "a"), ScoredValue.just(2.5, "b"));
      assertThat(redis.zincrby("board", 1.0, "c")).isEqualTo(1.25);
      assertThat(redis.zscore("board", "b")).isEqualTo(2.5);

      assertThat(redis.rpush("queue", "x", "y", "z")).isEqualTo(3);
      assertThat(redis.lrange("queue", 0, -1)).containsExactly("x", "y", "z");
      assertThat(redis.sadd("tags", "red", "blue", "red")).isEqualTo(2);
      assertThat(redis.smembers("tags")).containsExactlyInAnyOrder("red", "blue");
      assertThat(redis.type("tags")).isEqualTo("set");
    }
  }

  @Test
  void aTransactionRunsWholeAndAWatchedKeyChangedByAnotherClientAbortsIt() {
    try (StatefulRedisConnection<String, String> first = client.connect();
        StatefulRedisConnection<String, String> second = client.connect()) {
      RedisCommands<String, String> redis = first.sync();
      redis.multi();
      redis.set("balance", "10");
      redis.incrby("balance", 5);
      redis.lpush("log", "deposit");
      TransactionResult result = redis.exec();
      assertThat(result.wasDiscarded()).isFalse();
      assertThat(result.<Object>get(0)).isEqualTo("OK");
      assertThat(result.<Long>get(1)).isEqualTo(15L);
      assertThat(result.<Long>get(2)).isEqualTo(1L);

      redis.watch("balance");
      second.sync().incr("balance");
      redis.multi();
      redis.set("balance", "0");
      assertThat(redis.exec().wasDiscarded()).isTrue();
      assertThat(redis.get("balance")).isEqualTo("16");
    }
  }

  @Test
  void watchRetryLoopsOnSeveralThreadsLoseNoIncrement() throws Exception {
    int threads = 8;
    int incrementsEach = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    RedisCommands<String, String> redis = connection.sync();
                    for (int i = 0; i < incrementsEach; i++) {
                      while (true) {
                        redis.watch("counter");
                        String value = redis.get("counter");
                        long next = value == null ? 1 : Long.parseLong(value) + 1;
                        redis.multi();
                        redis.set("counter", Long.toString(next));
                        if (!redis.exec().wasDiscarded()) {
                          break;
                        }
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      assertThat(connection.sync().get("counter"))
          .isEqualTo(Long.toString(threads * incrementsEach));
    }
  }

  @Test
  void clientSideCachingDropsAnEntryWhenAnotherClientChangesItsKey() throws Exception {
    Map<String, String> cache = new ConcurrentHashMap<>();
    try (StatefulRedisConnection<String, String> cached = client.connect();
        StatefulRedisConnection<String, String> writer = client.connect()) {
      writer.sync().set("greeting", "hello");
      CacheFrontend<String, String> frontend =
          ClientSideCaching.enable(
              CacheAccessor.forMap(cache), cached, TrackingArgs.Builder.enabled());
      assertThat(frontend.get("greeting")).isEqualTo("hello");
      assertThat(cache).containsEntry("greeting", "hello");

      writer.sync().set("greeting", "bonjour");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cache.containsKey("greeting") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(cache).doesNotContainKey("greeting");
      assertThat(frontend.get("greeting")).isEqualTo("bonjour");
      frontend.close();
    }
  }

  @Test
  void patternAndChannelSubscribersReceiveMessagesInPublishOrder() throws Exception {
    int messages = 500;
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch all = new CountDownLatch(messages * 2);
    try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
        StatefulRedisConnection<String, String> publisher = client.connect()) {
      subscriber.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              received.add(channel + "=" + message);
              all.countDown();
            }

            @Override
            public void message(String pattern, String channel, String message) {
              received.add(pattern + ":" + channel + "=" + message);
              all.countDown();
            }
          });
      subscriber.sync().subscribe("orders");
      subscriber.sync().psubscribe("ord*");
      assertThat(publisher.sync().pubsubNumpat()).isEqualTo(1);
      for (int i = 0; i < messages; i++) {
        assertThat(publisher.sync().publish("orders", "m" + i)).isEqualTo(2);
      }
      assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      expected.add("orders=m" + i);
      expected.add("ord*:orders=m" + i);
    }
    assertThat(received).containsExactlyElementsOf(expected);
  }
}
