package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.RespClient;
import io.redstone.server.testing.TestServer;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BLPOP and its siblings over real sockets: clients wait without holding up others, are served in
 * the order they blocked, time out, are unblocked by CLIENT UNBLOCK, and leave no trace when they
 * go; the commands a blocked client pipelined after the blocking one wait for it.
 */
class BlockingCommandsTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void flush() {
    try (RespClient admin = server.connect()) {
      admin.call("FLUSHALL");
    }
  }

  private static void awaitBlocked(RespClient admin, int count) {
    Eventually.waitFor(
        count + " blocked client(s)",
        Duration.ofSeconds(5),
        () -> admin.call("INFO", "clients").contains("blocked_clients:" + count + "\r\n"));
  }

  @Test
  void aPushServesTheWaitingClientsInTheOrderTheyBlocked() {
    try (RespClient admin = server.connect();
        RespClient first = server.connect();
        RespClient second = server.connect()) {
      first.send(RespClient.encode("BLPOP", "queue", "0"));
      awaitBlocked(admin, 1);
      second.send(RespClient.encode("BRPOP", "other", "queue", "0"));
      awaitBlocked(admin, 2);
      assertThat(admin.call("CLIENT", "LIST")).contains(" flags=b ");

      assertThat(admin.call("RPUSH", "queue", "a", "b", "c")).isEqualTo(":3\r\n");
      assertThat(first.readReply()).isEqualTo("*2\r\n$5\r\nqueue\r\n$1\r\na\r\n");
      assertThat(second.readReply()).isEqualTo("*2\r\n$5\r\nqueue\r\n$1\r\nc\r\n");
      assertThat(admin.call("LRANGE", "queue", "0", "-1")).isEqualTo("*1\r\n$1\r\nb\r\n");
      assertThat(admin.call("INFO", "clients")).contains("blocked_clients:0\r\n");
    }
  }

  @Test
  void commandsPipelinedAfterABlockedOneWaitForIt() {
    try (RespClient admin = server.connect();
        RespClient waiter = server.connect()) {
      waiter.send(
          new String(RespClient.encode("BLPOP", "k", "0"))
              + new String(RespClient.encode("LLEN", "k"))
              + new String(RespClient.encode("PING")));
      awaitBlocked(admin, 1);
      admin.call("LPUSH", "k", "x", "y");
      assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\ny\r\n");
      assertThat(waiter.readReply()).isEqualTo(":1\r\n");
      assertThat(waiter.readReply()).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void aTimeoutAnswersANullArrayAfterTheTimeHasPassed() {
    try (RespClient client = server.connect()) {
      long started = System.nanoTime();
      assertThat(client.call("BLPOP", "nothing", "0.2")).isEqualTo("*-1\r\n");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(190));
      assertThat(client.call("BLMPOP", "0.05", "1", "nothing", "LEFT")).isEqualTo("*-1\r\n");
      assertThat(client.call("HELLO", "3")).startsWith("%");
      assertThat(client.call("BLMOVE", "nothing", "d", "LEFT", "LEFT", "0.05")).isEqualTo("_\r\n");
    }
  }

  @Test
  void aBlmoveThatFeedsAnotherWaiterChains() {
    try (RespClient admin = server.connect();
        RespClient mover = server.connect();
        RespClient popper = server.connect()) {
      mover.send(RespClient.encode("BLMOVE", "in", "out", "LEFT", "RIGHT", "0"));
      awaitBlocked(admin, 1);
      popper.send(RespClient.encode("BLPOP", "out", "0"));
      awaitBlocked(admin, 2);
      admin.call("RPUSH", "in", "job");
      assertThat(mover.readReply()).isEqualTo("$3\r\njob\r\n");
      assertThat(popper.readReply()).isEqualTo("*2\r\n$3\r\nout\r\n$3\r\njob\r\n");
      assertThat(admin.call("EXISTS", "in", "out")).isEqualTo(":0\r\n");
    }
  }

  @Test
  void clientUnblockAnswersAsATimeoutOrWithAnError() {
    try (RespClient admin = server.connect();
        RespClient waiter = server.connect()) {
      String id = waiter.call("CLIENT", "ID").substring(1).trim();
      waiter.send(RespClient.encode("BLPOP", "k", "0"));
      awaitBlocked(admin, 1);
      assertThat(admin.call("CLIENT", "UNBLOCK", id)).isEqualTo(":1\r\n");
      assertThat(waiter.readReply()).isEqualTo("*-1\r\n");
      assertThat(admin.call("CLIENT", "UNBLOCK", id)).isEqualTo(":0\r\n");

      waiter.send(RespClient.encode("BRPOPLPUSH", "k", "d", "0"));
      awaitBlocked(admin, 1);
      assertThat(admin.call("CLIENT", "UNBLOCK", id, "ERROR")).isEqualTo(":1\r\n");
      assertThat(waiter.readReply())
          .isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
      assertThat(waiter.call("PING")).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void aClientThatLeavesWhileBlockedTakesNothing() {
    try (RespClient admin = server.connect()) {
      try (RespClient gone = server.connect()) {
        gone.send(RespClient.encode("BLPOP", "k", "0"));
        awaitBlocked(admin, 1);
      }
      awaitBlocked(admin, 0);
      admin.call("LPUSH", "k", "kept");
      assertThat(admin.call("LRANGE", "k", "0", "-1")).isEqualTo("*1\r\n$4\r\nkept\r\n");
    }
  }

  @Test
  void aKeyOfAnotherTypeLeavesTheClientWaiting() {
    try (RespClient admin = server.connect();
        RespClient waiter = server.connect()) {
      waiter.send(RespClient.encode("BLPOP", "k", "0"));
      awaitBlocked(admin, 1);
      admin.call("SET", "k", "a string");
      assertThat(admin.call("INFO", "clients")).contains("blocked_clients:1\r\n");
      admin.call("DEL", "k");
      admin.call("RPUSH", "k", "v");
      assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
    }
  }

  @Test
  void aTimeoutShowsInTheTimeoutTableWhileItWaits() {
    try (RespClient admin = server.connect();
        RespClient waiter = server.connect()) {
      waiter.send(RespClient.encode("BLPOP", "k", "30"));
      awaitBlocked(admin, 1);
      Matcher table =
          Pattern.compile("clients_in_timeout_table:(\\d+)").matcher(admin.call("INFO", "clients"));
      assertThat(table.find()).isTrue();
      assertThat(table.group(1)).isEqualTo("1");
      admin.call("RPUSH", "k", "v");
      assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
    }
  }

  @Test
  void aZaddWakesTheSortedSetWaitersInOrder() {
    try (RespClient admin = server.connect();
        RespClient min = server.connect();
        RespClient multi = server.connect()) {
      min.send(RespClient.encode("BZPOPMIN", "board", "0"));
      awaitBlocked(admin, 1);
      multi.send(RespClient.encode("BZMPOP", "0", "1", "board", "MAX", "COUNT", "5"));
      awaitBlocked(admin, 2);
      admin.call("ZADD", "board", "1", "low", "2", "mid", "3", "high");
      assertThat(min.readReply()).isEqualTo("*3\r\n$5\r\nboard\r\n$3\r\nlow\r\n$1\r\n1\r\n");
      assertThat(multi.readReply())
          .isEqualTo(
              "*2\r\n$5\r\nboard\r\n*2\r\n*2\r\n$4\r\nhigh\r\n$1\r\n3\r\n"
                  + "*2\r\n$3\r\nmid\r\n$1\r\n2\r\n");
      assertThat(admin.call("EXISTS", "board")).isEqualTo(":0\r\n");
    }
  }

  @Test
  void aListPushDoesNotServeASortedSetWaiter() {
    try (RespClient admin = server.connect();
        RespClient waiter = server.connect()) {
      waiter.send(RespClient.encode("BZPOPMAX", "k", "0"));
      awaitBlocked(admin, 1);
      admin.call("RPUSH", "k", "a list");
      assertThat(admin.call("INFO", "clients")).contains("blocked_clients:1\r\n");
      admin.call("DEL", "k");
      admin.call("ZADD", "k", "7", "m");
      assertThat(waiter.readReply()).isEqualTo("*3\r\n$1\r\nk\r\n$1\r\nm\r\n$1\r\n7\r\n");
    }
  }

  @ParameterizedTest(name = "io-threads {0}")
  @ValueSource(ints = {3})
  void aPushFromAnotherConnectionLoopWakesTheWaiter(int ioThreads) {
    try (TestServer threaded = TestServer.start("--io-threads", String.valueOf(ioThreads))) {
      try (RespClient admin = threaded.connect();
          RespClient waiter = threaded.connect();
          RespClient pusher = threaded.connect()) {
        waiter.send(RespClient.encode("BRPOP", "k", "0"));
        Eventually.waitFor(
            "the waiter to block",
            Duration.ofSeconds(5),
            () -> admin.call("INFO", "clients").contains("blocked_clients:1\r\n"));
        pusher.call("LPUSH", "k", "v");
        assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
      }
    }
  }
}
