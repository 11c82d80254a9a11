package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.server.testing.TestServer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import redis.clients.jedis.resps.ScanResult;

/**
 * Hashes through Jedis as an application uses them: user profiles as hashes, counters in fields, a
 * pipeline of updates, a full HSCAN of a big hash, random sampling, and RESP3.
 */
class JedisHashTest {
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
  void flush() {
    try (Jedis jedis = connect()) {
      jedis.flushAll();
    }
  }

  @Test
  void aProfileIsStoredReadAndUpdatedFieldByField() {
    try (Jedis jedis = connect()) {
      Map<String, String> profile = new LinkedHashMap<>();
      profile.put("name", "Ada");
      profile.put("email", "ada@example.com");
      profile.put("visits", "0");
      assertThat(jedis.hset("user:1", profile)).isEqualTo(3);
      assertThat(jedis.hget("user:1", "name")).isEqualTo("Ada");
      assertThat(jedis.hmget("user:1", "email", "phone")).containsExactly("ada@example.com", null);
      assertThat(jedis.hincrBy("user:1", "visits", 1)).isEqualTo(1);
      assertThat(jedis.hincrByFloat("user:1", "balance", 10.5)).isEqualTo(10.5);
      assertThat(jedis.hincrByFloat("user:1", "balance", -0.25)).isEqualTo(10.25);
      assertThat(jedis.hsetnx("user:1", "name", "Grace")).isZero();
      assertThat(jedis.hexists("user:1", "phone")).isFalse();
      assertThat(jedis.hstrlen("user:1", "email")).isEqualTo(15);
      assertThat(jedis.hlen("user:1")).isEqualTo(4);
      assertThat(jedis.hkeys("user:1"))
          .containsExactlyInAnyOrder("name", "email", "visits", "balance");
      assertThat(jedis.hgetAll("user:1"))
          .containsEntry("visits", "1")
          .containsEntry("balance", "10.25")
          .hasSize(4);
      assertThat(jedis.hdel("user:1", "email", "phone")).isEqualTo(1);
      assertThat(jedis.hvals("user:1")).containsExactlyInAnyOrder("Ada", "1", "10.25");
      assertThat(jedis.hmset("user:1", Map.of("city", "London"))).isEqualTo("OK");
      assertThat(jedis.type("user:1")).isEqualTo("hash");
    }
  }

  @Test
  void errorsReachTheApplicationAsRedisWordsThem() {
    try (Jedis jedis = connect()) {
      jedis.set("plain", "v");
      assertThatThrownBy(() -> jedis.hget("plain", "f"))
          .isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("WRONGTYPE");
      jedis.hset("h", "word", "abc");
      assertThatThrownBy(() -> jedis.hincrBy("h", "word", 1))
          .hasMessage("ERR hash value is not an integer");
      assertThatThrownBy(() -> jedis.hincrByFloat("h", "word", 1))
          .hasMessage("ERR hash value is not a float");
    }
  }

  @Test
  void aPipelineOfUpdatesAnswersInOrder() {
    try (Jedis jedis = connect()) {
      Pipeline pipeline = jedis.pipelined();
      for (int i = 0; i < 100; i++) {
        pipeline.hincrBy("page:views", "p" + (i % 10), 1);
      }
      Response<Map<String, String>> all = pipeline.hgetAll("page:views");
      Response<Long> length = pipeline.hlen("page:views");
      pipeline.sync();
      assertThat(length.get()).isEqualTo(10);
      assertThat(all.get())
          .hasSize(10)
          .allSatisfy((field, count) -> assertThat(count).isEqualTo("10"));
    }
  }

  @Test
  void hscanWalksABigHashToTheEnd() {
    try (Jedis jedis = connect()) {
      Map<String, String> big = new HashMap<>();
      for (int i = 0; i < 2_000; i++) {
        big.put("field:" + i, "value:" + i);
      }
      jedis.hset("big", big);
      assertThat(jedis.objectEncoding("big")).isEqualTo("hashtable");
      Map<String, String> seen = new HashMap<>();
      String cursor = ScanParams.SCAN_POINTER_START;
      int calls = 0;
      do {
        ScanResult<Map.Entry<String, String>> page =
            jedis.hscan("big", cursor, new ScanParams().count(50).match("field:*"));
        page.getResult().forEach(entry -> seen.put(entry.getKey(), entry.getValue()));
        cursor = page.getCursor();
        calls++;
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      assertThat(seen).isEqualTo(big);
      assertThat(calls).isGreaterThan(10);
    }
  }

  @Test
  void randomFieldsComeFromTheHash() {
    try (Jedis jedis = connect()) {
      jedis.hset("coin", Map.of("heads", "obverse", "tails", "reverse", "edge", "null"));
      Set<String> fields = Set.of("heads", "tails", "edge");
      assertThat(fields).contains(jedis.hrandfield("coin"));
      List<String> two = jedis.hrandfield("coin", 2);
      assertThat(two).hasSize(2).doesNotHaveDuplicates();
      assertThat(fields).containsAll(two);
      List<Map.Entry<String, String>> many = jedis.hrandfieldWithValues("coin", -5);
      assertThat(many).hasSize(5);
      for (Map.Entry<String, String> entry : many) {
        assertThat(jedis.hget("coin", entry.getKey())).isEqualTo(entry.getValue());
      }
      assertThat(jedis.hrandfield("nothing")).isNull();
      assertThat(jedis.hrandfield("nothing", 3)).isEmpty();
    }
  }

  @Test
  void resp3ClientsGetTheHashAsAMapAndPairsForRandomFields() {
    DefaultJedisClientConfig config =
        DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build();
    try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", server.port()), config)) {
      jedis.hset("h", Map.of("a", "1", "b", "2"));
      assertThat(jedis.hgetAll("h")).isEqualTo(Map.of("a", "1", "b", "2"));
      assertThat(jedis.hgetAll("missing")).isEmpty();
      List<Map.Entry<String, String>> pairs = jedis.hrandfieldWithValues("h", 2);
      Set<String> picked = new HashSet<>();
      for (Map.Entry<String, String> pair : pairs) {
        picked.add(pair.getKey() + "=" + pair.getValue());
      }
      assertThat(picked).containsExactlyInAnyOrder("a=1", "b=2");
      assertThat(jedis.hincrByFloat("h", "a", 0.5)).isEqualTo(1.5);
    }
  }
}
