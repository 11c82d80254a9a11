package io.redstone.storage.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.ClientSession;
import io.redstone.storage.EngineHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MULTI, EXEC, DISCARD, WATCH and UNWATCH through the engine, replies as Redis 7.0 gives them. */
class TransactionCommandsTest {
  private final EngineHarness redis = new EngineHarness();
  private final ClientSession other = redis.newSession(2);

  @Test
  void queuedCommandsRunAtExecWithTheirRepliesInOneArray() {
    assertThat(redis.call("MULTI")).isEqualTo("+OK\r\n");
    assertThat(redis.call("SET", "k", "1")).isEqualTo("+QUEUED\r\n");
    assertThat(redis.call("INCR", "k")).isEqualTo("+QUEUED\r\n");
    assertThat(redis.callAs(other, "GET", "k")).isEqualTo("$-1\r\n");
    assertThat(redis.call("EXEC")).isEqualTo("*2\r\n+OK\r\n:2\r\n");
    assertThat(redis.call("GET", "k")).isEqualTo("$1\r\n2\r\n");
  }

  @Test
  void aRuntimeErrorIsAnsweredInPlaceAndTheRestStillRuns() {
    redis.call("SET", "s", "abc");
    redis.call("MULTI");
    redis.call("INCR", "s");
    redis.call("SET", "s", "5");
    redis.call("GET", "s");
    assertThat(redis.call("EXEC"))
        .isEqualTo("*3\r\n-ERR value is not an integer or out of range\r\n+OK\r\n$1\r\n5\r\n");
  }

