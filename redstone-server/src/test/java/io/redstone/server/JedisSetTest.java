package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.server.testing.TestServer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
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

/** Sets through Jedis, as an application keeps tags, followers and a work queue in them. */
class JedisSetTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void flush() {
    try (Jedis jedis = connect()) {
      jedis.flushAll();
    }
  }

  private static Jedis connect() {
    return new Jedis("127.0.0.1", server.port());
  }

  @Test
  void tagsOfArticlesAreQueriedWithIntersectionsAndUnions() {
    try (Jedis jedis = connect()) {
      assertThat(jedis.sadd("tag:java", "a1", "a2", "a3")).isEqualTo(3);
      assertThat(jedis.sadd("tag:redis", "a2", "a3", "a4")).isEqualTo(3);
      assertThat(jedis.sadd("tag:redis", "a2")).isZero();
      assertThat(jedis.sinter("tag:java", "tag:redis")).containsExactlyInAnyOrder("a2", "a3");
      assertThat(jedis.sintercard(2, "tag:java", "tag:redis")).isEqualTo(2);
      assertThat(jedis.sintercard(1, "tag:java", "tag:redis")).isEqualTo(1);
      assertThat(jedis.sunion("tag:java", "tag:redis")).hasSize(4);
      assertThat(jedis.sdiff("tag:java", "tag:redis")).containsExactly("a1");
      assertThat(jedis.sunionstore("tag:any", "tag:java", "tag:redis")).isEqualTo(4);
      assertThat(jedis.sinterstore("tag:both", "tag:java", "tag:redis")).isEqualTo(2);
      assertThat(jedis.sdiffstore("tag:only-java", "tag:java", "tag:redis")).isEqualTo(1);
      assertThat(jedis.smembers("tag:both")).containsExactlyInAnyOrder("a2", "a3");
      assertThat(jedis.sismember("tag:java", "a1")).isTrue();
      assertThat(jedis.smismember("tag:redis", "a1", "a4")).containsExactly(false, true);
      assertThat(jedis.scard("tag:any")).isEqualTo(4);
      assertThat(jedis.srem("tag:java", "a1", "zz")).isEqualTo(1);
      assertThat(jedis.smove("tag:java", "tag:redis", "a2")).isEqualTo(1);
      assertThat(jedis.smembers("tag:java")).containsExactly("a3");
    }
  }

  @Test
  void followerIdsStayACompactIntsetUntilTheyOutgrowIt() {
    try (Jedis jedis = connect()) {
      String[] ids = IntStream.range(1000, 1100).mapToObj(Integer::toString).toArray(String[]::new);
      jedis.sadd("followers:7", ids);
      assertThat(jedis.objectEncoding("followers:7")).isEqualTo("intset");
      assertThat(jedis.smembers("followers:7")).hasSize(100).contains("1000", "1099");
      jedis.sadd("followers:7", "bot");
      assertThat(jedis.objectEncoding("followers:7")).isEqualTo("hashtable");
      assertThat(jedis.memoryUsage("followers:7")).isPositive();
    }
  }

  @Test
  void aWorkQueueIsDrainedBySpopWithoutRepeats() {
    try (Jedis jedis = connect()) {
      String[] jobs = IntStream.range(0, 500).mapToObj(i -> "job-" + i).toArray(String[]::new);
      jedis.sadd("jobs", jobs);
      Set<String> taken = new HashSet<>();
      taken.add(jedis.spop("jobs"));
      while (jedis.exists("jobs")) {
        Set<String> batch = jedis.spop("jobs", 64);
        assertThat(batch).doesNotContainAnyElementsOf(taken);
        taken.addAll(batch);
      }
      assertThat(taken).containsExactlyInAnyOrder(jobs);
      assertThat(jedis.spop("jobs")).isNull();
      assertThat(jedis.spop("jobs", 3)).isEmpty();
    }
  }

  @Test
  void randomSamplesAndAFullScanSeeOnlyMembers() {
    try (Jedis jedis = connect()) {
      String[] members = IntStream.range(0, 3000).mapToObj(i -> "m" + i).toArray(String[]::new);
      jedis.sadd("big", members);
      Set<String> all = Set.of(members);
      assertThat(all).contains(jedis.srandmember("big"));
      List<String> distinct = jedis.srandmember("big", 100);
      assertThat(distinct).hasSize(100).doesNotHaveDuplicates();
      assertThat(all).containsAll(jedis.srandmember("big", -200));
      Set<String> scanned = new HashSet<>();
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page =
            jedis.sscan("big", cursor, new ScanParams().count(100).match("m1*"));
        scanned.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      assertThat(scanned).hasSize(1111).allMatch(m -> m.startsWith("m1"));
    }
  }

  @Test
  void pipelinedAndResp3RepliesDecodeAsSets() {
    try (Jedis jedis =
        new Jedis(
            new HostAndPort("127.0.0.1", server.port()),
            DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
      jedis.sadd("a", "1", "2", "3");
      jedis.sadd("b", "2", "3", "4");
      Pipeline pipeline = jedis.pipelined();
      Response<Set<String>> members = pipeline.smembers("a");
      Response<Set<String>> inter = pipeline.sinter("a", "b");
      Response<Set<String>> popped = pipeline.spop("b", 10);
      Response<Long> card = pipeline.scard("b");
      pipeline.sync();
      assertThat(members.get()).containsExactlyInAnyOrder("1", "2", "3");
      assertThat(inter.get()).containsExactlyInAnyOrder("2", "3");
      assertThat(popped.get()).containsExactlyInAnyOrder("2", "3", "4");
      assertThat(card.get()).isZero();
    }
  }

  @Test
  void aSetCommandOnAStringIsAWrongTypeError() {
    try (Jedis jedis = connect()) {
      jedis.set("name", "value");
      assertThatThrownBy(() -> jedis.sadd("name", "x"))
          .isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("WRONGTYPE");
      jedis.sadd("set", "x");
      assertThatThrownBy(() -> jedis.get("set")).hasMessageStartingWith("WRONGTYPE");
    }
  }
}
