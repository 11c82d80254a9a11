package io.redstone.storage.types.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.protocol.RespWriter;
import io.redstone.storage.ClientSession;
import io.redstone.storage.EngineHarness;
import io.redstone.storage.EngineHarness.Mutation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Stream commands through the engine: what they log, blocking reads, and a reload from the log that
 * restores groups and pending entries. Replies are compared with Redis's by the differential suite
 * (streams-*.redis); these tests pin what a reply cannot show.
 */
class StreamCommandsTest {
  private final EngineHarness redis = new EngineHarness();

  private List<List<String>> effects() {
    return redis.mutations().stream().map(Mutation::argv).toList();
  }

  private static String bulk(String text) {
    return "$" + text.length() + "\r\n" + text + "\r\n";
  }

  @Nested
  class Effects {
    @Test
    void anXaddWithAGeneratedIdIsLoggedWithTheIdItGenerated() {
      long now = redis.now();
      assertThat(redis.call("XADD", "s", "*", "f", "v")).isEqualTo(bulk(now + "-0"));
      assertThat(redis.call("XADD", "s", "*", "f", "v")).isEqualTo(bulk(now + "-1"));
      assertThat(redis.call("XADD", "s", now + "-*", "f", "v")).isEqualTo(bulk(now + "-2"));
      assertThat(effects())
          .containsExactly(
              List.of("XADD", "s", now + "-0", "f", "v"),
              List.of("XADD", "s", now + "-1", "f", "v"),
              List.of("XADD", "s", now + "-2", "f", "v"));
    }

    @Test
    void anApproximateTrimIsLoggedAsTheExactTrimItDid() {
      redis.call("CONFIG", "SET", "stream-node-max-entries", "2");
      for (int i = 1; i <= 5; i++) {
        redis.call("XADD", "s", i + "-1", "f", "v");
      }
      redis.mutations().clear();
      assertThat(redis.call("XTRIM", "s", "MAXLEN", "~", "2")).isEqualTo(":2\r\n");
      redis.call("XADD", "s", "MINID", "~", "5", "LIMIT", "10", "6-1", "f", "v");
      redis.call("XTRIM", "s", "MAXLEN", "~", "100");
      assertThat(effects())
          .containsExactly(
              List.of("XTRIM", "s", "MAXLEN", "=", "3"),
              List.of("XADD", "s", "MINID", "=", "5-1", "6-1", "f", "v"));
    }

    @Test
    void xreadgroupIsLoggedAsClaimsAndTheGroupsNewPosition() {
      redis.call("XADD", "s", "1-1", "f", "v");
      redis.call("XADD", "s", "2-1", "f", "v");
      redis.call("XGROUP", "CREATE", "s", "g", "0");
      redis.mutations().clear();
      long now = redis.now();
      redis.call("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
      assertThat(effects())
          .containsExactly(
              List.of("XGROUP", "CREATECONSUMER", "s", "g", "c"),
              claim("c", "1-1", now, 1, "1-1"),
              claim("c", "2-1", now, 1, "2-1"),
              List.of("XGROUP", "SETID", "s", "g", "2-1", "ENTRIESREAD", "2"));
    }

    @Test
    void readsAndCommandsThatChangeNothingLogNothing() {
      redis.call("XADD", "s", "1-1", "f", "v");
      redis.mutations().clear();
      redis.call("XRANGE", "s", "-", "+");
      redis.call("XREAD", "STREAMS", "s", "0");
      redis.call("XDEL", "s", "9-9");
      redis.call("XTRIM", "s", "MAXLEN", "5");
      redis.call("XACK", "s", "nosuch", "1-1");
      redis.call("XADD", "s", "0-1", "f", "v");
      assertThat(effects()).isEmpty();
    }

    private List<String> claim(String consumer, String id, long time, int count, String last) {
      return List.of(
          "XCLAIM",
          "s",
          "g",
          consumer,
          "0",
          id,
          "TIME",
          Long.toString(time),
          "RETRYCOUNT",
          Integer.toString(count),
          "FORCE",
          "JUSTID",
          "LASTID",
          last);
    }
  }