  @Test
  void aCommandThatFailsToQueueMakesExecAbort() {
    redis.call("MULTI");
    redis.call("SET", "k", "1");
    assertThat(redis.call("NOSUCH", "x"))
        .isEqualTo("-ERR unknown command 'NOSUCH', with args beginning with: 'x' \r\n");
    assertThat(redis.call("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
    assertThat(redis.call("EXEC"))
        .isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
    assertThat(redis.call("GET", "k")).isEqualTo("$-1\r\n");
    assertThat(redis.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
  }

  @Test
  void commandsNotAllowedInMultiAbortTheTransaction() {
    redis.call("MULTI");
    assertThat(redis.call("SAVE")).isEqualTo("-ERR Command not allowed inside a transaction\r\n");
    assertThat(redis.call("SHUTDOWN"))
        .isEqualTo("-ERR Command not allowed inside a transaction\r\n");
    assertThat(redis.call("EXEC"))
        .isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
  }

  @Test
  void nestingWatchInsideAndMissingMultiAnswerRedisTexts() {
    assertThat(redis.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
    assertThat(redis.call("DISCARD")).isEqualTo("-ERR DISCARD without MULTI\r\n");
    redis.call("MULTI");
    assertThat(redis.call("MULTI")).isEqualTo("-ERR MULTI calls can not be nested\r\n");
    assertThat(redis.call("WATCH", "k")).isEqualTo("-ERR WATCH inside MULTI is not allowed\r\n");
    redis.call("SET", "k", "v");
    // Neither error came from queueing: the transaction still runs.
    assertThat(redis.call("EXEC")).isEqualTo("*1\r\n+OK\r\n");
  }

  @Test
  void execWithArgumentsIsAnAbortEvenOutsideMulti() {
    assertThat(redis.call("EXEC", "x"))
        .isEqualTo(
            "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec'"
                + " command\r\n");
    redis.call("MULTI");
    redis.call("SET", "k", "v");
    redis.call("EXEC", "x");
    assertThat(redis.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
    assertThat(redis.call("GET", "k")).isEqualTo("$-1\r\n");
  }

  @Test
  void discardDropsTheQueueAndTheWatches() {
    redis.call("WATCH", "k");
    redis.call("MULTI");
    redis.call("SET", "k", "1");
    assertThat(redis.call("DISCARD")).isEqualTo("+OK\r\n");
    redis.callAs(other, "SET", "k", "2");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*0\r\n");
    assertThat(redis.call("GET", "k")).isEqualTo("$1\r\n2\r\n");
  }

  @Test
  void aWriteByAnotherClientFailsTheExecWithANullArray() {
    redis.call("WATCH", "k");
    redis.callAs(other, "SET", "k", "x");
    redis.call("MULTI");
    redis.call("SET", "k", "mine");
    assertThat(redis.call("EXEC")).isEqualTo("*-1\r\n");
    assertThat(redis.call("GET", "k")).isEqualTo("$1\r\nx\r\n");
  }

  @Test
  void inResp3TheFailedExecIsANull() {
    redis.call("HELLO", "3");
    redis.call("WATCH", "k");
    redis.callAs(other, "DEL", "missing");
    redis.callAs(other, "SET", "k", "x");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("_\r\n");
  }

  @Test
  void aWriteByTheWatcherItselfBeforeMultiCounts() {
    redis.call("WATCH", "k");
    redis.call("SET", "k", "1");
    redis.call("MULTI");
    redis.call("PING");
    assertThat(redis.call("EXEC")).isEqualTo("*-1\r\n");
  }

  @Test
  void onlyRealChangesInvalidate() {
    redis.call("WATCH", "k", "h", "z");
    redis.callAs(other, "DEL", "k");
    redis.callAs(other, "EXPIRE", "k", "10");
    redis.callAs(other, "HDEL", "h", "f");
    redis.callAs(other, "ZADD", "z", "XX", "1", "a");
    redis.callAs(other, "SET", "unrelated", "1");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*0\r\n");
  }

  @Test
  void everyKindOfChangeInvalidates() {
    List<List<String>> changes =
        List.of(
            List.of("SET", "k", "same"),
            List.of("APPEND", "k", "x"),
            List.of("INCRBYFLOAT", "n", "1.5"),
            List.of("DEL", "k"),
            List.of("EXPIRE", "k", "100"),
            List.of("PERSIST", "t"),
            List.of("RENAME", "k", "other"),
            List.of("RENAME", "other2", "k"),
            List.of("MOVE", "k", "1"),
            List.of("LPUSH", "k2", "a"),
            List.of("FLUSHDB"),
            List.of("FLUSHALL"),
            List.of("SWAPDB", "0", "1"));
    for (List<String> change : changes) {
      redis.callAs(other, "FLUSHALL");
      redis.callAs(other, "SET", "k", "same");
      redis.callAs(other, "SET", "n", "1");
      redis.callAs(other, "SET", "other2", "v");
      redis.callAs(other, "SET", "t", "v", "EX", "100");
      redis.call("WATCH", "k", "n", "t", "k2");
      redis.callAs(other, change.toArray(String[]::new));
      redis.call("MULTI");
      assertThat(redis.call("EXEC")).as(change.toString()).isEqualTo("*-1\r\n");
    }
  }

  @Test
  void watchesInAnotherDatabaseSeeWritesThere() {
    redis.call("SELECT", "3");
    redis.call("WATCH", "k");
    redis.callAs(other, "SET", "k", "db0");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*0\r\n");
    redis.call("WATCH", "k");
    redis.callAs(other, "SELECT", "3");
    redis.callAs(other, "SET", "k", "db3");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*-1\r\n");
  }

  @Test
  void swapdbLeavesWatchersOfKeysAbsentOnBothSidesAlone() {
    redis.callAs(other, "SELECT", "1");
    redis.callAs(other, "SET", "only-in-1", "v");
    redis.call("WATCH", "nowhere");
    redis.callAs(other, "SWAPDB", "0", "1");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*0\r\n");
    redis.call("WATCH", "only-in-1");
    redis.callAs(other, "SWAPDB", "0", "1");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*-1\r\n");
  }

  @Test
  void aWatchedKeyThatExpiresBeforeExecFailsIt() {
    redis.engine().activeExpireEnabled(false);
    redis.call("SET", "k", "v", "PX", "100");
    redis.call("WATCH", "k");
    redis.advanceMillis(200);
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*-1\r\n");
  }

  @Test
  void aKeyAlreadyExpiredWhenWatchedDoesNotFailTheExecByBeingDeleted() {
    redis.engine().activeExpireEnabled(false);
    redis.call("SET", "k", "v", "PX", "100");
    redis.advanceMillis(200);
    redis.call("WATCH", "k");
    assertThat(redis.callAs(other, "GET", "k")).isEqualTo("$-1\r\n");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*0\r\n");
    redis.call("WATCH", "k");
    redis.callAs(other, "SET", "k", "new");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*-1\r\n");
  }

  @Test
  void unwatchForgetsTheChangeSeen() {
    redis.call("WATCH", "k");
    redis.callAs(other, "SET", "k", "1");
    assertThat(redis.call("UNWATCH")).isEqualTo("+OK\r\n");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*0\r\n");
  }

  @Test
  void execUnwatchesEvenWhenItFails() {
    redis.call("WATCH", "k");
    redis.call("MULTI");
    redis.call("EXEC");
    redis.callAs(other, "SET", "k", "1");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*0\r\n");
  }

  @Test
  void resetAndDisconnectClearTheTransactionAndTheWatches() {
    redis.call("WATCH", "k");
    redis.call("MULTI");
    redis.call("SET", "a", "1");
    assertThat(redis.call("RESET")).isEqualTo("+RESET\r\n");
    assertThat(redis.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
    redis.callAs(other, "SET", "k", "1");
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*0\r\n");

    redis.callAs(other, "WATCH", "k");
    redis.callAs(other, "MULTI");
    redis.engine().clientDisconnected(other);
    assertThat(other.transaction().open()).isFalse();
    assertThat(other.transaction().queuedCount()).isEqualTo(-1);
  }

  @Test
  void blockingCommandsInsideExecAnswerAsTimedOut() {
    redis.call("MULTI");
    redis.call("BLPOP", "l", "0");
    redis.call("BLMOVE", "a", "b", "LEFT", "LEFT", "0");
    redis.call("BRPOPLPUSH", "a", "b", "0");
    redis.call("BZPOPMIN", "z", "0");
    redis.call("BLMPOP", "0", "1", "l", "LEFT");
    redis.call("RPUSH", "l", "x");
    redis.call("BLPOP", "l", "0");
    assertThat(redis.call("EXEC"))
        .isEqualTo("*7\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n*-1\r\n:1\r\n*2\r\n$1\r\nl\r\n$1\r\nx\r\n");
    assertThat(redis.session().blocked()).isFalse();
  }

  @Test
  void clientListShowsMultiAndDirtyFlagsAndTheQueuedCount() {
    redis.call("WATCH", "k");
    redis.call("SET", "k", "1");
    redis.call("MULTI");
    assertThat(redis.callAs(other, "CLIENT", "LIST", "ID", "1"))
        .contains(" flags=xd ")
        .contains(" multi=0 ");
    redis.call("DISCARD");
    redis.call("MULTI");
    redis.call("SET", "a", "1");
    redis.call("SET", "a", "2");
    assertThat(redis.callAs(other, "CLIENT", "LIST", "ID", "1"))
        .contains(" flags=x ")
        .contains(" multi=2 ");
    redis.call("EXEC");
    assertThat(redis.callAs(other, "CLIENT", "LIST", "ID", "1"))
        .contains(" flags=N ")
        .contains(" multi=-1 ");
  }

  @Test
  void theTransactionReachesTheLogAsOneGroupAndExecItselfNotAtAll() {
    redis.call("MULTI");
    redis.call("SET", "a", "1");
    redis.call("GET", "a");
    redis.call("INCR", "a");
    redis.call("EXEC");
    assertThat(redis.mutations())
        .extracting(m -> String.join(" ", m.argv()))
        .containsExactly("SET a 1", "INCR a");
    redis.mutations().clear();
    redis.call("MULTI");
    redis.call("GET", "a");
    redis.call("EXEC");
    assertThat(redis.mutations()).isEmpty();
  }

  @Test
  void commandStatsCountQueuedCommandsWhenTheyRun() {
    redis.call("SET", "s", "abc");
    redis.call("CONFIG", "RESETSTAT");
    redis.call("MULTI");
    redis.call("INCR", "s");
    redis.call("SET", "s", "5");
    redis.call("EXEC");
    redis.call("MULTI");
    redis.call("GET");
    redis.call("EXEC");
    String stats = redis.call("INFO", "commandstats");
    assertThat(stats)
        .contains("cmdstat_incr:calls=1,")
        .contains("cmdstat_incr:calls=1,usec=")
        .containsPattern("cmdstat_incr:calls=1,.*,rejected_calls=0,failed_calls=1")
        .containsPattern("cmdstat_set:calls=1,.*,rejected_calls=0,failed_calls=0")
        .containsPattern("cmdstat_get:calls=0,.*,rejected_calls=1,failed_calls=0")
        .containsPattern("cmdstat_exec:calls=2,.*,rejected_calls=0,failed_calls=1")
        .containsPattern("cmdstat_multi:calls=2,");
  }

  @Test
  void aReloadOfTheDataFailsWatchersOfKeysThatExisted() {
    redis.call("SET", "k", "v");
    redis.call("WATCH", "k");
    redis.engine().clearForReload();
    redis.call("MULTI");
    assertThat(redis.call("EXEC")).isEqualTo("*-1\r\n");
  }

  @Test
  void anExecOfWritesWaitsForAWritePauseAsAWriteDoes() {
    byte[][] exec = {"EXEC".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
    redis.call("MULTI");
    redis.call("GET", "k");
    redis.callAs(other, "CLIENT", "PAUSE", "10000", "WRITE");
    assertThat(redis.engine().mustWait(redis.session(), exec)).isFalse();
    redis.callAs(other, "CLIENT", "UNPAUSE");
    redis.call("SET", "k", "v");
    redis.callAs(other, "CLIENT", "PAUSE", "10000", "WRITE");
    assertThat(redis.engine().mustWait(redis.session(), exec)).isTrue();
    assertThat(redis.engine().mustWait(other, exec)).isFalse();
  }

  @Test
  void queueingStopsOnceTheTransactionIsSureToFail() {
    redis.call("MULTI");
    redis.call("SET", "a", "1");
    redis.call("NOSUCH");
    assertThat(redis.call("SET", "b", "2")).isEqualTo("+QUEUED\r\n");
    assertThat(redis.session().transaction().queuedCount()).isEqualTo(1);
  }

  @Test
  void anExecRefusedBeforeAuthenticationNamesTheRefusalAndAuthIsQueuedInMulti() {
    EngineHarness locked = EngineHarness.configuredWith("requirepass", "pw");
    assertThat(locked.call("EXEC"))
        .isEqualTo(
            "-EXECABORT Transaction discarded because of: NOAUTH Authentication required.\r\n");
    locked.call("AUTH", "pw");
    locked.call("MULTI");
    locked.call("SET", "a", "1");
    assertThat(locked.call("AUTH", "x")).isEqualTo("+QUEUED\r\n");
    assertThat(locked.call("EXEC"))
        .isEqualTo(
            "*2\r\n+OK\r\n-WRONGPASS invalid username-password pair or user is disabled.\r\n");
  }
}
