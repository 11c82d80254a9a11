package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.server.testing.TestServer;
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
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

/** Sorted sets as an application uses them through Jedis: a leaderboard, a queue, an index. */
class JedisZSetTest {
  private static TestServer server;
  private Jedis jedis;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void connect() {
    jedis = new Jedis("127.0.0.1", server.port());
    jedis.flushAll();
  }

  @Test
  void leaderboardRanksPlayersByScore() {
    jedis.zadd("board", Map.of("alice", 120.0, "bob", 95.5, "carol", 120.0, "dave", 10.0));
    jedis.zincrby("board", 30, "dave");
    jedis.zadd("board", 100, "bob", ZAddParams.zAddParams().gt());
    jedis.zadd("board", 50, "alice", ZAddParams.zAddParams().gt());

    List<Tuple> top = jedis.zrevrangeWithScores("board", 0, 2);
    assertThat(top)
        .containsExactly(
            new Tuple("carol", 120.0), new Tuple("alice", 120.0), new Tuple("bob", 100.0));
    assertThat(jedis.zrevrank("board", "dave")).isEqualTo(3);
    assertThat(jedis.zscore("board", "dave")).isEqualTo(40.0);
    assertThat(jedis.zcount("board", 40, 100)).isEqualTo(2);
    assertThat(jedis.zrangeByScore("board", "(40", "+inf"))
        .containsExactly("bob", "alice", "carol");
    assertThat(jedis.zmscore("board", "alice", "nobody")).containsExactly(120.0, null);
    // With REV the range is written from max to min.
    assertThat(jedis.zrange("board", ZRangeParams.zrangeByScoreParams(200, 0).rev().limit(1, 2)))
        .containsExactly("alice", "bob");
  }

  @Test
  void aDelayQueuePopsTheEarliestJobsFirst() {
    for (int i = 0; i < 10; i++) {
      jedis.zadd("jobs", 1_000 + i, "job-" + i);
    }
    assertThat(jedis.zpopmin("jobs", 3))
        .containsExactly(
            new Tuple("job-0", 1000.0), new Tuple("job-1", 1001.0), new Tuple("job-2", 1002.0));
    KeyValue<String, List<Tuple>> popped = jedis.zmpop(SortedSetOption.MAX, 2, "none", "jobs");
    assertThat(popped.getKey()).isEqualTo("jobs");
    assertThat(popped.getValue())
        .containsExactly(new Tuple("job-9", 1009.0), new Tuple("job-8", 1008.0));
    assertThat(jedis.zremrangeByScore("jobs", 0, 1004)).isEqualTo(2);
    assertThat(jedis.zcard("jobs")).isEqualTo(3);
    assertThat(jedis.zmpop(SortedSetOption.MIN, "none")).isNull();
  }

  @Test
  void aSecondaryIndexCombinesSortedSets() {
    jedis.zadd("by-price", Map.of("p1", 10.0, "p2", 25.0, "p3", 5.0));
    jedis.zadd("in-stock", Map.of("p1", 0.0, "p3", 0.0, "p4", 0.0));
    assertThat(jedis.zinterstore("cheap-in-stock", "by-price", "in-stock")).isEqualTo(2);
    assertThat(jedis.zrangeWithScores("cheap-in-stock", 0, -1))
        .containsExactly(new Tuple("p3", 5.0), new Tuple("p1", 10.0));
    assertThat(jedis.zunion(new redis.clients.jedis.params.ZParams(), "by-price", "in-stock"))
        .containsExactly("p4", "p3", "p1", "p2");
    assertThat(jedis.zdiff("by-price", "in-stock")).containsExactly("p2");
    assertThat(jedis.zintercard("by-price", "in-stock")).isEqualTo(2);
    jedis.zadd("names", Map.of("apple", 0.0, "apricot", 0.0, "banana", 0.0, "cherry", 0.0));
    assertThat(jedis.zrangeByLex("names", "[ap", "(b")).containsExactly("apple", "apricot");
    assertThat(jedis.zlexcount("names", "-", "+")).isEqualTo(4);
  }

  @Test
  void scanningABigSortedSetVisitsEveryMember() {
    Map<String, Double> members = new LinkedHashMap<>();
    for (int i = 0; i < 1_000; i++) {
      members.put("m" + i, (double) i);
    }
    jedis.zadd("big", members);
    assertThat(jedis.objectEncoding("big")).isEqualTo("skiplist");
    Set<String> seen = new HashSet<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    int calls = 0;
    do {
      ScanResult<Tuple> page = jedis.zscan("big", cursor, new ScanParams().count(20));
      for (Tuple tuple : page.getResult()) {
        seen.add(tuple.getElement());
        assertThat(tuple.getScore()).isEqualTo(members.get(tuple.getElement()));
      }
      cursor = page.getCursor();
      calls++;
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    assertThat(seen).hasSize(1_000);
    assertThat(calls).isGreaterThan(1);
    assertThat(jedis.zrandmember("big", 5)).doesNotHaveDuplicates().hasSize(5);
  }

  @Test
  void pipelinedWritesAndReadsKeepTheirOrder() {
    Pipeline pipeline = jedis.pipelined();
    Response<Long> added = pipeline.zadd("p", 1, "a");
    Response<Double> incremented = pipeline.zincrby("p", 0.5, "a");
    Response<Long> rank = pipeline.zrank("p", "a");
    Response<List<String>> range = pipeline.zrange("p", 0, -1);
    pipeline.sync();
    assertThat(added.get()).isEqualTo(1);
    assertThat(incremented.get()).isEqualTo(1.5);
    assertThat(rank.get()).isEqualTo(0);
    assertThat(range.get()).containsExactly("a");
  }

  @Test
  void errorsReachTheClientAsRedisWordsThem() {
    jedis.set("text", "v");
    assertThatThrownBy(() -> jedis.zadd("text", 1, "a"))
        .isInstanceOf(JedisDataException.class)
        .hasMessageStartingWith("WRONGTYPE");
    assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.ZADD, "z", "NX", "XX", "1", "a"))
        .hasMessage("ERR XX and NX options at the same time are not compatible");
    assertThatThrownBy(() -> jedis.zrangeByScore("z", "x", "1"))
        .hasMessage("ERR min or max is not a float");
  }

  @Test
  void resp3ClientsGetDoublesAndPairs() {
    try (Jedis resp3 =
        new Jedis(
            new HostAndPort("127.0.0.1", server.port()),
            DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
      resp3.zadd("r3", Map.of("a", 0.1, "b", 2.0));
      assertThat(resp3.zscore("r3", "a")).isEqualTo(0.1);
      assertThat(resp3.zrangeWithScores("r3", 0, -1))
          .containsExactly(new Tuple("a", 0.1), new Tuple("b", 2.0));
      assertThat(resp3.zpopmax("r3", 1)).containsExactly(new Tuple("b", 2.0));
      assertThat(resp3.zrandmemberWithScores("r3", 1)).containsExactly(new Tuple("a", 0.1));
    }
  }
}