  @Test
  void longRangesAreAnsweredWhole() {
    for (int i = 1; i <= 1500; i++) {
      redis.call("XADD", "s", i + "-1", "n", Integer.toString(i));
    }
    assertThat(redis.call("XRANGE", "s", "-", "+")).startsWith("*1500\r\n*2\r\n$3\r\n1-1\r\n");
    assertThat(redis.call("XREVRANGE", "s", "+", "-", "COUNT", "1100"))
        .startsWith("*1100\r\n*2\r\n$6\r\n1500-1\r\n")
        .endsWith("$3\r\n401\r\n");
    assertThat(redis.call("XRANGE", "s", "1400", "+", "COUNT", "5000"))
        .startsWith("*101\r\n")
        .endsWith("$4\r\n1500\r\n");
  }

  @Nested
  class Memory {
    @Test
    void theMemoryFigureFollowsEntriesAndPendingLists() {
      redis.call("XGROUP", "CREATE", "s", "g", "0", "MKSTREAM");
      long empty = redis.engine().usedMemory();
      for (int i = 1; i <= 200; i++) {
        redis.call("XADD", "s", i + "-1", "field", "value" + i);
      }
      long filled = redis.engine().usedMemory();
      assertThat(filled - empty).isBetween(200L * 10, 200L * 100);
      redis.call("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
      long delivered = redis.engine().usedMemory();
      assertThat(delivered - filled).isGreaterThanOrEqualTo(200 * ConsumerGroup.PENDING_BYTES);
      redis.call("XACK", "s", "g", "1-1", "2-1");
      assertThat(redis.engine().usedMemory()).isLessThan(delivered);
      redis.call("DEL", "s");
      assertThat(redis.engine().usedMemory()).isLessThan(empty);
    }
  }

  @Nested
  class Reload {
    @Test
    void replayingTheLogRestoresEntriesGroupsAndPendingLists() {
      redis.call("CONFIG", "SET", "stream-node-max-entries", "3");
      for (int i = 0; i < 10; i++) {
        redis.call("XADD", "s", "*", "n", Integer.toString(i));
      }
      redis.call("XGROUP", "CREATE", "s", "g", "0");
      redis.call("XGROUP", "CREATE", "s", "h", "$", "ENTRIESREAD", "10");
      redis.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "4", "STREAMS", "s", ">");
      redis.advanceMillis(50);
      redis.call("XREADGROUP", "GROUP", "g", "bob", "COUNT", "3", "STREAMS", "s", ">");
      redis.call("XREADGROUP", "GROUP", "g", "carol", "NOACK", "COUNT", "1", "STREAMS", "s", ">");
      redis.advanceMillis(50);
      redis.call("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0");
      redis.call("XACK", "s", "g", firstPendingId());
      redis.call("XDEL", "s", firstPendingId());
      redis.advanceMillis(1000);
      redis.call("XCLAIM", "s", "g", "dave", "10", firstPendingId(), "RETRYCOUNT", "9");
      redis.call("XAUTOCLAIM", "s", "g", "erin", "0", "0", "COUNT", "2");
      redis.call("XTRIM", "s", "MAXLEN", "~", "4");
      redis.call("XSETID", "s", "99999999999999-0", "ENTRIESADDED", "50");

      EngineHarness reloaded = EngineHarness.configuredWith("stream-node-max-entries", "3");
      reloaded.advanceMillis(redis.now() - reloaded.now());
      RespWriter ignored = new RespWriter();
      ClientSession loader = ClientSession.detached(99);
      for (Mutation effect : redis.mutations()) {
        byte[][] argv =
            effect.argv().stream()
                .map(a -> a.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        ignored.reset();
        reloaded.engine().replay(loader, effect.db(), argv, ignored);
        assertThat(new String(ignored.array(), 0, ignored.size(), StandardCharsets.UTF_8))
            .as("replaying %s", effect.argv())
            .doesNotStartWith("-");
      }
      for (String[] query :
          List.of(
              new String[] {"XRANGE", "s", "-", "+"},
              new String[] {"XINFO", "STREAM", "s"},
              new String[] {"XINFO", "GROUPS", "s"},
              new String[] {"XPENDING", "s", "g"},
              new String[] {"XPENDING", "s", "g", "-", "+", "100"},
              new String[] {"XINFO", "CONSUMERS", "s", "h"})) {
        assertThat(reloaded.call(query)).as(String.join(" ", query)).isEqualTo(redis.call(query));
      }
    }

