package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.TestServer;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.csc.DefaultCache;

/**
 * Jedis's client-side caching (RESP3, CLIENT TRACKING on) against Redstone: values are served from
 * the client's cache until another client (or the same one) changes them, and the invalidation
 * pushes empty it. Jedis reads pushes that have arrived before each command it sends, so a test
 * waits (bounded) until the push is read; without invalidation the stale value would stay forever.
 */
class JedisClientSideCachingTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /**
   * Jedis 5.2 enables caching only for servers reporting Redis 7.4 or later unless the cache is in
   * compatibility mode; Redstone reports 7.2, and tracking works as in 7.0 and later.
   */
  private static final class CompatibleCache extends DefaultCache {
    CompatibleCache() {
      super(10_000);
    }

    @Override
    public boolean compatibilityMode() {
      return true;
    }
  }

  @Test
  void cachedReadsAreInvalidatedByWritesFlushesAndTheClientsOwnWrites() {
    try (TestServer server = TestServer.start()) {
      exercise(server);
    }
  }

  @Test
  void invalidationsReachClientsOnOtherConnectionLoops() {
    try (TestServer server = TestServer.start("--io-threads", "3")) {
      exercise(server);
    }
  }

  private static void exercise(TestServer server) {
    HostAndPort address = new HostAndPort("127.0.0.1", server.port());
    CompatibleCache cache = new CompatibleCache();
    GenericObjectPoolConfig<Connection> oneConnection = new GenericObjectPoolConfig<>();
    oneConnection.setMaxTotal(1);
    try (JedisPooled cached =
            new JedisPooled(
                address,
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build(),
                cache,
                oneConnection);
        Jedis writer = new Jedis(address)) {
      writer.set("k", "v1");
      assertThat(cached.get("k")).isEqualTo("v1");
      assertThat(cached.get("k")).isEqualTo("v1");
      assertThat(cache.getStats().getHitCount()).isEqualTo(1);
      assertThat(cache.getSize()).isEqualTo(1);

      // Without the push the cache would answer v1 for ever.
      writer.set("k", "v2");
      awaitValue(() -> cached.get("k"), "v2");

      // Many keys at once: every one is invalidated.
      for (int i = 0; i < 200; i++) {
        writer.set("key:" + i, "old");
        assertThat(cached.get("key:" + i)).isEqualTo("old");
      }
      for (int i = 0; i < 200; i++) {
        writer.set("key:" + i, "new");
      }
      for (int i = 0; i < 200; i++) {
        String key = "key:" + i;
        awaitValue(() -> cached.get(key), "new");
      }

      // Its own write is announced to it too (no NOLOOP).
      cached.set("k", "v3");
      awaitValue(() -> cached.get("k"), "v3");

      // A flush empties the whole cache.
      assertThat(cached.get("k")).isEqualTo("v3");
      writer.flushAll();
      awaitValue(() -> cached.get("k"), null);
      assertThat(writer.info("clients")).contains("tracking_clients:1");
    }
  }

  private static void awaitValue(Supplier<String> read, String expected) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String value = read.get();
    while (!java.util.Objects.equals(value, expected) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      value = read.get();
    }
    assertThat(value).isEqualTo(expected);
  }
}
