package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Lua scripts through Jedis as libraries ship them: a lock released only by its holder's token
 * (Redlock's release script), a sliding-window rate limiter on a sorted set, a queue move with
 * cmsgpack-packed job data (as BullMQ does), each loaded once and run by EVALSHA.
 */
class JedisScriptingTest {
  private static final String RELEASE_LOCK =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

  private static final String SLIDING_WINDOW =
      "local now = tonumber(ARGV[1])\n"
          + "local window = tonumber(ARGV[2])\n"
          + "local limit = tonumber(ARGV[3])\n"
          + "redis.call('zremrangebyscore', KEYS[1], '-inf', now - window)\n"
          + "if redis.call('zcard', KEYS[1]) >= limit then return 0 end\n"
          + "redis.call('zadd', KEYS[1], now, ARGV[4])\n"
          + "redis.call('pexpire', KEYS[1], window)\n"
          + "return 1";

  private static final String MOVE_TO_ACTIVE =
      "local id = redis.call('rpoplpush', KEYS[1], KEYS[2])\n"
          + "if not id then return false end\n"
          + "local job = cmsgpack.unpack(redis.call('hget', KEYS[3], id))\n"
          + "job.attempts = job.attempts + 1\n"
          + "redis.call('hset', KEYS[3], id, cmsgpack.pack(job))\n"
          + "return {id, job.name, job.attempts}";

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
      jedis.scriptFlush();
    }
  }

  private static Jedis connect() {
    return new Jedis("127.0.0.1", server.port());
  }

  @Test
  void aLockIsReleasedOnlyWithItsToken() {
    try (Jedis jedis = connect()) {
      String sha = jedis.scriptLoad(RELEASE_LOCK);
      jedis.set("lock:order", "token-a");
      assertThat(jedis.evalsha(sha, List.of("lock:order"), List.of("token-b"))).isEqualTo(0L);
      assertThat(jedis.get("lock:order")).isEqualTo("token-a");
      assertThat(jedis.evalsha(sha, List.of("lock:order"), List.of("token-a"))).isEqualTo(1L);
      assertThat(jedis.exists("lock:order")).isFalse();
    }
  }

  @Test
  void theRateLimiterAdmitsAtMostTheLimitPerWindow() {
    try (Jedis jedis = connect()) {
      String sha = jedis.scriptLoad(SLIDING_WINDOW);
      long now = 1_700_000_000_000L;
      int admitted = 0;
      for (int i = 0; i < 8; i++) {
        Object ok =
            jedis.evalsha(
                sha,
                List.of("rate:user1"),
                List.of(String.valueOf(now + i), "1000", "5", "req" + i));
        admitted += ((Long) ok).intValue();
      }
      assertThat(admitted).isEqualTo(5);
      assertThat(jedis.zcard("rate:user1")).isEqualTo(5);
      // A second later the window has moved on.
      Object later =
          jedis.evalsha(
              sha, List.of("rate:user1"), List.of(String.valueOf(now + 2000), "1000", "5", "late"));
      assertThat(later).isEqualTo(1L);
    }
  }

  @Test
  void aQueueMovesAJobAndCountsItsAttemptsInMsgpack() {
    try (Jedis jedis = connect()) {
      jedis.eval(
          "redis.call('hset', KEYS[1], 'job1', cmsgpack.pack({name='email', attempts=0}))",
          List.of("jobs"),
          List.of());
      jedis.lpush("wait", "job1");
      String sha = jedis.scriptLoad(MOVE_TO_ACTIVE);
      List<String> keys = List.of("wait", "active", "jobs");
      assertThat(jedis.evalsha(sha, keys, List.of())).isEqualTo(List.of("job1", "email", 1L));
      assertThat(jedis.lrange("active", 0, -1)).containsExactly("job1");
      assertThat(jedis.evalsha(sha, keys, List.of())).isNull();
    }
  }

  @Test
  void evalshaOfAnUnknownScriptIsNoscript() {
    try (Jedis jedis = connect()) {
      assertThatThrownBy(() -> jedis.evalsha("0".repeat(40)))
          .isInstanceOf(JedisNoScriptException.class)
          .hasMessage("NOSCRIPT No matching script. Please use EVAL.");
      assertThat(jedis.scriptExists(jedis.scriptLoad("return 1"))).isTrue();
    }
  }
}
