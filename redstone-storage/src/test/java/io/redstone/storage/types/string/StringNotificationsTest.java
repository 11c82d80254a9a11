package io.redstone.storage.types.string;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.notify.EventLog;
import org.junit.jupiter.api.Test;

/** The keyspace events of the string commands, as Redis 7.0's t_string.c emits them. */
class StringNotificationsTest {
  private final EngineHarness redis = new EngineHarness();
  private final EventLog log = EventLog.subscribe(redis, "EAn");

  @Test
  void setFamily() {
    redis.call("SET", "k", "v");
    redis.call("SET", "k", "v", "EX", "100");
    redis.call("SET", "k", "v", "NX");
    redis.call("SETNX", "k2", "v");
    redis.call("SETEX", "k3", "100", "v");
    redis.call("GETSET", "k3", "w");
    redis.call("MSET", "m1", "a", "k", "b");
    assertThat(log.events())
        .containsExactly(
            "new k",
            "set k",
            "set k",
            "expire k",
            "new k2",
            "set k2",
            "new k3",
            "set k3",
            "expire k3",
            "set k3",
            "new m1",
            "set m1",
            "set k");
  }

  @Test
  void getdelAndGetexEmitWhatTheyChange() {
    redis.call("SET", "k", "v");
    log.events();
    redis.call("GETEX", "k", "EX", "100");
    redis.call("GETEX", "k", "PERSIST");
    redis.call("GETEX", "k", "PERSIST");
    redis.call("GETEX", "k");
    redis.call("GETDEL", "k");
    redis.call("GETDEL", "k");
    assertThat(log.events()).containsExactly("expire k", "persist k", "del k");
  }

  @Test
  void countersAndRanges() {
    redis.call("INCR", "n");
    redis.call("DECRBY", "n", "3");
    redis.call("INCRBYFLOAT", "n", "1.5");
    redis.call("APPEND", "a", "x");
    redis.call("APPEND", "a", "y");
    redis.call("SETRANGE", "a", "0", "z");
    redis.call("SETRANGE", "a", "0", "");
    redis.call("SETRANGE", "empty", "0", "");
    assertThat(log.events())
        .containsExactly(
            "new n",
            "incrby n",
            "incrby n",
            "incrbyfloat n",
            "new a",
            "append a",
            "append a",
            "setrange a");
  }

  @Test
  void aFailedWriteEmitsNothing() {
    redis.call("SET", "s", "text");
    log.events();
    redis.call("INCR", "s");
    redis.call("RPUSH", "l", "a");
    redis.call("APPEND", "l", "x");
    assertThat(log.events()).containsExactly("new l", "rpush l");
  }
}