    private String firstPendingId() {
      String reply = redis.call("XPENDING", "s", "g");
      String[] lines = reply.split("\r\n");
      return lines[3];
    }
  }

  @Nested
  class Blocking {
    private final List<String> answers = new ArrayList<>();

    Blocking() {
      redis
          .engine()
          .onUnblocked((session, reply) -> answers.add(session.id() + ":" + new String(reply)));
    }

    @Test
    void blockedReadersAreServedInTheOrderTheyBlockedWithWhatCameAfterTheirDollar() {
      redis.call("XADD", "s", "1-1", "old", "x");
      ClientSession first = redis.newSession(2);
      ClientSession second = redis.newSession(3);
      assertThat(redis.callAs(first, "XREAD", "BLOCK", "0", "STREAMS", "s", "$")).isEmpty();
      assertThat(redis.callAs(second, "XREAD", "BLOCK", "0", "STREAMS", "other", "s", "$", "$"))
          .isEmpty();
      assertThat(first.blocked()).isTrue();
      redis.call("XADD", "s", "2-1", "new", "y");
      String entry = "*2\r\n" + bulk("2-1") + "*2\r\n" + bulk("new") + bulk("y");
      String s = "*1\r\n*2\r\n" + bulk("s") + "*1\r\n" + entry;
      assertThat(answers).containsExactly("2:" + s, "3:" + s);
      assertThat(first.blocked()).isFalse();
    }

    @Test
    void aWriteThatAddsNothingLeavesReadersWaiting() {
      redis.call("XADD", "s", "1-1", "f", "v");
      ClientSession reader = redis.newSession(2);
      redis.callAs(reader, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
      redis.call("XDEL", "s", "1-1");
      redis.call("XGROUP", "CREATE", "s", "g", "0");
      redis.call("DEL", "s");
      assertThat(answers).isEmpty();
      assertThat(reader.blocked()).isTrue();
      redis.call("XADD", "s", "5-1", "f", "v");
      assertThat(answers).hasSize(1);
    }

    @Test
    void aGroupReaderGetsNewEntriesAndOwnsThem() {
      redis.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
      ClientSession reader = redis.newSession(2);
      redis.callAs(reader, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
      redis.call("XADD", "s", "3-1", "f", "v");
      assertThat(answers).hasSize(1);
      assertThat(answers.get(0)).contains("3-1");
      assertThat(redis.call("XPENDING", "s", "g"))
          .isEqualTo(
              "*4\r\n:1\r\n" + bulk("3-1") + bulk("3-1") + "*1\r\n*2\r\n" + bulk("c") + bulk("1"));
    }

    @Test
    void aDestroyedGroupOrADeletedStreamAnswersItsReadersWithRedisErrors() {
      redis.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
      redis.call("XGROUP", "CREATE", "t", "g", "$", "MKSTREAM");
      ClientSession one = redis.newSession(2);
      ClientSession two = redis.newSession(3);
      ClientSession reader = redis.newSession(4);
      redis.callAs(one, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
      redis.callAs(two, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "t", ">");
      redis.callAs(reader, "XREAD", "BLOCK", "0", "STREAMS", "t", "$");
      redis.call("XGROUP", "DESTROY", "s", "g");
      redis.call("DEL", "t");
      assertThat(answers)
          .containsExactly(
              "2:-NOGROUP the consumer group this client was blocked on no longer exists\r\n",
              "3:-UNBLOCKED the stream key no longer exists\r\n");
      assertThat(reader.blocked()).isTrue();
    }

    @Test
    void aTimeoutAnswersANullArrayAndClientUnblockTheError() {
      ClientSession reader = redis.newSession(5);
      redis.callAs(reader, "XREAD", "BLOCK", "100", "STREAMS", "s", "$");
      assertThat(redis.engine().blockedDeadline(reader)).isEqualTo(redis.now() + 100);
      redis.engine().timeOutBlocked(reader);
      redis.callAs(reader, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
      assertThat(redis.call("CLIENT", "UNBLOCK", "5", "ERROR")).isEqualTo(":1\r\n");
      assertThat(answers)
          .containsExactly("5:*-1\r\n", "5:-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
    }
  }
}
