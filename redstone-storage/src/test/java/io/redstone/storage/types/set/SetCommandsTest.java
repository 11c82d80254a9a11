package io.redstone.storage.types.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.RespTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Set commands through the engine, with Redis 7.0.15's replies, errors and effects. */
class SetCommandsTest {
  private static final String WRONGTYPE =
      "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
  private static final String SYNTAX = "-ERR syntax error\r\n";
  private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
  private static final String NOT_POSITIVE = "-ERR value is out of range, must be positive\r\n";
  private static final String EMPTY_ARRAY = "*0\r\n";

  private final EngineHarness redis = new EngineHarness();

  private static String integer(long value) {
    return ":" + value + "\r\n";
  }

  private static String bulk(String value) {
    return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
  }

  /** A RESP2 array of bulk strings, in the order given. */
  private static String array(String... values) {
    StringBuilder out = new StringBuilder("*" + values.length + "\r\n");
    for (String value : values) {
      out.append(bulk(value));
    }
    return out.toString();
  }

  /** The bulk strings of an aggregate reply, sorted: for hash-table order. */
  private static List<String> sortedItems(String reply) {
    return RespTree.parse(reply).items().stream().map(RespTree::text).sorted().toList();
  }

  private static List<String> items(String reply) {
    return RespTree.parse(reply).items().stream().map(RespTree::text).toList();
  }

  private List<String> effects() {
    return redis.mutations().stream()
        .map(m -> String.join(" ", m.argv()))
        .collect(Collectors.toList());
  }

  private String encoding(String key) {
    return redis.call("OBJECT", "ENCODING", key);
  }

  private long dirty() {
    return redis.engine().stats().dirty;
  }

  private long memory() {
    return redis.engine().database(0).estimatedBytes();
  }

  private static String[] range(String command, String key, int from, int to) {
    List<String> args = new ArrayList<>(List.of(command, key));
    IntStream.range(from, to).forEach(i -> args.add(Integer.toString(i)));
    return args.toArray(String[]::new);
  }

  @Nested
  class AddAndRemove {
    @Test
    void saddCountsOnlyNewMembersAndLogsOnlyAChange() {
      assertThat(redis.call("SADD", "s", "a", "b", "a")).isEqualTo(integer(2));
      assertThat(redis.call("SADD", "s", "b")).isEqualTo(integer(0));
      assertThat(redis.call("SADD", "s", "b", "c")).isEqualTo(integer(1));
      assertThat(effects()).containsExactly("SADD s a b a", "SADD s b c");
      assertThat(dirty()).isEqualTo(3);
      assertThat(redis.call("TYPE", "s")).isEqualTo("+set\r\n");
    }

    @Test
    void sremDeletesTheKeyWithItsLastMember() {
      redis.call("SADD", "s", "1", "2", "x");
      assertThat(redis.call("SREM", "s", "2", "nope")).isEqualTo(integer(1));
      assertThat(redis.call("SREM", "s", "nope")).isEqualTo(integer(0));
      assertThat(redis.call("SREM", "s", "1", "x", "1")).isEqualTo(integer(2));
      assertThat(redis.call("EXISTS", "s")).isEqualTo(integer(0));
      assertThat(redis.call("SREM", "s", "1")).isEqualTo(integer(0));
      assertThat(effects()).containsExactly("SADD s 1 2 x", "SREM s 2 nope", "SREM s 1 x 1");
    }

