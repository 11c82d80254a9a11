package io.redstone.storage.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.ClientSession;
import io.redstone.storage.EngineHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The channels, the classes, CONFIG SET at run time, expiry, MULTI/EXEC and scripts. */
class KeyspaceEventsTest {
  private final EngineHarness redis = new EngineHarness();

  @Test
  void offByDefaultAndTurnedOnAndOffByConfigSet() {
    EventLog log = EventLog.subscribe(redis, "");
    redis.call("SET", "k", "v");
    assertThat(log.take()).isEmpty();

    redis.call("CONFIG", "SET", "notify-keyspace-events", "KE$");
    redis.call("SET", "k", "v");
    assertThat(log.take()).containsExactly("__keyspace@0__:k set", "__keyevent@0__:set k");

    redis.call("CONFIG", "SET", "notify-keyspace-events", "");
    redis.call("SET", "k", "v");
    assertThat(log.take()).isEmpty();
  }

  @Test
  void keyspaceChannelsCarryTheEventAndKeyeventChannelsTheKey() {
    EventLog log = EventLog.subscribe(redis, "Kg");
    redis.call("SET", "k", "v");
    redis.call("DEL", "k");
    assertThat(log.take()).containsExactly("__keyspace@0__:k del");

    redis.call("CONFIG", "SET", "notify-keyspace-events", "Eg");
    redis.call("SET", "k", "v");
    redis.call("DEL", "k");
    assertThat(log.take()).containsExactly("__keyevent@0__:del k");
  }

  @Test
  void aClassOnlyPublishesItsOwnEvents() {
    EventLog log = EventLog.subscribe(redis, "El");
    redis.call("SET", "s", "v");
    redis.call("HSET", "h", "f", "v");
    redis.call("RPUSH", "l", "a");
    redis.call("DEL", "s", "h", "l");
    assertThat(log.events()).containsExactly("rpush l");
  }

  @Test
  void theChannelNamesTheDatabaseOfTheKey() {
    EventLog log = EventLog.subscribe(redis, "KEA");
    redis.call("SELECT", "7");
    redis.call("SET", "k", "v");
    assertThat(log.take()).containsExactly("__keyspace@7__:k set", "__keyevent@7__:set k");
  }

  @Test
  void newAndKeymissOnlyWhenAskedFor() {
    EventLog log = EventLog.subscribe(redis, "KEA");
    redis.call("SET", "k", "v");
    redis.call("GET", "missing");
    assertThat(log.events()).containsExactly("set k");

    // "n" beside "A" is not printed by CONFIG GET, but it is on.
    redis.call("CONFIG", "SET", "notify-keyspace-events", "KEAnm");
    assertThat(redis.call("CONFIG", "GET", "notify-keyspace-events"))
        .isEqualTo("*2\r\n$22\r\nnotify-keyspace-events\r\n$4\r\nAKEm\r\n");
    redis.call("SET", "k2", "v");
    redis.call("SET", "k2", "w");
    redis.call("GET", "missing");
    redis.call("LPUSH", "l", "a");
    assertThat(log.events())
        .containsExactly("new k2", "set k2", "set k2", "keymiss missing", "new l", "lpush l");
  }

  @Test
  void passiveExpiryEmitsExpiredBeforeTheMiss() {
    EventLog log = EventLog.subscribe(redis, "EAm");
    redis.call("SET", "k", "v", "PX", "100");
    redis.advanceMillis(101);
    assertThat(redis.call("GET", "k")).isEqualTo("$-1\r\n");
    assertThat(log.events()).containsExactly("set k", "expire k", "expired k", "keymiss k");
  }

  @Test
  void activeExpiryEmitsExpired() {
    EventLog log = EventLog.subscribe(redis, "Ex");
    for (int i = 0; i < 5; i++) {
      redis.call("SET", "k" + i, "v", "PX", "100");
    }
    redis.advanceMillis(101);
    for (int i = 0; i < 10 && redis.engine().database(0).size() > 0; i++) {
      redis.engine().cron();
    }
    assertThat(redis.engine().database(0).size()).isZero();
    assertThat(log.events())
        .containsExactlyInAnyOrder(
            "expired k0", "expired k1", "expired k2", "expired k3", "expired k4");
  }

  @Test
  void transactionsAndScriptsEmitAtEachCommandInOrder() {
    EventLog log = EventLog.subscribe(redis, "EA");
    redis.call("MULTI");
    redis.call("SET", "a", "1");
    redis.call("INCR", "a");
    assertThat(log.events()).isEmpty();
    redis.call("EXEC");
    assertThat(log.events()).containsExactly("set a", "incrby a");

    redis.call(
        "EVAL",
        "redis.call('rpush', KEYS[1], 'x'); redis.call('lpop', KEYS[1]); return 1",
        "1",
        "l");
    assertThat(log.events()).containsExactly("rpush l", "lpop l", "del l");
  }

  @Test
  void aServedBlockedPopEmitsAfterThePushThatWokeIt() {
    EventLog log = EventLog.subscribe(redis, "EA");
    List<String> unblocked = new ArrayList<>();
    redis.engine().onUnblocked((session, reply) -> unblocked.add(new String(reply)));
    ClientSession waiter = redis.newSession(5);
    assertThat(redis.callAs(waiter, "BLPOP", "l", "0")).isEmpty();
    redis.call("RPUSH", "l", "a");
    assertThat(unblocked).hasSize(1);
    assertThat(log.events()).containsExactly("rpush l", "lpop l", "del l");
  }

  @Test
  void aRespThreeClientOnItsOwnKeyReadsThePushWhereRedisWritesIt() {
    List<String> pushed = new ArrayList<>();
    ClientSession self = redis.newListeningSession(5, pushed);
    redis.call("CONFIG", "SET", "notify-keyspace-events", "KA");
    redis.callAs(self, "HELLO", "3");
    redis.callAs(self, "SUBSCRIBE", "__keyspace@0__:k");
    // SET notifies before it answers, LPUSH after, as in Redis.
    assertThat(redis.callAs(self, "SET", "k", "v"))
        .isEqualTo(">3\r\n$7\r\nmessage\r\n$16\r\n__keyspace@0__:k\r\n$3\r\nset\r\n+OK\r\n");
    redis.callAs(self, "DEL", "k");
    assertThat(redis.callAs(self, "LPUSH", "k", "a"))
        .isEqualTo(":1\r\n>3\r\n$7\r\nmessage\r\n$16\r\n__keyspace@0__:k\r\n$5\r\nlpush\r\n");
    assertThat(pushed).isEmpty();
  }
}
