package io.redstone.storage.types.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.EngineHarness.Mutation;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.Values;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * List commands through the engine: replies, what they log, and the value's own bookkeeping. The
 * replies are also compared with Redis's, byte for byte, by the differential suite (lists.redis)
 * and ListModelTest; these tests pin what a reply cannot show.
 */
class ListCommandsTest {
  private final EngineHarness redis = new EngineHarness();

  private List<List<String>> effects() {
    return redis.mutations().stream().map(Mutation::argv).toList();
  }

  @Nested
  class Effects {
    @Test
    void pushesAndPopsAreLoggedAsTheyWere() {
      redis.call("RPUSH", "l", "a", "b", "c");
      redis.call("LPOP", "l");
      redis.call("RPOP", "l", "5");
      assertThat(effects())
          .containsExactly(
              List.of("RPUSH", "l", "a", "b", "c"),
              List.of("LPOP", "l"),
              List.of("RPOP", "l", "5"));
    }

    @Test
    void aBlockingPopThatFindsDataIsLoggedAsThePop() {
      redis.call("RPUSH", "l", "a", "b");
      redis.call("BLPOP", "missing", "l", "0");
      redis.call("BLMOVE", "l", "d", "RIGHT", "LEFT", "0");
      redis.call("BLMPOP", "0", "1", "d", "LEFT", "COUNT", "9");
      assertThat(effects())
          .containsExactly(
              List.of("RPUSH", "l", "a", "b"),
              List.of("LPOP", "l"),
              List.of("LMOVE", "l", "d", "RIGHT", "LEFT"),
              List.of("LPOP", "d", "1"));
    }

    @Test
    void commandsThatChangeNothingLogNothing() {
      redis.call("RPUSH", "l", "a");
      redis.call("LPUSHX", "missing", "x");
      redis.call("LREM", "l", "0", "zz");
      redis.call("LPOP", "missing");
      redis.call("LMPOP", "1", "missing", "LEFT");
      assertThat(effects()).containsExactly(List.of("RPUSH", "l", "a"));
    }
  }

  @Nested
  class Value {
    @Test
    void aListLeftEmptyIsDeletedAndItsMemoryReturned() {
      long empty = redis.engine().database(0).estimatedBytes();
      redis.call("RPUSH", "l", "a", "b", "c");
      assertThat(redis.engine().database(0).estimatedBytes()).isGreaterThan(empty);
      redis.call("LPOP", "l", "3");
      assertThat(redis.call("EXISTS", "l")).isEqualTo(":0\r\n");
      assertThat(redis.engine().database(0).estimatedBytes()).isEqualTo(empty);
    }

    @Test
    void memoryFollowsTheElements() {
      redis.call("RPUSH", "l", "x");
      long one = redis.engine().database(0).estimatedBytes();
      redis.call("RPUSH", "l", "y".repeat(1000));
      long big = redis.engine().database(0).estimatedBytes();
      assertThat(big - one).isGreaterThanOrEqualTo(1000);
      redis.call("LSET", "l", "1", "z");
      assertThat(redis.engine().database(0).estimatedBytes()).isLessThan(big - 900);
    }

    @Test
    void encodesAndDecodesToTheSameElementsInOrder() {
      ListValue list = new ListValue();
      for (String element : List.of("", "a", "\u0000\u00ff", "long".repeat(100))) {
        list.addLast(element.getBytes(StandardCharsets.ISO_8859_1));
      }
      list.addFirst("first".getBytes(StandardCharsets.US_ASCII));
      StoredValue stored = list.encode();
      ListValue back = (ListValue) Values.decode(stored);
      assertThat(back.size()).isEqualTo(5);
      for (int i = 0; i < 5; i++) {
        assertThat(back.get(i)).isEqualTo(list.get(i));
      }
      assertThat(back.memory()).isEqualTo(list.memory());
    }

    @Test
    void theRingKeepsOrderAcrossWrapsInsertsAndShrinks() {
      ListValue list = new ListValue();
      java.util.ArrayDeque<String> model = new java.util.ArrayDeque<>();
      java.util.Random random = new java.util.Random(7);
      for (int step = 0; step < 20_000; step++) {
        String element = Integer.toString(step);
        switch (random.nextInt(5)) {
          case 0 -> {
            list.addFirst(element.getBytes());
            model.addFirst(element);
          }
          case 1 -> {
            list.addLast(element.getBytes());
            model.addLast(element);
          }
          case 2 -> {
            if (!model.isEmpty()) {
              assertThat(new String(list.removeFirst())).isEqualTo(model.removeFirst());
            }
          }
          case 3 -> {
            if (!model.isEmpty()) {
              assertThat(new String(list.removeLast())).isEqualTo(model.removeLast());
            }
          }
          default -> {
            List<String> asList = new java.util.ArrayList<>(model);
            int at = random.nextInt(asList.size() + 1);
            asList.add(at, element);
            list.insert(at, element.getBytes());
            model.clear();
            model.addAll(asList);
          }
        }
        assertThat(list.size()).isEqualTo(model.size());
      }
      int i = 0;
      for (String expected : model) {
        assertThat(new String(list.get(i++))).isEqualTo(expected);
      }
    }

    @Test
    void copyIsIndependent() {
      redis.call("RPUSH", "l", "a", "b");
      redis.call("COPY", "l", "c");
      redis.call("LSET", "c", "0", "changed");
      assertThat(redis.call("LRANGE", "l", "0", "-1")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
      assertThat(redis.call("OBJECT", "ENCODING", "c")).isEqualTo("$9\r\nquicklist\r\n");
      assertThat(redis.call("TYPE", "c")).isEqualTo("+list\r\n");
    }
  }

  @Nested
  class Blocking {
    @Test
    void aBlockedCallIsAnsweredByThePushThatFeedsIt() {
      var waiter = redis.newSession(2);
      List<String> answers = new java.util.ArrayList<>();
      redis
          .engine()
          .onUnblocked((session, reply) -> answers.add(session.id() + ":" + new String(reply)));
      assertThat(redis.callAs(waiter, "BRPOP", "q", "0")).isEmpty();
      assertThat(waiter.blocked()).isTrue();
      redis.call("LPUSH", "q", "job");
      assertThat(answers).containsExactly("2:*2\r\n$1\r\nq\r\n$3\r\njob\r\n");
      assertThat(waiter.blocked()).isFalse();
      assertThat(redis.call("EXISTS", "q")).isEqualTo(":0\r\n");
      assertThat(effects()).containsExactly(List.of("LPUSH", "q", "job"), List.of("RPOP", "q"));
    }

    @Test
    void aTimeoutAndAnUnblockAnswerWithANullArrayOrTheError() {
      var waiter = redis.newSession(3);
      List<String> answers = new java.util.ArrayList<>();
      redis.engine().onUnblocked((session, reply) -> answers.add(new String(reply)));
      redis.callAs(waiter, "BLPOP", "q", "1");
      redis.engine().timeOutBlocked(waiter);
      redis.callAs(waiter, "BLPOP", "q", "0");
      assertThat(redis.call("CLIENT", "UNBLOCK", "3", "ERROR")).isEqualTo(":1\r\n");
      assertThat(answers)
          .containsExactly("*-1\r\n", "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
    }
  }
}
