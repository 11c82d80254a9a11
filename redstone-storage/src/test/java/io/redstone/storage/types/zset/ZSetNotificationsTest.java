package io.redstone.storage.types.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.notify.EventLog;
import org.junit.jupiter.api.Test;

/** The keyspace events of the sorted set commands, as Redis 7.0's t_zset.c emits them. */
class ZSetNotificationsTest {
  private final EngineHarness redis = new EngineHarness();
  private final EventLog log = EventLog.subscribe(redis, "EAn");

  @Test
  void addIncrementAndRemove() {
    redis.call("ZADD", "z", "1", "a", "2", "b");
    redis.call("ZADD", "z", "1", "a");
    redis.call("ZADD", "missing", "XX", "1", "a");
    redis.call("ZADD", "z", "INCR", "1", "a");
    redis.call("ZINCRBY", "z", "1", "b");
    redis.call("ZREM", "z", "nothere");
    redis.call("ZREM", "z", "a", "b");
    assertThat(log.events())
        .containsExactly("new z", "zadd z", "zincr z", "zincr z", "zrem z", "del z");
  }

  @Test
  void rangeRemovalsNameTheirCommand() {
    redis.call("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d");
    log.events();
    redis.call("ZREMRANGEBYRANK", "z", "0", "0");
    redis.call("ZREMRANGEBYSCORE", "z", "5", "6");
    redis.call("ZREMRANGEBYLEX", "z", "[b", "[c");
    redis.call("ZREMRANGEBYSCORE", "z", "-inf", "+inf");
    assertThat(log.events())
        .containsExactly("zremrangebyrank z", "zremrangebylex z", "zremrangebyscore z", "del z");
  }

  @Test
  void pops() {
    redis.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
    log.events();
    redis.call("ZPOPMIN", "z");
    redis.call("ZPOPMAX", "z", "0");
    redis.call("ZMPOP", "1", "z", "MAX", "COUNT", "2");
    redis.call("BZPOPMIN", "z", "0");
    assertThat(log.events()).containsExactly("zpopmin z", "zpopmax z", "zpopmin z", "del z");
  }

  @Test
  void storesNameTheirCommandOrDeleteAnEmptyResult() {
    redis.call("ZADD", "a", "1", "x", "2", "y");
    log.events();
    redis.call("ZRANGESTORE", "d", "a", "0", "0");
    redis.call("ZUNIONSTORE", "d", "1", "a");
    redis.call("ZINTERSTORE", "d", "1", "a");
    redis.call("ZDIFFSTORE", "d", "1", "a");
    redis.call("ZDIFFSTORE", "d", "2", "a", "a");
    redis.call("ZRANGESTORE", "d", "a", "5", "6");
    assertThat(log.events())
        .containsExactly(
            "new d", "zrangestore d", "zunionstore d", "zinterstore d", "zdiffstore d", "del d");
  }
}
