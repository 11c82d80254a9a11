package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SortingParams;

/**
 * SORT through Jedis, as an application uses it: a shop's product ids ordered by prices and names
 * kept in other keys, pages of a leaderboard, and a sorted copy kept as a list.
 */
class JedisSortTest {
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

  /** Products 1..4 in a set, each with a price string and a hash of details. */
  private static void stock(Jedis jedis) {
    jedis.sadd("products", "1", "2", "3", "4");
    jedis.mset("price:1", "9.99", "price:2", "2.50", "price:3", "120", "price:4", "2.5");
    jedis.hset("product:1", Map.of("name", "Mug", "stock", "12"));
    jedis.hset("product:2", Map.of("name", "Pen", "stock", "300"));
    jedis.hset("product:3", Map.of("name", "Lamp", "stock", "4"));
    jedis.hset("product:4", Map.of("name", "Clip"));
  }

  @Test
  void productsAreListedByPriceWithTheirNames() {
    try (Jedis jedis = connect()) {
      stock(jedis);
      assertThat(jedis.sort("products")).containsExactly("1", "2", "3", "4");
      // 2.50 and 2.5 tie: the ids decide.
      assertThat(jedis.sort("products", new SortingParams().by("price:*")))
          .containsExactly("2", "4", "1", "3");
      assertThat(
              jedis.sort(
                  "products",
                  new SortingParams().by("price:*").desc().get("#", "product:*->name", "price:*")))
          .containsExactly(
              "3", "Lamp", "120", "1", "Mug", "9.99", "4", "Clip", "2.5", "2", "Pen", "2.50");
      assertThat(jedis.sort("products", new SortingParams().by("product:*->name").alpha()))
          .containsExactly("4", "3", "1", "2");
      assertThat(
              jedis.sort(
                  "products", new SortingParams().by("product:*->stock").get("product:*->stock")))
          .containsExactly(null, "4", "12", "300");
      assertThat(
              jedis.sortReadonly(
                  "products", new SortingParams().by("price:*").limit(1, 2).get("product:*->name")))
          .containsExactly("Clip", "Mug");
    }
  }

  @Test
  void aLeaderboardIsPagedInItsOwnOrder() {
    try (Jedis jedis = connect()) {
      jedis.zadd("board", Map.of("ann", 30.0, "bob", 10.0, "cid", 20.0, "dee", 40.0));
      SortingParams byRank = new SortingParams().by("nosort");
      assertThat(jedis.sort("board", byRank)).containsExactly("bob", "cid", "ann", "dee");
      assertThat(jedis.sort("board", new SortingParams().by("nosort").desc().limit(0, 2)))
          .containsExactly("dee", "ann");
      assertThat(jedis.sort("board", new SortingParams().alpha().limit(1, 2)))
          .containsExactly("bob", "cid");
      assertThat(jedis.objectEncoding("board")).isEqualTo("skiplist");
    }
  }

  @Test
  void aSortedCopyIsKeptAsAList() {
    try (Jedis jedis = connect()) {
      stock(jedis);
      jedis.set("cheapest", "stale");
      assertThat(jedis.sort("products", new SortingParams().by("price:*").limit(0, 2), "cheapest"))
          .isEqualTo(2);
      assertThat(jedis.type("cheapest")).isEqualTo("list");
      assertThat(jedis.lrange("cheapest", 0, -1)).containsExactly("2", "4");
      assertThat(jedis.sort("products", new SortingParams().limit(10, 2), "cheapest")).isZero();
      assertThat(jedis.exists("cheapest")).isFalse();
    }
  }

  @Test
  void errorsReachTheApplication() {
    try (Jedis jedis = connect()) {
      jedis.rpush("names", "b", "a");
      jedis.set("plain", "x");
      assertThatThrownBy(() -> jedis.sort("names"))
          .isInstanceOf(JedisDataException.class)
          .hasMessage("ERR One or more scores can't be converted into double");
      assertThatThrownBy(() -> jedis.sort("plain"))
          .isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("WRONGTYPE");
      assertThat(jedis.sort("names", new SortingParams().alpha())).containsExactly("a", "b");
      assertThat(jedis.sort("missing")).isEmpty();
    }
  }
}
