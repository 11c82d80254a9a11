package io.redstone.storage.types.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.Database;
import io.redstone.storage.EngineHarness;
import io.redstone.storage.types.ValueType;
import io.redstone.storage.types.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HashCommandsTest {
  private static final String OK = "+OK\r\n";
  private static final String NIL = "$-1\r\n";
  private static final String EMPTY_ARRAY = "*0\r\n";
  private static final String WRONGTYPE =
      "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
  private static final String SYNTAX = "-ERR syntax error\r\n";
  private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
  private static final String NOT_FLOAT = "-ERR value is not a valid float\r\n";

  private final EngineHarness redis = new EngineHarness();

  private static String bulk(String value) {
    return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
  }

  private static String integer(long value) {
    return ":" + value + "\r\n";
  }

  private static String error(String text) {
    return "-" + text + "\r\n";
  }

  /** An array of bulk strings. */
  private static String array(String... items) {
    StringBuilder out = new StringBuilder("*").append(items.length).append("\r\n");
    for (String item : items) {
      out.append(bulk(item));
    }
    return out.toString();
  }

  private List<String> effects() {
    return redis.mutations().stream()
        .map(m -> String.join(" ", m.argv()))
        .collect(Collectors.toList());
  }

  private long dirty() {
    return redis.engine().stats().dirty;
  }

  private String encoding(String key) {
    return redis.call("OBJECT", "ENCODING", key);
  }

  private void resp3() {
    redis.session().protocol(3);
  }

  @Nested
  class HSet {
    @Test
    void addsFieldsAndCountsOnlyTheNewOnes() {
      assertThat(redis.call("HSET", "h", "a", "1", "b", "2")).isEqualTo(integer(2));
      assertThat(redis.call("HSET", "h", "a", "10", "c", "3")).isEqualTo(integer(1));
      assertThat(redis.call("HGETALL", "h")).isEqualTo(array("a", "10", "b", "2", "c", "3"));
      assertThat(redis.call("TYPE", "h")).isEqualTo("+hash\r\n");
    }

    @Test
    void aFieldNamedTwiceEndsWithItsLastValue() {
      assertThat(redis.call("HSET", "h", "a", "1", "a", "2")).isEqualTo(integer(1));
      assertThat(redis.call("HGET", "h", "a")).isEqualTo(bulk("2"));
    }

    @Test
    void aFieldWithoutValueIsWrongArity() {
      assertThat(redis.call("HSET", "h", "a", "1", "b"))
          .isEqualTo(error("ERR wrong number of arguments for 'hset' command"));
      assertThat(redis.call("HSET", "h", "a"))
          .isEqualTo(error("ERR wrong number of arguments for 'hset' command"));
      assertThat(redis.call("EXISTS", "h")).isEqualTo(integer(0));
      assertThat(effects()).isEmpty();
    }

    @Test
    void hmsetAnswersOkAndNamesItselfInErrors() {
      assertThat(redis.call("HMSET", "h", "a", "1", "b", "2")).isEqualTo(OK);
      assertThat(redis.call("HMSET", "h", "a", "1", "b"))
          .isEqualTo(error("ERR wrong number of arguments for 'hmset' command"));
      assertThat(redis.call("HLEN", "h")).isEqualTo(integer(2));
    }

    @Test
    void streamsItselfAndCountsEveryPairAsAChange() {
      redis.call("HSET", "h", "a", "1", "b", "2");
      redis.call("HSET", "h", "a", "1");
      redis.call("HMSET", "h", "c", "3");
      assertThat(effects()).containsExactly("HSET h a 1 b 2", "HSET h a 1", "HMSET h c 3");
      assertThat(dirty()).isEqualTo(4);
    }

    @Test
    void anotherTypeIsWrongTypeAndUntouched() {
      redis.call("SET", "s", "v");
      assertThat(redis.call("HSET", "s", "a", "1")).isEqualTo(WRONGTYPE);
      assertThat(redis.call("GET", "s")).isEqualTo(bulk("v"));
      assertThat(redis.call("HSET", "h", "a", "1")).isEqualTo(integer(1));
      assertThat(redis.call("GET", "h")).isEqualTo(WRONGTYPE);
    }

    @Test
    void keepsTheKeysTtl() {
      redis.call("HSET", "h", "a", "1");
      redis.call("EXPIRE", "h", "100");
      redis.call("HSET", "h", "b", "2");
      assertThat(redis.call("TTL", "h")).isEqualTo(integer(100));
    }

    @Test
    void binaryFieldsAndValuesRoundTrip() {
      byte[] field = {0, (byte) 0xff, '\r', '\n'};
      byte[] value = {(byte) 0xc3, 0x28, 0};
      redis.call(redis.session(), bytes("HSET"), bytes("h"), field, value);
      String reply = redis.call(redis.session(), bytes("HGET"), bytes("h"), field);
      assertThat(reply.getBytes(StandardCharsets.UTF_8))
          .isEqualTo(
              redis.call(redis.session(), bytes("ECHO"), value).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Nested
  class HSetNx {
    @Test
    void setsOnlyAnAbsentField() {
      assertThat(redis.call("HSETNX", "h", "a", "1")).isEqualTo(integer(1));
      assertThat(redis.call("HSETNX", "h", "a", "2")).isEqualTo(integer(0));
      assertThat(redis.call("HGET", "h", "a")).isEqualTo(bulk("1"));
      assertThat(effects()).containsExactly("HSETNX h a 1");
      assertThat(dirty()).isEqualTo(1);
    }

    @Test
    void aLongValueForAPresentFieldLeavesTheEncoding() {
      redis.call("HSET", "h", "a", "1");
      redis.call("HSETNX", "h", "a", "x".repeat(100));
      assertThat(encoding("h")).isEqualTo(bulk("listpack"));
      redis.call("HSETNX", "h", "b", "x".repeat(100));
      assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
    }

    @Test
    void anotherTypeIsWrongType() {
      redis.call("SET", "s", "v");
      assertThat(redis.call("HSETNX", "s", "a", "1")).isEqualTo(WRONGTYPE);
    }
  }

  @Nested
  class Reads {
    @Test
    void hgetOfAMissingKeyOrFieldIsNull() {
      assertThat(redis.call("HGET", "h", "a")).isEqualTo(NIL);
      redis.call("HSET", "h", "a", "1");
      assertThat(redis.call("HGET", "h", "b")).isEqualTo(NIL);
      resp3();
      assertThat(redis.call("HGET", "h", "b")).isEqualTo("_\r\n");
    }

    @Test
    void hmgetAnswersNullPerMissingField() {
      redis.call("HSET", "h", "a", "1", "c", "3");
      assertThat(redis.call("HMGET", "h", "a", "b", "c"))
          .isEqualTo("*3\r\n" + bulk("1") + NIL + bulk("3"));
      assertThat(redis.call("HMGET", "nokey", "a", "b")).isEqualTo("*2\r\n" + NIL + NIL);
      resp3();
      assertThat(redis.call("HMGET", "nokey", "a")).isEqualTo("*1\r\n_\r\n");
    }

    @Test
    void lengthsAndExistence() {
      redis.call("HSET", "h", "a", "hello", "e", "");
      assertThat(redis.call("HLEN", "h")).isEqualTo(integer(2));
      assertThat(redis.call("HLEN", "nokey")).isEqualTo(integer(0));
      assertThat(redis.call("HSTRLEN", "h", "a")).isEqualTo(integer(5));
      assertThat(redis.call("HSTRLEN", "h", "e")).isEqualTo(integer(0));
      assertThat(redis.call("HSTRLEN", "h", "x")).isEqualTo(integer(0));
      assertThat(redis.call("HSTRLEN", "nokey", "x")).isEqualTo(integer(0));
      assertThat(redis.call("HEXISTS", "h", "e")).isEqualTo(integer(1));
      assertThat(redis.call("HEXISTS", "h", "x")).isEqualTo(integer(0));
      assertThat(redis.call("HEXISTS", "nokey", "x")).isEqualTo(integer(0));
    }

    @Test
    void everyReadIsWrongTypeOnAString() {
      redis.call("SET", "s", "v");
      for (String[] command :
          List.of(
              new String[] {"HGET", "s", "a"},
              new String[] {"HMGET", "s", "a"},
              new String[] {"HLEN", "s"},
              new String[] {"HSTRLEN", "s", "a"},
              new String[] {"HEXISTS", "s", "a"},
              new String[] {"HKEYS", "s"},
              new String[] {"HVALS", "s"},
              new String[] {"HGETALL", "s"},
              new String[] {"HRANDFIELD", "s"},
              new String[] {"HRANDFIELD", "s", "1"},
              new String[] {"HSCAN", "s", "0"})) {
        assertThat(redis.call(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
      }
    }

    @Test
    void wholeHashRepliesKeepTheCompactEncodingsOrder() {
      redis.call("HSET", "h", "z", "1", "a", "2", "m", "3");
      redis.call("HDEL", "h", "a");
      redis.call("HSET", "h", "a", "4");
      assertThat(redis.call("HKEYS", "h")).isEqualTo(array("z", "m", "a"));
      assertThat(redis.call("HVALS", "h")).isEqualTo(array("1", "3", "4"));
      assertThat(redis.call("HGETALL", "h")).isEqualTo(array("z", "1", "m", "3", "a", "4"));
    }

    @Test
    void hgetallIsAMapInResp3AndEmptyForAMissingKey() {
      redis.call("HSET", "h", "a", "1");
      assertThat(redis.call("HGETALL", "nokey")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("HKEYS", "nokey")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("HVALS", "nokey")).isEqualTo(EMPTY_ARRAY);
      resp3();
      assertThat(redis.call("HGETALL", "h")).isEqualTo("%1\r\n" + bulk("a") + bulk("1"));
      assertThat(redis.call("HGETALL", "nokey")).isEqualTo("%0\r\n");
      assertThat(redis.call("HKEYS", "nokey")).isEqualTo(EMPTY_ARRAY);
    }
  }

  @Nested
  class HDel {
    @Test
    void countsTheFieldsItRemoved() {
      redis.call("HSET", "h", "a", "1", "b", "2", "c", "3");
      assertThat(redis.call("HDEL", "h", "a", "x", "a", "b")).isEqualTo(integer(2));
      assertThat(redis.call("HKEYS", "h")).isEqualTo(array("c"));
      assertThat(effects()).containsExactly("HSET h a 1 b 2 c 3", "HDEL h a x a b");
      assertThat(dirty()).isEqualTo(5);
    }

    @Test
    void removingTheLastFieldDeletesTheKey() {
      redis.call("HSET", "h", "a", "1");
      assertThat(redis.call("HDEL", "h", "a", "b")).isEqualTo(integer(1));
      assertThat(redis.call("EXISTS", "h")).isEqualTo(integer(0));
      assertThat(redis.engine().database(0).size()).isZero();
    }

    @Test
    void removingNothingStreamsNothing() {
      assertThat(redis.call("HDEL", "nokey", "a")).isEqualTo(integer(0));
      redis.call("HSET", "h", "a", "1");
      assertThat(redis.call("HDEL", "h", "x")).isEqualTo(integer(0));
      assertThat(effects()).containsExactly("HSET h a 1");
    }

    @Test
    void anotherTypeIsWrongType() {
      redis.call("SET", "s", "v");
      assertThat(redis.call("HDEL", "s", "a")).isEqualTo(WRONGTYPE);
    }
  }

  @Nested
  class HIncrBy {
    @Test
    void createsTheKeyAndFieldFromZero() {
      assertThat(redis.call("HINCRBY", "h", "n", "5")).isEqualTo(integer(5));
      assertThat(redis.call("HINCRBY", "h", "n", "-7")).isEqualTo(integer(-2));
      assertThat(redis.call("HGET", "h", "n")).isEqualTo(bulk("-2"));
      assertThat(effects()).containsExactly("HINCRBY h n 5", "HINCRBY h n -7");
    }

    @Test
    void refusesABadIncrementBeforeLookingAtTheKey() {
      redis.call("SET", "s", "v");
      assertThat(redis.call("HINCRBY", "s", "n", "1.5")).isEqualTo(NOT_INTEGER);
      assertThat(redis.call("HINCRBY", "s", "n", "1")).isEqualTo(WRONGTYPE);
      assertThat(redis.call("HINCRBY", "h", "n", "x")).isEqualTo(NOT_INTEGER);
      assertThat(redis.call("EXISTS", "h")).isEqualTo(integer(0));
    }

    @Test
    void aValueThatIsNoIntegerIsRefused() {
      redis.call("HSET", "h", "f", "1.5", "g", " 1", "z", "007");
      for (String field : List.of("f", "g", "z")) {
        assertThat(redis.call("HINCRBY", "h", field, "1"))
            .isEqualTo(error("ERR hash value is not an integer"));
      }
      assertThat(effects()).hasSize(1);
    }

    @Test
    void overflowIsRefusedAndChangesNothing() {
      redis.call("HSET", "h", "n", "9223372036854775807", "m", "-9223372036854775808");
      assertThat(redis.call("HINCRBY", "h", "n", "1"))
          .isEqualTo(error("ERR increment or decrement would overflow"));
      assertThat(redis.call("HINCRBY", "h", "m", "-1"))
          .isEqualTo(error("ERR increment or decrement would overflow"));
      assertThat(redis.call("HGET", "h", "n")).isEqualTo(bulk("9223372036854775807"));
      assertThat(redis.call("HINCRBY", "h", "m", "9223372036854775807")).isEqualTo(integer(-1));
    }
  }

  @Nested
  class HIncrByFloat {
    @Test
    void addsInLongDoubleAndStreamsTheResultAsHset() {
      assertThat(redis.call("HINCRBYFLOAT", "h", "x", "10.5")).isEqualTo(bulk("10.5"));
      assertThat(redis.call("HINCRBYFLOAT", "h", "x", "0.1")).isEqualTo(bulk("10.6"));
      assertThat(redis.call("HINCRBYFLOAT", "h", "x", "-5.6")).isEqualTo(bulk("5"));
      assertThat(redis.call("HINCRBYFLOAT", "h", "x", "3.0e3")).isEqualTo(bulk("3005"));
      assertThat(effects())
          .containsExactly("HSET h x 10.5", "HSET h x 10.6", "HSET h x 5", "HSET h x 3005");
      assertThat(dirty()).isEqualTo(4);
    }

    @Test
    void threeTenthsAddUpAsInRedis() {
      redis.call("HINCRBYFLOAT", "h", "x", "0.1");
      redis.call("HINCRBYFLOAT", "h", "x", "0.1");
      assertThat(redis.call("HINCRBYFLOAT", "h", "x", "0.1")).isEqualTo(bulk("0.3"));
    }

    @Test
    void theIncrementIsCheckedFirst() {
      redis.call("SET", "s", "v");
      assertThat(redis.call("HINCRBYFLOAT", "s", "x", "abc")).isEqualTo(NOT_FLOAT);
      assertThat(redis.call("HINCRBYFLOAT", "s", "x", "nan")).isEqualTo(NOT_FLOAT);
      assertThat(redis.call("HINCRBYFLOAT", "s", "x", "inf"))
          .isEqualTo(error("ERR value is NaN or Infinity"));
      assertThat(redis.call("HINCRBYFLOAT", "s", "x", "-inf"))
          .isEqualTo(error("ERR value is NaN or Infinity"));
      assertThat(redis.call("HINCRBYFLOAT", "s", "x", "1")).isEqualTo(WRONGTYPE);
    }

    @Test
    void aValueThatIsNoFloatOrAnInfiniteSumIsRefused() {
      redis.call("HSET", "h", "s", "abc", "e", "", "big", "1e4932");
      assertThat(redis.call("HINCRBYFLOAT", "h", "s", "1"))
          .isEqualTo(error("ERR hash value is not a float"));
      assertThat(redis.call("HINCRBYFLOAT", "h", "e", "1"))
          .isEqualTo(error("ERR hash value is not a float"));
      assertThat(redis.call("HINCRBYFLOAT", "h", "big", "1e4932"))
          .isEqualTo(error("ERR increment would produce NaN or Infinity"));
      assertThat(redis.call("HGET", "h", "big")).isEqualTo(bulk("1e4932"));
      assertThat(effects()).hasSize(1);
    }

    @Test
    void aLongResultConvertsTheHash() {
      redis.call("HSET", "h", "a", "1");
      redis.call("HINCRBYFLOAT", "h", "a", "1e70");
      assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
    }
  }

  @Nested
  class HRandField {
    @Test
    void withoutCountAFieldOrNull() {
      assertThat(redis.call("HRANDFIELD", "nokey")).isEqualTo(NIL);
      redis.call("HSET", "h", "only", "1");
      assertThat(redis.call("HRANDFIELD", "h")).isEqualTo(bulk("only"));
    }

    @Test
    void aCountOfZeroOrAMissingKeyIsEmpty() {
      redis.call("HSET", "h", "a", "1");
      assertThat(redis.call("HRANDFIELD", "h", "0")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("HRANDFIELD", "nokey", "5", "WITHVALUES")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("HRANDFIELD", "nokey", "-5")).isEqualTo(EMPTY_ARRAY);
    }

    @Test
    void aCountAtLeastTheSizeIsTheWholeHashInOrder() {
      redis.call("HSET", "h", "a", "1", "b", "2", "c", "3");
      assertThat(redis.call("HRANDFIELD", "h", "3")).isEqualTo(array("a", "b", "c"));
      assertThat(redis.call("HRANDFIELD", "h", "100", "withvalues"))
          .isEqualTo(array("a", "1", "b", "2", "c", "3"));
      resp3();
      assertThat(redis.call("HRANDFIELD", "h", "100", "WITHVALUES"))
          .isEqualTo(
              "*3\r\n*2\r\n"
                  + bulk("a")
                  + bulk("1")
                  + "*2\r\n"
                  + bulk("b")
                  + bulk("2")
                  + "*2\r\n"
                  + bulk("c")
                  + bulk("3"));
    }

    @Test
    void aNegativeCountRepeatsFieldsToExactlyThatMany() {
      redis.call("HSET", "h", "a", "1");
      assertThat(redis.call("HRANDFIELD", "h", "-3")).isEqualTo(array("a", "a", "a"));
      assertThat(redis.call("HRANDFIELD", "h", "-2", "WITHVALUES"))
          .isEqualTo(array("a", "1", "a", "1"));
      resp3();
      assertThat(redis.call("HRANDFIELD", "h", "-2", "WITHVALUES"))
          .isEqualTo("*2\r\n*2\r\n" + bulk("a") + bulk("1") + "*2\r\n" + bulk("a") + bulk("1"));
    }

    @Test
    void aPositiveCountBelowTheSizeGivesDistinctFields() {
      for (int size : new int[] {10, 600}) {
        redis.call("DEL", "h");
        for (int i = 0; i < size; i++) {
          redis.call("HSET", "h", "f" + i, "v" + i);
        }
        for (int count : new int[] {1, 3, size / 2, size - 1}) {
          List<String> fields = elements(redis.call("HRANDFIELD", "h", String.valueOf(count)));
          assertThat(fields).hasSize(count).doesNotHaveDuplicates();
          assertThat(fields).allMatch(f -> f.matches("f\\d+"));
        }
      }
    }

    @Test
    void negativeCountsSampleEveryFieldOfBothEncodings() {
      for (int size : new int[] {5, 600}) {
        redis.call("DEL", "h");
        for (int i = 0; i < size; i++) {
          redis.call("HSET", "h", "f" + i, "v" + i);
        }
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 40 && seen.size() < size; round++) {
          seen.addAll(elements(redis.call("HRANDFIELD", "h", String.valueOf(-size * 2))));
        }
        assertThat(seen).hasSize(size);
      }
    }

    @Test
    void theCountIsCheckedBeforeTheKey() {
      redis.call("SET", "s", "v");
      assertThat(redis.call("HRANDFIELD", "s", "abc")).isEqualTo(NOT_INTEGER);
      assertThat(redis.call("HRANDFIELD", "s", "1", "foo")).isEqualTo(SYNTAX);
      assertThat(redis.call("HRANDFIELD", "s", "1", "withvalues", "x")).isEqualTo(SYNTAX);
      assertThat(redis.call("HRANDFIELD", "s", "-9223372036854775808"))
          .isEqualTo(
              error(
                  "ERR value is out of range, value must between -9223372036854775807"
                      + " and 9223372036854775807"));
      assertThat(redis.call("HRANDFIELD", "s", "4611686018427387904", "WITHVALUES"))
          .isEqualTo(error("ERR value is out of range"));
      assertThat(redis.call("HRANDFIELD", "s", "-4611686018427387904", "WITHVALUES"))
          .isEqualTo(error("ERR value is out of range"));
      assertThat(redis.call("HRANDFIELD", "s", "4611686018427387903", "WITHVALUES"))
          .isEqualTo(WRONGTYPE);
    }
  }

  @Nested
  class HScan {
    @Test
    void aCompactHashIsAnsweredWholeWithCursorZero() {
      redis.call("HSET", "h", "a", "1", "b", "2", "ab", "3");
      assertThat(redis.call("HSCAN", "h", "0"))
          .isEqualTo("*2\r\n" + bulk("0") + array("a", "1", "b", "2", "ab", "3"));
      assertThat(redis.call("HSCAN", "h", "123", "MATCH", "a*", "COUNT", "1"))
          .isEqualTo("*2\r\n" + bulk("0") + array("a", "1", "ab", "3"));
    }

    @Test
    void checksTheCursorThenTheKeyThenTheOptions() {
      redis.call("SET", "s", "v");
      assertThat(redis.call("HSCAN", "s", "x")).isEqualTo(error("ERR invalid cursor"));
      assertThat(redis.call("HSCAN", "s", "0", "COUNT", "0")).isEqualTo(WRONGTYPE);
      assertThat(redis.call("HSCAN", "nokey", "0", "BOGUS"))
          .isEqualTo("*2\r\n" + bulk("0") + EMPTY_ARRAY);
      redis.call("HSET", "h", "a", "1");
      assertThat(redis.call("HSCAN", "h", "0", "COUNT", "0")).isEqualTo(SYNTAX);
      assertThat(redis.call("HSCAN", "h", "0", "COUNT", "x")).isEqualTo(NOT_INTEGER);
      assertThat(redis.call("HSCAN", "h", "0", "MATCH")).isEqualTo(SYNTAX);
      assertThat(redis.call("HSCAN", "h", "18446744073709551616"))
          .isEqualTo(error("ERR invalid cursor"));
    }

    @Test
    void aTableIsWalkedByCursorAndEveryFieldIsSeen() {
      for (int i = 0; i < 1000; i++) {
        redis.call("HSET", "h", "f" + i, "v" + i);
      }
      assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
      Set<String> seen = new HashSet<>();
      String cursor = "0";
      int calls = 0;
      do {
        List<String> reply = elements(redis.call("HSCAN", "h", cursor, "COUNT", "20"));
        cursor = reply.get(0);
        List<String> pairs = reply.subList(1, reply.size());
        assertThat(pairs.size()).isEven().isLessThanOrEqualTo(200);
        for (int i = 0; i < pairs.size(); i += 2) {
          assertThat(pairs.get(i + 1)).isEqualTo("v" + pairs.get(i).substring(1));
          seen.add(pairs.get(i));
        }
        calls++;
      } while (!cursor.equals("0"));
      assertThat(seen).hasSize(1000);
      assertThat(calls).isGreaterThan(10);
    }

    @Test
    void matchFiltersTheFieldsOfATable() {
      for (int i = 0; i < 600; i++) {
        redis.call("HSET", "h", "f" + i, "v");
      }
      Set<String> seen = new HashSet<>();
      String cursor = "0";
      do {
        List<String> reply = elements(redis.call("HSCAN", "h", cursor, "MATCH", "f1?"));
        cursor = reply.get(0);
        for (int i = 1; i < reply.size(); i += 2) {
          seen.add(reply.get(i));
        }
      } while (!cursor.equals("0"));
      assertThat(seen)
          .containsExactlyInAnyOrder(
              "f10", "f11", "f12", "f13", "f14", "f15", "f16", "f17", "f18", "f19");
    }
  }

  @Nested
  class Encodings {
    @Test
    void staysCompactUpToTheEntryLimitThenBecomesATable() {
      for (int i = 0; i < 512; i++) {
        redis.call("HSET", "h", "f" + i, "v");
      }
      assertThat(encoding("h")).isEqualTo(bulk("listpack"));
      redis.call("HSET", "h", "f0", "again");
      assertThat(encoding("h")).isEqualTo(bulk("listpack"));
      redis.call("HSET", "h", "one-more", "v");
      assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
      redis.call("HDEL", "h", "one-more", "f1", "f2");
      assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
    }

    @Test
    void aFieldOrValueLongerThanTheValueLimitMakesATable() {
      redis.call("HSET", "h", "a", "x".repeat(64));
      assertThat(encoding("h")).isEqualTo(bulk("listpack"));
      redis.call("HSET", "h", "a", "x".repeat(65));
      assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
      redis.call("HSET", "g", "y".repeat(65), "1");
      assertThat(encoding("g")).isEqualTo(bulk("hashtable"));
      redis.call("HINCRBY", "i", "z".repeat(65), "1");
      assertThat(encoding("i")).isEqualTo(bulk("hashtable"));
      assertThat(redis.call("HGET", "h", "a")).isEqualTo(bulk("x".repeat(65)));
    }

    @Test
    void theLimitsFollowConfigSet() {
      redis.call("CONFIG", "SET", "hash-max-listpack-entries", "2");
      redis.call("HSET", "h", "a", "1", "b", "2", "b", "3");
      assertThat(encoding("h")).isEqualTo(bulk("listpack"));
      redis.call("HSET", "h", "c", "3");
      assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
      redis.call("CONFIG", "SET", "hash-max-listpack-entries", "0");
      redis.call("HSET", "z", "a", "b");
      assertThat(encoding("z")).isEqualTo(bulk("hashtable"));
      redis.call(
          "CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "0");
      redis.call("HSET", "e", "", "");
      assertThat(encoding("e")).isEqualTo(bulk("listpack"));
      redis.call("HSET", "e", "a", "");
      assertThat(encoding("e")).isEqualTo(bulk("hashtable"));
      assertThat(redis.call("HGETALL", "e"))
          .satisfiesAnyOf(
              r -> assertThat(r).isEqualTo(array("", "", "a", "")),
              r -> assertThat(r).isEqualTo(array("a", "", "", "")));
    }

    @Test
    void theOldDirectiveNamesAreAliases() {
      redis.call("CONFIG", "SET", "hash-max-ziplist-entries", "1");
      redis.call("HSET", "h", "a", "1", "b", "2");
      assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
    }
  }

  @Nested
  class Memory {
    private final Database db = redis.engine().database(0);

    @Test
    void theFigureGrowsWithTheHashAndReturnsWhenItIsGone() {
      long empty = db.estimatedBytes();
      redis.call("HSET", "h", "a", "1");
      long one = db.estimatedBytes();
      assertThat(one).isGreaterThan(empty);
      redis.call("HSET", "h", "b", "x".repeat(40));
      assertThat(db.estimatedBytes()).isGreaterThan(one + 40);
      redis.call("HDEL", "h", "b");
      assertThat(db.estimatedBytes()).isEqualTo(one);
      for (int i = 0; i < 2000; i++) {
        redis.call("HSET", "h", "f" + i, "v" + i);
      }
      long big = db.estimatedBytes();
      assertThat(big - empty).isGreaterThan(2000L * 40);
      for (int i = 0; i < 2000; i++) {
        redis.call("HGET", "h", "f" + i);
      }
      assertThat(db.estimatedBytes()).isEqualTo(big);
      for (int i = 0; i < 2000; i++) {
        redis.call("HDEL", "h", "f" + i);
      }
      redis.call("HDEL", "h", "a");
      assertThat(redis.call("EXISTS", "h")).isEqualTo(integer(0));
      assertThat(db.estimatedBytes()).isEqualTo(empty);
    }

    @Test
    void aSmallHashIsCompact() {
      long empty = db.estimatedBytes();
      List<String> command = new ArrayList<>(List.of("HSET", "user:1000"));
      for (int i = 0; i < 10; i++) {
        command.add("field" + i);
        command.add("value" + (1000 + i));
      }
      redis.call(command.toArray(String[]::new));
      // Entry, key and value: well under the ~266 bytes Redis uses for such a hash.
      assertThat(db.estimatedBytes() - empty).isLessThan(300);
    }

    @Test
    void memoryUsageReportsTheHash() {
      redis.call("HSET", "h", "a", "1");
      String small = redis.call("MEMORY", "USAGE", "h");
      redis.call("HSET", "h", "b", "x".repeat(1000));
      assertThat(Long.parseLong(redis.call("MEMORY", "USAGE", "h").substring(1).strip()))
          .isGreaterThan(Long.parseLong(small.substring(1).strip()) + 1000);
    }
  }

  @Nested
  class Snapshot {
    @Test
    void aWalkInProgressSavesEachHashAsItWasWhenTheWalkStarted() {
      redis.call("HSET", "small", "a", "1", "b", "2");
      redis.call("HSET", "table", "a", "x".repeat(100));
      for (int i = 0; i < 300; i++) {
        redis.call("SET", "pad" + i, "v");
      }
      Map<String, String> saved = new HashMap<>();
      redis
          .engine()
          .startSnapshot(
              (db, key, value, expireAt) -> {
                String name = new String(key, StandardCharsets.UTF_8);
                if (value.type() == ValueType.HASH) {
                  saved.put(name, contentsOf(Values.decode(value)));
                }
              });
      // Changes in place (same length), by a new array, by conversion, and by deletion.
      redis.call("HSET", "small", "a", "9");
      redis.call("HSET", "small", "c", "3");
      redis.call("HSET", "small", "d", "y".repeat(100));
      redis.call("HSET", "table", "a", "z".repeat(100));
      redis.call("HSET", "fresh", "f", "1");
      while (!redis.engine().snapshotStep(3)) {
        redis.call("HDEL", "table", "a");
      }
      assertThat(saved)
          .containsOnlyKeys("small", "table")
          .containsEntry("small", "{a=1, b=2}")
          .containsEntry("table", "{a=" + "x".repeat(100) + "}");
    }

    /** A decoded value's pairs, read back with HGETALL from an engine of its own. */
    private static String contentsOf(Object hash) {
      Map<String, String> contents = new TreeMap<>();
      EngineHarness copy = new EngineHarness();
      copy.engine().database(0).put(bytes("k"), hash, false, copy.now());
      List<String> pairs = elements(copy.call("HGETALL", "k"));
      for (int i = 0; i < pairs.size(); i += 2) {
        contents.put(pairs.get(i), pairs.get(i + 1));
      }
      return contents.toString();
    }
  }

  @Nested
  class Copy {
    @Test
    void aCopyIsIndependentInBothEncodings() {
      redis.call("HSET", "small", "a", "1");
      redis.call("HSET", "big", "a", "x".repeat(100));
      for (String key : List.of("small", "big")) {
        assertThat(redis.call("COPY", key, key + "2")).isEqualTo(integer(1));
        redis.call("HSET", key + "2", "a", "2", "b", "3");
        assertThat(redis.call("HLEN", key)).isEqualTo(integer(1));
        assertThat(redis.call("HGET", key + "2", "a")).isEqualTo(bulk("2"));
        assertThat(encoding(key + "2")).isEqualTo(encoding(key));
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The bulk strings of a (possibly nested) RESP2 reply, in order; the cursor of HSCAN first. */
  private static List<String> elements(String reply) {
    List<String> out = new ArrayList<>();
    String[] lines = reply.split("\r\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("$")) {
        out.add(lines[++i]);
      }
    }
    return out;
  }
}
