package io.redstone.storage.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.notify.EventLog;
import org.junit.jupiter.api.Test;

/** The keyspace events of the commands on keys of any type, as Redis 7.0's db.c and expire.c. */
class KeyNotificationsTest {
  private final EngineHarness redis = new EngineHarness();
  private final EventLog log = EventLog.subscribe(redis, "EAn");

  @Test
  void delAndUnlinkNameEachDeletedKey() {
    redis.call("MSET", "a", "1", "b", "2");
    log.events();
    redis.call("DEL", "a", "missing", "b");
    redis.call("SET", "c", "3");
    redis.call("UNLINK", "c");
    assertThat(log.events()).containsExactly("del a", "del b", "new c", "set c", "del c");
  }

  @Test
  void expireAndPersist() {
    redis.call("SET", "k", "v");
    log.events();
    redis.call("EXPIRE", "k", "100");
    redis.call("PEXPIREAT", "k", "4102444800000");
    redis.call("EXPIRE", "k", "100", "NX");
    redis.call("PERSIST", "k");
    redis.call("PERSIST", "k");
    redis.call("EXPIRE", "k", "-1");
    assertThat(log.events()).containsExactly("expire k", "expire k", "persist k", "del k");
  }

  @Test
  void renameCreatesTheTargetThenNamesBoth() {
    redis.call("SET", "a", "1");
    redis.call("SET", "b", "2");
    log.events();
    redis.call("RENAME", "a", "b");
    redis.call("RENAMENX", "b", "c");
    redis.call("RENAMENX", "c", "c");
    assertThat(log.events())
        .containsExactly(
            "new b", "rename_from a", "rename_to b", "new c", "rename_from b", "rename_to c");
  }

  @Test
  void moveAndCopyEmitInTheTargetDatabase() {
    redis.call("SET", "k", "v");
    log.events();
    redis.call("COPY", "k", "k2");
    redis.call("COPY", "k", "k2", "DB", "3");
    redis.call("MOVE", "k", "5");
    assertThat(log.events(0)).containsExactly("new k2", "copy_to k2", "move_from k");
    assertThat(log.take()).isEmpty();

    redis.call("SET", "x", "v");
    log.take();
    redis.call("MOVE", "x", "5");
    assertThat(log.take())
        .containsExactly(
            "__keyevent@5__:new x", "__keyevent@0__:move_from x", "__keyevent@5__:move_to x");
  }

  @Test
  void sortStoreStoresOrDeletes() {
    redis.call("RPUSH", "src", "2", "1");
    log.events();
    redis.call("SORT", "src", "STORE", "dst");
    redis.call("SORT", "src", "LIMIT", "0", "0", "STORE", "dst");
    assertThat(log.events()).containsExactly("new dst", "sortstore dst", "del dst");
  }
}
