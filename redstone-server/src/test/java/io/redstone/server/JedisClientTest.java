package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Strings, keys and expiry through a real client library, as an application would use them: Jedis
 * sends CLIENT SETINFO on connect, pipelines, and speaks RESP3 when asked.
 */
class JedisClientTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static Jedis connect() {
    return new Jedis("127.0.0.1", server.port());
  }

  @BeforeEach
  void emptyTheServer() {
    try (Jedis jedis = connect()) {
      jedis.flushAll();
    }
  }

  @Test
  void stringsRoundTripWithTheirOptions() {
    try (Jedis jedis = connect()) {
      assertThat(jedis.set("greeting", "hello")).isEqualTo("OK");
      assertThat(jedis.get("greeting")).isEqualTo("hello");
      assertThat(jedis.set("greeting", "again", SetParams.setParams().nx())).isNull();
      assertThat(jedis.setGet("greeting", "hi")).isEqualTo("hello");
      assertThat(jedis.append("greeting", "!")).isEqualTo(3);
      assertThat(jedis.getrange("greeting", 0, 1)).isEqualTo("hi");
      assertThat(jedis.incrBy("counter", 5)).isEqualTo(5);
      assertThat(jedis.incrByFloat("counter", 0.5)).isEqualTo(5.5);
      assertThat(jedis.mset("a", "1", "b", "2")).isEqualTo("OK");
      assertThat(jedis.mget("a", "missing", "b")).containsExactly("1", null, "2");
      assertThatThrownBy(() -> jedis.incr("greeting"))
          .isInstanceOf(JedisDataException.class)
          .hasMessage("ERR value is not an integer or out of range");
    }
  }

  @Test
  void binaryKeysAndValuesAreKeptByteForByte() {
    byte[] key = {0, (byte) 0xff, '\r', '\n', (byte) 0xc3};
    byte[] value = {(byte) 0x80, 0, '\n'};
    try (Jedis jedis = connect()) {
      jedis.set(key, value);
      assertThat(jedis.get(key)).containsExactly(value);
      assertThat(jedis.keys("*".getBytes())).hasSize(1);
      assertThat(jedis.keys("*".getBytes()).iterator().next()).containsExactly(key);
    }
  }

  @Test
  void ttlsCountDownAndExpiredKeysVanishWithoutBeingTouched() {
    try (Jedis jedis = connect()) {
      jedis.set("short", "v", SetParams.setParams().px(150));
      jedis.set("long", "v", SetParams.setParams().ex(100));
      assertThat(jedis.ttl("long")).isBetween(99L, 100L);
      assertThat(jedis.pttl("short")).isBetween(1L, 150L);
      assertThat(jedis.persist("long")).isEqualTo(1);
      assertThat(jedis.ttl("long")).isEqualTo(-1);
      // Only the active cycle can remove it: no command names the key again.
      Eventually.waitFor(
          "the active expiry cycle to delete the key",
          Duration.ofSeconds(10),
          () -> jedis.dbSize() == 1);
      assertThat(jedis.exists("short")).isFalse();
    }
  }

  @Test
  void scanVisitsEveryKeyOnceAcrossManyCalls() {
    try (Jedis jedis = connect()) {
      Pipeline pipeline = jedis.pipelined();
      for (int i = 0; i < 5_000; i++) {
        pipeline.set("key:" + i, "v");
      }
      pipeline.sync();
      Set<String> seen = new HashSet<>();
      String cursor = ScanParams.SCAN_POINTER_START;
      ScanParams params = new ScanParams().match("key:*").count(100);
      do {
        ScanResult<String> page = jedis.scan(cursor, params);
        seen.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      assertThat(seen).hasSize(5_000);
    }
  }

  @Test
  void pipelinedRepliesComeBackInOrder() {
    try (Jedis jedis = connect()) {
      Pipeline pipeline = jedis.pipelined();
      List<Response<Long>> counts = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        counts.add(pipeline.incr("counter"));
      }
      pipeline.sync();
      for (int i = 0; i < counts.size(); i++) {
        assertThat(counts.get(i).get()).isEqualTo(i + 1);
      }
    }
  }

  @Test
  void concurrentClientsOnEveryEventLoopSeeEachOthersWritesAtomically() throws Exception {
    int clients = 16;
    int increments = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(
            pool.submit(
                () -> {
                  try (Jedis jedis = connect()) {
                    for (int i = 0; i < increments; i++) {
                      jedis.incr("shared");
                    }
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (Jedis jedis = connect()) {
      assertThat(jedis.get("shared")).isEqualTo(String.valueOf(clients * increments));
    }
  }

  @Test
  void resp3ClientsGetMapsAndTheLibraryNameTheySet() {
    DefaultJedisClientConfig config =
        DefaultJedisClientConfig.builder()
            .protocol(RedisProtocol.RESP3)
            .clientName("resp3-app")
            .build();
    try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", server.port()), config)) {
      jedis.set("k", "v");
      assertThat(jedis.get("k")).isEqualTo("v");
      assertThat(jedis.clientGetname()).isEqualTo("resp3-app");
      String info = jedis.clientInfo();
      assertThat(info).contains("name=resp3-app").contains("resp=3").contains("lib-name=jedis");
      Map<String, String> databases = jedis.configGet("databases");
      assertThat(databases).containsEntry("databases", "16");
    }
  }
}
