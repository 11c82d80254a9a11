package io.redstone.storage.types.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.notify.EventLog;
import org.junit.jupiter.api.Test;

/** The keyspace events of the set commands, as Redis 7.0's t_set.c emits them. */
class SetNotificationsTest {
  private final EngineHarness redis = new EngineHarness();
  private final EventLog log = EventLog.subscribe(redis, "EAn");

  @Test
  void addRemoveAndMove() {
    redis.call("SADD", "s", "a", "b");
    redis.call("SADD", "s", "a");
    redis.call("SREM", "s", "nothere");
    redis.call("SREM", "s", "a");
    redis.call("SMOVE", "s", "t", "b");
    assertThat(log.events())
        .containsExactly("new s", "sadd s", "srem s", "srem s", "del s", "new t", "sadd t");
  }

  @Test
  void pops() {
    redis.call("SADD", "s", "1", "2", "3", "4");
    log.events();
    redis.call("SPOP", "s");
    redis.call("SPOP", "s", "0");
    redis.call("SPOP", "s", "1");
    redis.call("SPOP", "s", "10");
    assertThat(log.events()).containsExactly("spop s", "spop s", "spop s", "del s");
  }

  @Test
  void storesNameTheirCommandOrDeleteAnEmptyResult() {
    redis.call("SADD", "a", "1", "2");
    redis.call("SADD", "b", "2", "3");
    log.events();
    redis.call("SINTERSTORE", "d", "a", "b");
    redis.call("SUNIONSTORE", "d", "a", "b");
    redis.call("SDIFFSTORE", "d", "a", "b");
    redis.call("SDIFFSTORE", "d", "a", "a");
    redis.call("SDIFFSTORE", "d", "a", "a");
    assertThat(log.events())
        .containsExactly("new d", "sinterstore d", "sunionstore d", "sdiffstore d", "del d");
  }
}