    @Test
    void everyCommandAnswersWrongTypeForAString() {
      redis.call("SET", "str", "v");
      redis.call("SADD", "s", "1");
      for (String[] command :
          List.of(
              new String[] {"SADD", "str", "a"},
              new String[] {"SREM", "str", "a"},
              new String[] {"SCARD", "str"},
              new String[] {"SISMEMBER", "str", "a"},
              new String[] {"SMISMEMBER", "str", "a"},
              new String[] {"SMEMBERS", "str"},
              new String[] {"SPOP", "str"},
              new String[] {"SPOP", "str", "2"},
              new String[] {"SRANDMEMBER", "str"},
              new String[] {"SRANDMEMBER", "str", "-2"},
              new String[] {"SMOVE", "str", "s", "a"},
              new String[] {"SMOVE", "s", "str", "1"},
              new String[] {"SINTER", "missing", "str"},
              new String[] {"SINTERCARD", "2", "missing", "str"},
              new String[] {"SINTERSTORE", "d", "missing", "str"},
              new String[] {"SUNION", "s", "str"},
              new String[] {"SUNIONSTORE", "d", "str"},
              new String[] {"SDIFF", "missing", "str"},
              new String[] {"SDIFFSTORE", "d", "s", "str"},
              new String[] {"SSCAN", "str", "0"})) {
        assertThat(redis.call(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
      }
      assertThat(redis.call("GET", "str")).isEqualTo(bulk("v"));
      assertThat(redis.call("SMEMBERS", "s")).isEqualTo(array("1"));
    }

    @Test
    void wrongArityNamesTheCommand() {
      assertThat(redis.call("SADD", "s"))
          .isEqualTo("-ERR wrong number of arguments for 'sadd' command\r\n");
      assertThat(redis.call("SMOVE", "a", "b"))
          .isEqualTo("-ERR wrong number of arguments for 'smove' command\r\n");
      assertThat(redis.call("SINTERCARD", "1"))
          .isEqualTo("-ERR wrong number of arguments for 'sintercard' command\r\n");
    }
  }

  @Nested
  class Encodings {
    @Test
    void integersMakeAnIntsetAndTheFirstOtherMemberAHashTableForGood() {
      redis.call("SADD", "s", "3", "-1", "70000", "5000000000");
      assertThat(encoding("s")).isEqualTo(bulk("intset"));
      assertThat(redis.call("SMEMBERS", "s")).isEqualTo(array("-1", "3", "70000", "5000000000"));
      redis.call("SADD", "s", "x");
      assertThat(encoding("s")).isEqualTo(bulk("hashtable"));
      redis.call("SREM", "s", "x");
      assertThat(encoding("s")).isEqualTo(bulk("hashtable"));
      assertThat(sortedItems(redis.call("SMEMBERS", "s")))
          .containsExactly("-1", "3", "5000000000", "70000");
    }

    @Test
    void onlyCanonicalIntegersCountAsIntegers() {
      for (String notCanonical : List.of("01", "+1", " 1", "1.0", "-0", "9223372036854775808")) {
        redis.call("DEL", "s");
        redis.call("SADD", "s", notCanonical);
        assertThat(encoding("s")).as(notCanonical).isEqualTo(bulk("hashtable"));
      }
      redis.call("DEL", "s");
      redis.call("SADD", "s", "-9223372036854775808", "9223372036854775807", "0");
      assertThat(encoding("s")).isEqualTo(bulk("intset"));
      assertThat(redis.call("SMEMBERS", "s"))
          .isEqualTo(array("-9223372036854775808", "0", "9223372036854775807"));
      assertThat(redis.call("SISMEMBER", "s", "00")).isEqualTo(integer(0));
    }

    @Test
    void anIntsetPastSetMaxIntsetEntriesBecomesAHashTable() {
      redis.call(range("SADD", "s", 0, 512));
      assertThat(encoding("s")).isEqualTo(bulk("intset"));
      redis.call("SADD", "s", "512");
      assertThat(encoding("s")).isEqualTo(bulk("hashtable"));
      assertThat(redis.call("SCARD", "s")).isEqualTo(integer(513));

      redis.call("CONFIG", "SET", "set-max-intset-entries", "2");
      redis.call("SADD", "small", "1", "2");
      assertThat(encoding("small")).isEqualTo(bulk("intset"));
      redis.call("SADD", "small", "3");
      assertThat(encoding("small")).isEqualTo(bulk("hashtable"));
      redis.call("CONFIG", "SET", "set-max-intset-entries", "0");
      redis.call("SADD", "none", "1");
      assertThat(encoding("none")).isEqualTo(bulk("hashtable"));
    }

    @Test
    void smallSetsOfSmallIntegersGrowThroughEveryWidthInOrder() {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        long value = (i % 2 == 0 ? -1 : 1) * (i * 3000L);
        redis.call("SADD", "s", Long.toString(value));
        expected.add(Long.toString(value));
      }
      redis.call("SADD", "s", "40000", "-3000000000");
      expected.add("40000");
      expected.add("-3000000000");
      List<String> ascending =
          expected.stream()
              .distinct()
              .sorted((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
              .toList();
      assertThat(items(redis.call("SMEMBERS", "s"))).isEqualTo(ascending);
      assertThat(redis.call("SCARD", "s")).isEqualTo(integer(ascending.size()));
      for (String member : ascending) {
        assertThat(redis.call("SREM", "s", member)).isEqualTo(integer(1));
      }
      assertThat(redis.call("EXISTS", "s")).isEqualTo(integer(0));
    }

    @Test
    void memoryFollowsEveryChangeAndReturnsWhenTheKeyGoes() {
      long empty = memory();
      redis.call("SADD", "s", "1", "2", "3");
      long small = memory();
      assertThat(small).isGreaterThan(empty);
      redis.call(range("SADD", "s", 0, 100));
      long bigger = memory();
      assertThat(bigger).isGreaterThan(small);
      redis.call("SADD", "s", "member-that-is-not-an-integer");
      assertThat(memory()).isGreaterThan(bigger);
      redis.call(range("SREM", "s", 0, 100));
      redis.call("SREM", "s", "member-that-is-not-an-integer");
      assertThat(memory()).isEqualTo(empty);
    }

    @Test
    void aSmallSetOfSmallIntegersCostsLessThanRedisesIntsetWithItsObject() {
      long empty = memory();
      redis.call(range("SADD", "set:1", 1, 11));
      // Redis: 24 (dict entry) + 16 (key) + 16 (object) + 32 (intset) + a slot; we must stay
      // within 1.2 times that for a million such sets.
      assertThat(memory() - empty).isLessThanOrEqualTo(125);
    }

    @Test
    void aSetSurvivesTheEncodingForFilesInEachEncoding() {
      redis.call("SADD", "small", "5", "-5");
      redis.call(range("SADD", "wide", 60000, 60100));
      redis.call("SADD", "table", "a", "b", "1");
      for (String key : List.of("small", "wide", "table")) {
        String dump = redis.call("SMEMBERS", key);
        String before = encoding(key);
        redis.call("DEBUG", "RELOAD");
        assertThat(sortedItems(redis.call("SMEMBERS", key))).isEqualTo(sortedItems(dump));
        assertThat(encoding(key)).isEqualTo(before);
      }
    }

    @Test
    void copyIsIndependentOfItsOriginal() {
      redis.call("SADD", "a", "1", "2");
      redis.call("SADD", "h", "x", "y");
      redis.call("COPY", "a", "a2");
      redis.call("COPY", "h", "h2");
      redis.call("SADD", "a2", "3");
      redis.call("SREM", "h2", "x");
      assertThat(redis.call("SMEMBERS", "a")).isEqualTo(array("1", "2"));
      assertThat(sortedItems(redis.call("SMEMBERS", "h"))).containsExactly("x", "y");
      assertThat(redis.call("SMEMBERS", "h2")).isEqualTo(array("y"));
    }
  }

  @Nested
  class Reads {
    @Test
    void missingKeysReadAsEmptySets() {
      assertThat(redis.call("SCARD", "none")).isEqualTo(integer(0));
      assertThat(redis.call("SISMEMBER", "none", "a")).isEqualTo(integer(0));
      assertThat(redis.call("SMISMEMBER", "none", "a", "b")).isEqualTo("*2\r\n:0\r\n:0\r\n");
      assertThat(redis.call("SMEMBERS", "none")).isEqualTo(EMPTY_ARRAY);
      redis.call("HELLO", "3");
      assertThat(redis.call("SMEMBERS", "none")).isEqualTo("~0\r\n");
    }

    @Test
    void membershipOfEachEncoding() {
      redis.call("SADD", "i", "1", "2");
      redis.call("SADD", "h", "a", "1");
      assertThat(redis.call("SISMEMBER", "i", "2")).isEqualTo(integer(1));
      assertThat(redis.call("SISMEMBER", "i", "a")).isEqualTo(integer(0));
      assertThat(redis.call("SISMEMBER", "h", "a")).isEqualTo(integer(1));
      assertThat(redis.call("SMISMEMBER", "h", "1", "2", "a"))
          .isEqualTo("*3\r\n:1\r\n:0\r\n:1\r\n");
      assertThat(redis.call("SCARD", "h")).isEqualTo(integer(2));
    }

    @Test
    void smembersIsASetInResp3AndIntsetsAreAscending() {
      redis.call("SADD", "s", "10", "-2", "3");
      assertThat(redis.call("SMEMBERS", "s")).isEqualTo(array("-2", "3", "10"));
      redis.call("HELLO", "3");
      assertThat(redis.call("SMEMBERS", "s"))
          .isEqualTo("~3\r\n$2\r\n-2\r\n$1\r\n3\r\n$2\r\n10\r\n");
      assertThat(redis.call("SMISMEMBER", "s", "3")).isEqualTo("*1\r\n:1\r\n");
    }
  }

  @Nested
  class RandomMembers {
    @Test
    void spopWithoutCountIsLoggedAsSremOfTheMember() {
      redis.call("SADD", "s", "a", "b");
      String popped = RespTree.parse(redis.call("SPOP", "s")).text();
      assertThat(popped).isIn("a", "b");
      assertThat(effects()).last().isEqualTo("SREM s " + popped);
      redis.call("SPOP", "s");
      assertThat(redis.call("EXISTS", "s")).isEqualTo(integer(0));
      assertThat(redis.call("SPOP", "s")).isEqualTo("$-1\r\n");
      assertThat(dirty()).isEqualTo(4);
    }

    @Test
    void spopWithCountPopsDistinctMembersLoggedAsOneSrem() {
      redis.call(range("SADD", "s", 0, 100));
      redis.mutations().clear();
      List<String> popped = items(redis.call("SPOP", "s", "10"));
      assertThat(popped).hasSize(10).doesNotHaveDuplicates();
      assertThat(effects()).containsExactly("SREM s " + String.join(" ", popped));
      assertThat(redis.call("SCARD", "s")).isEqualTo(integer(90));
      for (String member : popped) {
        assertThat(redis.call("SISMEMBER", "s", member)).isEqualTo(integer(0));
      }
    }

    @Test
    void spopOfTheWholeSetIsLoggedAsDelAndRepliesLikeSunion() {
      redis.call("SADD", "s", "3", "1", "2");
      redis.call("HELLO", "3");
      redis.mutations().clear();
      assertThat(redis.call("SPOP", "s", "5")).isEqualTo("~3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
      assertThat(effects()).containsExactly("DEL s");
      assertThat(redis.call("EXISTS", "s")).isEqualTo(integer(0));
      assertThat(redis.call("SPOP", "s", "5")).isEqualTo("~0\r\n");
    }

    @Test
    void spopCountErrorsComeBeforeTheKey() {
      redis.call("SET", "str", "v");
      redis.call("SADD", "s", "1");
      assertThat(redis.call("SPOP", "str", "-1")).isEqualTo(NOT_POSITIVE);
      assertThat(redis.call("SPOP", "none", "x")).isEqualTo(NOT_POSITIVE);
      assertThat(redis.call("SPOP", "none", "99999999999999999999")).isEqualTo(NOT_POSITIVE);
      assertThat(redis.call("SPOP", "s", "1", "2")).isEqualTo(SYNTAX);
      assertThat(redis.call("SPOP", "s", "0")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("SPOP", "none", "3")).isEqualTo(EMPTY_ARRAY);
      assertThat(effects()).containsExactly("SET str v", "SADD s 1");
    }

    @Test
    void srandmemberCounts() {
      redis.call("SADD", "s", "3", "1", "2");
      assertThat(redis.call("SRANDMEMBER", "none")).isEqualTo("$-1\r\n");
      assertThat(redis.call("SRANDMEMBER", "none", "5")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("SRANDMEMBER", "s", "0")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("SRANDMEMBER", "s", "10")).isEqualTo(array("1", "2", "3"));
      assertThat(items(redis.call("SRANDMEMBER", "s", "2"))).hasSize(2).doesNotHaveDuplicates();
      List<String> repeated = items(redis.call("SRANDMEMBER", "s", "-50"));
      assertThat(repeated).hasSize(50).containsAnyOf("1", "2", "3");
      assertThat(repeated.stream().distinct().count()).isGreaterThan(1);
      assertThat(RespTree.parse(redis.call("SRANDMEMBER", "s")).text()).isIn("1", "2", "3");
      assertThat(redis.call("SRANDMEMBER", "s", "-9223372036854775808"))
          .isEqualTo(
              "-ERR value is out of range, value must between -9223372036854775807 and"
                  + " 9223372036854775807\r\n");
      assertThat(redis.call("SRANDMEMBER", "s", "1", "2")).isEqualTo(SYNTAX);
      assertThat(redis.call("SRANDMEMBER", "s", "1.5")).isEqualTo(NOT_INTEGER);
      assertThat(effects()).containsExactly("SADD s 3 1 2");
      redis.call("HELLO", "3");
      assertThat(redis.call("SRANDMEMBER", "s", "10")).startsWith("*3\r\n");
    }

    @Test
    void srandmemberWithADistinctCountDrawsFromTheWholeTable() {
      redis.call(range("SADD", "s", 0, 1000));
      redis.call("SADD", "s", "x");
      for (String count : List.of("10", "500", "900")) {
        List<String> drawn = items(redis.call("SRANDMEMBER", "s", count));
        assertThat(drawn).hasSize(Integer.parseInt(count)).doesNotHaveDuplicates();
      }
    }

    @Test
    void aHugeRepeatingCountIsRefusedRatherThanFillingTheHeap() {
      redis.call("SADD", "s", "a");
      assertThat(redis.call("SRANDMEMBER", "s", "-9223372036854775807")).startsWith("-ERR ");
    }
  }

  @Nested
  class Smove {
    @Test
    void movesAMemberAndCreatesTheDestinationLikeSadd() {
      redis.call("SADD", "src", "1", "a");
      assertThat(redis.call("SMOVE", "src", "dst", "1")).isEqualTo(integer(1));
      assertThat(encoding("dst")).isEqualTo(bulk("intset"));
      assertThat(redis.call("SMOVE", "src", "dst", "1")).isEqualTo(integer(0));
      assertThat(redis.call("SMOVE", "src", "dst", "a")).isEqualTo(integer(1));
      assertThat(redis.call("EXISTS", "src")).isEqualTo(integer(0));
      assertThat(encoding("dst")).isEqualTo(bulk("hashtable"));
      assertThat(effects()).containsExactly("SADD src 1 a", "SMOVE src dst 1", "SMOVE src dst a");
    }

    @Test
    void theSameKeyAndAMissingSourceChangeNothing() {
      redis.call("SADD", "s", "1");
      redis.call("SET", "str", "v");
      assertThat(redis.call("SMOVE", "s", "s", "1")).isEqualTo(integer(1));
      assertThat(redis.call("SMOVE", "s", "s", "2")).isEqualTo(integer(0));
      assertThat(redis.call("SMOVE", "none", "str", "1")).isEqualTo(integer(0));
      assertThat(redis.call("SMOVE", "s", "d", "2")).isEqualTo(integer(0));
      assertThat(redis.call("EXISTS", "d")).isEqualTo(integer(0));
      assertThat(effects()).containsExactly("SADD s 1", "SET str v");
    }
  }

  @Nested
  class Algebra {
    @Test
    void sinterOfIntsetsIsAscendingAndAMissingKeyEmptiesIt() {
      redis.call("SADD", "a", "5", "1", "3", "7");
      redis.call("SADD", "b", "7", "3", "9");
      assertThat(redis.call("SINTER", "a", "b")).isEqualTo(array("3", "7"));
      assertThat(redis.call("SINTER", "a", "b", "none")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("SINTER", "a", "a")).isEqualTo(array("1", "3", "5", "7"));
      redis.call("HELLO", "3");
      assertThat(redis.call("SINTER", "a", "b")).isEqualTo("~2\r\n$1\r\n3\r\n$1\r\n7\r\n");
    }

    @Test
    void sintercardCountsUpToItsLimit() {
      redis.call("SADD", "a", "1", "2", "3", "x");
      redis.call("SADD", "b", "1", "2", "3", "x", "y");
      assertThat(redis.call("SINTERCARD", "2", "a", "b")).isEqualTo(integer(4));
      assertThat(redis.call("SINTERCARD", "2", "a", "b", "LIMIT", "2")).isEqualTo(integer(2));
      assertThat(redis.call("SINTERCARD", "2", "a", "b", "limit", "0")).isEqualTo(integer(4));
      assertThat(redis.call("SINTERCARD", "2", "a", "b", "LIMIT", "9", "LIMIT", "1"))
          .isEqualTo(integer(1));
      assertThat(redis.call("SINTERCARD", "2", "a", "none")).isEqualTo(integer(0));
      assertThat(redis.call("SINTERCARD", "0", "a"))
          .isEqualTo("-ERR numkeys should be greater than 0\r\n");
      assertThat(redis.call("SINTERCARD", "x", "a"))
          .isEqualTo("-ERR numkeys should be greater than 0\r\n");
      assertThat(redis.call("SINTERCARD", "3", "a", "b"))
          .isEqualTo("-ERR Number of keys can't be greater than number of args\r\n");
      assertThat(redis.call("SINTERCARD", "1", "a", "LIMIT", "-1"))
          .isEqualTo("-ERR LIMIT can't be negative\r\n");
      assertThat(redis.call("SINTERCARD", "1", "a", "LIMIT", "x"))
          .isEqualTo("-ERR LIMIT can't be negative\r\n");
      assertThat(redis.call("SINTERCARD", "1", "a", "LIMIT")).isEqualTo(SYNTAX);
      assertThat(redis.call("SINTERCARD", "1", "a", "b")).isEqualTo(SYNTAX);
      assertThat(redis.call("COMMAND", "GETKEYS", "SINTERCARD", "2", "a", "b", "LIMIT", "1"))
          .isEqualTo(array("a", "b"));
    }

    @Test
    void sunionAndSdiffBuildANewSetSoIntegersComeBackSorted() {
      redis.call("SADD", "a", "5", "1", "x");
      redis.call("SADD", "b", "3", "x");
      redis.call("SADD", "c", "1");
      assertThat(sortedItems(redis.call("SUNION", "a", "b", "none")))
          .containsExactly("1", "3", "5", "x");
      assertThat(redis.call("SDIFF", "a", "b", "c")).isEqualTo(array("5"));
      assertThat(redis.call("SDIFF", "a", "none")).startsWith("*3\r\n");
      assertThat(redis.call("SDIFF", "none", "a")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("SDIFF", "a", "b", "a")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("SUNION", "c", "b")).startsWith("*3\r\n");
      redis.call("SREM", "b", "x");
      assertThat(redis.call("SUNION", "b", "c")).isEqualTo(array("1", "3"));
      redis.call("HELLO", "3");
      assertThat(redis.call("SUNION", "b", "c")).isEqualTo("~2\r\n$1\r\n1\r\n$1\r\n3\r\n");
      assertThat(redis.call("SDIFF", "none")).isEqualTo("~0\r\n");
    }

    @Test
    void storeReplacesAnyValueAndItsTtlAndTakesTheEncodingOfItsResult() {
      redis.call("SADD", "a", "1", "2", "x");
      redis.call("SADD", "b", "1", "2", "y");
      redis.call("SET", "d", "string", "EX", "100");
      assertThat(redis.call("SINTERSTORE", "d", "a", "b")).isEqualTo(integer(2));
      assertThat(redis.call("TTL", "d")).isEqualTo(integer(-1));
      assertThat(encoding("d")).isEqualTo(bulk("intset"));
      assertThat(redis.call("SMEMBERS", "d")).isEqualTo(array("1", "2"));
      assertThat(redis.call("SUNIONSTORE", "d", "a", "b")).isEqualTo(integer(4));
      assertThat(encoding("d")).isEqualTo(bulk("hashtable"));
      assertThat(redis.call("SDIFFSTORE", "d", "a", "b")).isEqualTo(integer(1));
      assertThat(redis.call("SMEMBERS", "d")).isEqualTo(array("x"));
      assertThat(redis.call("SUNIONSTORE", "a", "a", "b")).isEqualTo(integer(4));
      assertThat(sortedItems(redis.call("SMEMBERS", "a"))).containsExactly("1", "2", "x", "y");
    }

    @Test
    void anEmptyResultDeletesTheDestinationAndIsLoggedOnlyIfThereWasOne() {
      redis.call("SADD", "a", "1");
      redis.call("SET", "d", "v");
      redis.mutations().clear();
      assertThat(redis.call("SINTERSTORE", "d", "a", "none")).isEqualTo(integer(0));
      assertThat(redis.call("EXISTS", "d")).isEqualTo(integer(0));
      assertThat(redis.call("SDIFFSTORE", "d", "a", "a")).isEqualTo(integer(0));
      assertThat(redis.call("SUNIONSTORE", "d", "none")).isEqualTo(integer(0));
      assertThat(effects()).containsExactly("SINTERSTORE d a none");
      long memoryBefore = memory();
      redis.call("SUNIONSTORE", "d", "a");
      redis.call("DEL", "d");
      assertThat(memory()).isEqualTo(memoryBefore);
    }
  }

  @Nested
  class Sscan {
    @Test
    void anIntsetComesWholeWithCursorZero() {
      redis.call(range("SADD", "s", 0, 30));
      String reply = redis.call("SSCAN", "s", "0", "COUNT", "1");
      RespTree tree = RespTree.parse(reply);
      assertThat(tree.items().get(0).text()).isEqualTo("0");
      assertThat(tree.items().get(1).items()).hasSize(30);
      assertThat(redis.call("SSCAN", "s", "0", "MATCH", "2*"))
          .isEqualTo(
              "*2\r\n$1\r\n0\r\n"
                  + array("2", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29"));
    }

    @Test
    void aHashTableIsWalkedByCursorToTheEnd() {
      List<String> members = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        members.add("m" + i);
      }
      List<String> add = new ArrayList<>(List.of("SADD", "s"));
      add.addAll(members);
      redis.call(add.toArray(String[]::new));
      List<String> seen = new ArrayList<>();
      String cursor = "0";
      int calls = 0;
      do {
        RespTree tree = RespTree.parse(redis.call("SSCAN", "s", cursor, "COUNT", "50"));
        cursor = tree.items().get(0).text();
        tree.items().get(1).items().forEach(item -> seen.add(item.text()));
        calls++;
      } while (!cursor.equals("0"));
      assertThat(calls).isGreaterThan(10);
      assertThat(seen).containsExactlyInAnyOrderElementsOf(members);
    }

    @Test
    void errorsInRedisesOrder() {
      redis.call("SADD", "s", "1");
      redis.call("SET", "str", "v");
      assertThat(redis.call("SSCAN", "str", "x")).isEqualTo("-ERR invalid cursor\r\n");
      assertThat(redis.call("SSCAN", "none", "0", "COUNT", "0"))
          .isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
      assertThat(redis.call("SSCAN", "s", "0", "COUNT", "0")).isEqualTo(SYNTAX);
      assertThat(redis.call("SSCAN", "s", "0", "MATCH")).isEqualTo(SYNTAX);
      assertThat(redis.call("SSCAN", "s", "0", "TYPE", "set")).isEqualTo(SYNTAX);
    }
  }
}
