package io.redstone.storage.types.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.notify.EventLog;
import org.junit.jupiter.api.Test;

/** The keyspace events of the list commands, as Redis 7.0's t_list.c emits them. */
class ListNotificationsTest {
  private final EngineHarness redis = new EngineHarness();
  private final EventLog log = EventLog.subscribe(redis, "EAn");

  @Test
  void pushesAndPops() {
    redis.call("LPUSH", "l", "a", "b");
    redis.call("RPUSHX", "l", "c");
    redis.call("LPUSHX", "missing", "c");
    redis.call("LPOP", "l");
    redis.call("RPOP", "l", "5");
    assertThat(log.events())
        .containsExactly("new l", "lpush l", "rpush l", "lpop l", "rpop l", "del l");
  }

  @Test
  void editsInPlace() {
    redis.call("RPUSH", "l", "a", "b", "a");
    log.events();
    redis.call("LSET", "l", "0", "x");
    redis.call("LINSERT", "l", "BEFORE", "b", "y");
    redis.call("LINSERT", "l", "BEFORE", "nopivot", "y");
    redis.call("LREM", "l", "0", "nothere");
    redis.call("LREM", "l", "0", "a");
    redis.call("LTRIM", "l", "0", "-1");
    redis.call("LTRIM", "l", "5", "6");
    assertThat(log.events())
        .containsExactly("lset l", "linsert l", "lrem l", "ltrim l", "ltrim l", "del l");
  }

  @Test
  void lmovePushesOntoTheDestinationBeforeItPopsTheSource() {
    redis.call("RPUSH", "src", "a");
    log.events();
    redis.call("LMOVE", "src", "dst", "LEFT", "RIGHT");
    assertThat(log.events()).containsExactly("new dst", "rpush dst", "lpop src", "del src");

    redis.call("RPUSH", "same", "a", "b");
    log.events();
    redis.call("RPOPLPUSH", "same", "same");
    assertThat(log.events()).containsExactly("lpush same", "rpop same");
  }

  @Test
  void multiAndBlockingPopsServedAtOnce() {
    redis.call("RPUSH", "l", "a", "b", "c");
    log.events();
    redis.call("LMPOP", "2", "missing", "l", "RIGHT", "COUNT", "2");
    redis.call("BLPOP", "l", "0");
    assertThat(log.events()).containsExactly("rpop l", "lpop l", "del l");
  }
}
