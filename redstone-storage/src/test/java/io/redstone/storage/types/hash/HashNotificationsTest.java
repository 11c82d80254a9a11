package io.redstone.storage.types.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.notify.EventLog;
import org.junit.jupiter.api.Test;

/** The keyspace events of the hash commands, as Redis 7.0's t_hash.c emits them. */
class HashNotificationsTest {
  private final EngineHarness redis = new EngineHarness();
  private final EventLog log = EventLog.subscribe(redis, "EAn");

  @Test
  void everyHashWrite() {
    redis.call("HSET", "h", "a", "1");
    redis.call("HSET", "h", "a", "1");
    redis.call("HMSET", "h", "b", "2");
    redis.call("HSETNX", "h", "b", "3");
    redis.call("HSETNX", "h", "c", "3");
    redis.call("HINCRBY", "h", "n", "2");
    redis.call("HINCRBYFLOAT", "h", "f", "0.5");
    redis.call("HDEL", "h", "nofield");
    redis.call("HDEL", "h", "a", "b");
    redis.call("HDEL", "h", "c", "n", "f");
    assertThat(log.events())
        .containsExactly(
            "new h",
            "hset h",
            "hset h",
            "hset h",
            "hset h",
            "hincrby h",
            "hincrbyfloat h",
            "hdel h",
            "hdel h",
            "del h");
  }
}
