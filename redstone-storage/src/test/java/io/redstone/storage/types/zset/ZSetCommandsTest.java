package io.redstone.storage.types.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.types.Container;
import io.redstone.storage.types.MemberView;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.TestBag;
import io.redstone.storage.types.ValueType;
import io.redstone.storage.types.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ZSetCommandsTest {
  private static final String NIL = "$-1\r\n";
  private static final String EMPTY_ARRAY = "*0\r\n";
  private static final String WRONGTYPE =
      "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

  private final EngineHarness redis = new EngineHarness();

  private static String bulk(String value) {
    return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
  }

  private static String integer(long value) {
    return ":" + value + "\r\n";
  }

  private static String array(String... items) {
    return "*" + items.length + "\r\n" + String.join("", items);
  }

  private List<String> effects() {
    return redis.mutations().stream()
        .map(m -> String.join(" ", m.argv()))
        .collect(Collectors.toList());
  }

  private long dirty() {
    return redis.engine().stats().dirty;
  }

  private Entry entry(String key) {
    return redis.engine().database(0).peek(key.getBytes(StandardCharsets.UTF_8), redis.now());
  }

  private void plant(String key, Object value) {
    redis.engine().database(0).put(key.getBytes(StandardCharsets.UTF_8), value, false, redis.now());
  }

  private String encoding(String key) {
    return redis.call("OBJECT", "ENCODING", key);
  }

  @Nested
  class Zadd {
    @Test
    void addsAndCountsOnlyNewMembersUnlessCh() {
      assertThat(redis.call("ZADD", "z", "1", "a", "2", "b")).isEqualTo(integer(2));
      assertThat(redis.call("ZADD", "z", "5", "a", "3", "c")).isEqualTo(integer(1));
      assertThat(redis.call("ZADD", "z", "CH", "6", "a", "3", "c")).isEqualTo(integer(1));
      assertThat(redis.call("ZRANGE", "z", "0", "-1", "WITHSCORES"))
          .isEqualTo(array(bulk("b"), bulk("2"), bulk("c"), bulk("3"), bulk("a"), bulk("6")));
    }

    @Test
    void logsTheCommandOnlyWhenSomethingChanged() {
      redis.call("ZADD", "z", "1", "a");
      redis.call("ZADD", "z", "1", "a");
      redis.call("ZADD", "z", "NX", "5", "a");
      redis.call("ZADD", "z", "XX", "2", "a");
      assertThat(effects()).containsExactly("ZADD z 1 a", "ZADD z XX 2 a");
      assertThat(dirty()).isEqualTo(2);
    }

    @Test
    void xxOnAMissingKeyCreatesNothing() {
      assertThat(redis.call("ZADD", "z", "XX", "1", "a")).isEqualTo(integer(0));
      assertThat(redis.call("EXISTS", "z")).isEqualTo(integer(0));
      assertThat(effects()).isEmpty();
    }

    @Test
    void gtAndLtCompareWithTheCurrentScore() {
      redis.call("ZADD", "z", "5", "a");
      assertThat(redis.call("ZADD", "z", "GT", "CH", "4", "a")).isEqualTo(integer(0));
      assertThat(redis.call("ZADD", "z", "GT", "CH", "6", "a")).isEqualTo(integer(1));
      assertThat(redis.call("ZADD", "z", "LT", "CH", "7", "a")).isEqualTo(integer(0));
      assertThat(redis.call("ZADD", "z", "LT", "CH", "1", "a", "9", "new")).isEqualTo(integer(2));
    }

    @Test
    void incrementAnswersTheNewScoreOrNull() {
      assertThat(redis.call("ZADD", "z", "INCR", "1.5", "a")).isEqualTo(bulk("1.5"));
      assertThat(redis.call("ZADD", "z", "NX", "INCR", "1", "a")).isEqualTo(NIL);
      redis.session().protocol(3);
      assertThat(redis.call("ZADD", "z", "INCR", "1", "a")).isEqualTo(",2.5\r\n");
      assertThat(redis.call("ZADD", "z", "XX", "INCR", "1", "b")).isEqualTo("_\r\n");
    }

    @Test
    void optionConflictsAreRefusedBeforeScoresAreRead() {
      assertThat(redis.call("ZADD", "z", "NX", "XX", "x", "a"))
          .isEqualTo("-ERR XX and NX options at the same time are not compatible\r\n");
      assertThat(redis.call("ZADD", "z", "GT", "LT", "x", "a"))
          .isEqualTo("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
      assertThat(redis.call("ZADD", "z", "INCR", "1", "a", "2", "b"))
          .isEqualTo("-ERR INCR option supports a single increment-element pair\r\n");
      assertThat(redis.call("ZADD", "z", "1", "a", "2")).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void aBadScoreAnywhereChangesNothing() {
      assertThat(redis.call("ZADD", "z", "1", "a", "nan", "b"))
          .isEqualTo("-ERR value is not a valid float\r\n");
      assertThat(redis.call("ZADD", "z", "1", "a", "1e400", "b"))
          .isEqualTo("-ERR value is not a valid float\r\n");
      assertThat(redis.call("EXISTS", "z")).isEqualTo(integer(0));
    }

    @Test
    void infinitiesAndHexAreScores() {
      redis.call("ZADD", "z", "+inf", "a", "-Infinity", "b", "0x10", "c");
      assertThat(redis.call("ZMSCORE", "z", "a", "b", "c"))
          .isEqualTo(array(bulk("inf"), bulk("-inf"), bulk("16")));
    }

    @Test
    void anIncrementToNanIsRefusedAndChangesNothing() {
      redis.call("ZADD", "z", "inf", "a");
      assertThat(redis.call("ZINCRBY", "z", "-inf", "a"))
          .isEqualTo("-ERR resulting score is not a number (NaN)\r\n");
      assertThat(redis.call("ZSCORE", "z", "a")).isEqualTo(bulk("inf"));
      assertThat(effects()).containsExactly("ZADD z inf a");
    }

    @Test
    void answersWrongTypeForAnotherType() {
      plant("k", "string".getBytes(StandardCharsets.UTF_8));
      assertThat(redis.call("ZADD", "k", "1", "a")).isEqualTo(WRONGTYPE);
      assertThat(redis.call("ZINCRBY", "k", "1", "a")).isEqualTo(WRONGTYPE);
    }
  }

  @Nested
  class Encodings {
    @Test
    void aSetStaysCompactUpToTheLimitsThenBecomesASkipListForGood() {
      EngineHarness small =
          EngineHarness.configuredWith(
              "zset-max-listpack-entries", "3", "zset-max-listpack-value", "5");
      small.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
      assertThat(small.call("OBJECT", "ENCODING", "z")).isEqualTo(bulk("listpack"));
      small.call("ZADD", "z", "4", "d");
      assertThat(small.call("OBJECT", "ENCODING", "z")).isEqualTo(bulk("skiplist"));
      small.call("ZREM", "z", "a", "b", "c");
      assertThat(small.call("OBJECT", "ENCODING", "z")).isEqualTo(bulk("skiplist"));
      small.call("ZADD", "y", "1", "abcdef");
      assertThat(small.call("OBJECT", "ENCODING", "y")).isEqualTo(bulk("skiplist"));
      small.call("ZADD", "x", "1", "abcde");
      small.call("ZADD", "x", "1", "abcdefg");
      assertThat(small.call("OBJECT", "ENCODING", "x")).isEqualTo(bulk("skiplist"));
    }

    @Test
    void noCompactEncodingWhenItsEntryLimitIsZero() {
      EngineHarness none = EngineHarness.configuredWith("zset-max-listpack-entries", "0");
      none.call("ZADD", "z", "1", "a");
      assertThat(none.call("OBJECT", "ENCODING", "z")).isEqualTo(bulk("skiplist"));
    }

    @Test
    void storedResultsTakeTheCompactEncodingWhenTheyFit() {
      for (int i = 0; i < 200; i++) {
        redis.call("ZADD", "big", Integer.toString(i), "m" + i);
      }
      assertThat(encoding("big")).isEqualTo(bulk("skiplist"));
      redis.call("ZUNIONSTORE", "u", "1", "big");
      assertThat(encoding("u")).isEqualTo(bulk("skiplist"));
      redis.call("ZRANGESTORE", "r", "big", "0", "9");
      assertThat(encoding("r")).isEqualTo(bulk("listpack"));
      redis.call("ZINTERSTORE", "i", "2", "big", "r");
      assertThat(encoding("i")).isEqualTo(bulk("listpack"));
    }

    @Test
    void aCompactSetKeepsMinusZeroAsZeroAndASkipListKeepsIt() {
      redis.call("ZADD", "compact", "-0", "a");
      assertThat(redis.call("ZSCORE", "compact", "a")).isEqualTo(bulk("0"));
      String longMember = "x".repeat(65);
      redis.call("ZADD", "big", "-0", longMember);
      assertThat(redis.call("ZSCORE", "big", longMember)).isEqualTo(bulk("-0"));
    }

    @Test
    void memoryFollowsTheSetAsItGrowsAndShrinks() {
      redis.call("ZADD", "z", "1", "a");
      long one = Values.memory(entry("z").value());
      for (int i = 0; i < 300; i++) {
        redis.call("ZADD", "z", Integer.toString(i), "member-" + i);
      }
      long many = Values.memory(entry("z").value());
      assertThat(many).isGreaterThan(one + 300 * 40);
      long databaseBytes = redis.engine().database(0).estimatedBytes();
      redis.call("ZREMRANGEBYRANK", "z", "0", "149");
      long fewer = Values.memory(entry("z").value());
      assertThat(fewer).isLessThan(many);
      assertThat(redis.engine().database(0).estimatedBytes())
          .isEqualTo(databaseBytes - (many - fewer));
      redis.call("DEL", "z");
      assertThat(redis.engine().database(0).estimatedBytes()).isZero();
    }

    @Test
    void copyIsIndependentAndKeepsTheEncoding() {
      for (int i = 0; i < 150; i++) {
        redis.call("ZADD", "z", Integer.toString(i), "m" + i);
      }
      redis.call("COPY", "z", "c");
      redis.call("ZADD", "c", "1000", "m0");
      assertThat(redis.call("ZSCORE", "z", "m0")).isEqualTo(bulk("0"));
      assertThat(encoding("c")).isEqualTo(bulk("skiplist"));
      assertThat(redis.call("ZCARD", "c")).isEqualTo(integer(150));
    }

    @Test
    void encodeAndDecodeRoundTripBothEncodings() {
      redis.call("ZADD", "small", "0.1", "a", "-0", "b", "inf", "c");
      for (int i = 0; i < 150; i++) {
        redis.call("ZADD", "big", Double.toString(i / 3.0), "m" + i);
      }
      for (String key : List.of("small", "big")) {
        Object value = entry(key).value();
        StoredValue stored = Values.encode(value);
        Object decoded = Values.decode(stored);
        redis
            .engine()
            .database(0)
            .put((key + "-copy").getBytes(StandardCharsets.UTF_8), decoded, false, redis.now());
        assertThat(redis.call("ZRANGE", key + "-copy", "0", "-1", "WITHSCORES"))
            .isEqualTo(redis.call("ZRANGE", key, "0", "-1", "WITHSCORES"));
        assertThat(encoding(key + "-copy")).isEqualTo(encoding(key));
        assertThat(Values.memory(decoded)).isPositive();
      }
    }
  }

  @Nested
  class RemovalsAndPops {
    @Test
    void zremDeletesTheKeyWhenItEmpties() {
      redis.call("ZADD", "z", "1", "a", "2", "b");
      assertThat(redis.call("ZREM", "z", "a", "x")).isEqualTo(integer(1));
      assertThat(redis.call("ZREM", "z", "b")).isEqualTo(integer(1));
      assertThat(redis.call("EXISTS", "z")).isEqualTo(integer(0));
      assertThat(redis.call("ZREM", "z", "b")).isEqualTo(integer(0));
      assertThat(effects()).containsExactly("ZADD z 1 a 2 b", "ZREM z a x", "ZREM z b");
    }

    @Test
    void popsAreLoggedAsWhatTheyTook() {
      redis.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
      assertThat(redis.call("ZPOPMIN", "z")).isEqualTo(array(bulk("a"), bulk("1")));
      assertThat(redis.call("ZMPOP", "2", "none", "z", "MAX", "COUNT", "10"))
          .isEqualTo(
              array(bulk("z"), array(array(bulk("c"), bulk("3")), array(bulk("b"), bulk("2")))));
      assertThat(redis.call("EXISTS", "z")).isEqualTo(integer(0));
      assertThat(effects()).containsExactly("ZADD z 1 a 2 b 3 c", "ZPOPMIN z 1", "ZPOPMAX z 2");
      assertThat(redis.call("ZPOPMIN", "z", "5")).isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("ZMPOP", "1", "z", "MIN")).isEqualTo("*-1\r\n");
    }

    @Test
    void resp3PopsWithACountAreNestedPairs() {
      redis.call("ZADD", "z", "1", "a", "2", "b");
      redis.session().protocol(3);
      assertThat(redis.call("ZPOPMAX", "z", "1")).isEqualTo(array(array(bulk("b"), ",2\r\n")));
      assertThat(redis.call("ZPOPMAX", "z")).isEqualTo(array(bulk("a"), ",1\r\n"));
      assertThat(redis.call("ZMPOP", "1", "z", "MIN")).isEqualTo("_\r\n");
    }

    @Test
    void removingARangeLogsOnlyWhenSomethingWentAndDeletesAnEmptiedKey() {
      redis.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
      assertThat(redis.call("ZREMRANGEBYSCORE", "z", "10", "20")).isEqualTo(integer(0));
      assertThat(redis.call("ZREMRANGEBYSCORE", "z", "(1", "2")).isEqualTo(integer(1));
      assertThat(redis.call("ZREMRANGEBYLEX", "z", "-", "+")).isEqualTo(integer(2));
      assertThat(redis.call("EXISTS", "z")).isEqualTo(integer(0));
      assertThat(effects())
          .containsExactly("ZADD z 1 a 2 b 3 c", "ZREMRANGEBYSCORE z (1 2", "ZREMRANGEBYLEX z - +");
    }
  }

  @Nested
  class Ranges {
    @Test
    void rangesByScoreHonourExclusiveBoundsOffsetAndCount() {
      redis.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
      assertThat(redis.call("ZRANGEBYSCORE", "z", "(1", "4", "LIMIT", "1", "2"))
          .isEqualTo(array(bulk("c"), bulk("d")));
      assertThat(redis.call("ZRANGE", "z", "(4", "1", "BYSCORE", "REV", "LIMIT", "0", "-1"))
          .isEqualTo(array(bulk("c"), bulk("b"), bulk("a")));
      assertThat(redis.call("ZRANGEBYSCORE", "z", "1", "4", "LIMIT", "-1", "2"))
          .isEqualTo(EMPTY_ARRAY);
      assertThat(redis.call("ZCOUNT", "z", "(1", "(4")).isEqualTo(integer(2));
    }

    @Test
    void resp3WithScoresIsAnArrayOfPairs() {
      redis.call("ZADD", "z", "1", "a", "0.1", "b");
      redis.session().protocol(3);
      assertThat(redis.call("ZRANGE", "z", "0", "-1", "WITHSCORES"))
          .isEqualTo(
              array(array(bulk("b"), ",0.10000000000000001\r\n"), array(bulk("a"), ",1\r\n")));
    }

    @Test
    void ranksWorkOnASkipList() {
      for (int i = 0; i < 500; i++) {
        redis.call("ZADD", "z", Integer.toString(i % 50), String.format("m%03d", i));
      }
      // Score i % 50, then the member: m000 m050 m100 ... come first.
      assertThat(redis.call("ZRANK", "z", "m050")).isEqualTo(integer(1));
      assertThat(redis.call("ZREVRANK", "z", "m499")).isEqualTo(integer(0));
      assertThat(redis.call("ZRANGE", "z", "10", "11"))
          .isEqualTo(array(bulk("m001"), bulk("m051")));
      assertThat(redis.call("ZCOUNT", "z", "10", "(12")).isEqualTo(integer(20));
    }

    @Test
    void rangeStoreReplacesAnyTypeAndDeletesForAnEmptyResult() {
      plant("dst", "text".getBytes(StandardCharsets.UTF_8));
      redis.call("ZADD", "src", "1", "a", "2", "b");
      assertThat(redis.call("ZRANGESTORE", "dst", "src", "0", "0")).isEqualTo(integer(1));
      assertThat(redis.call("TYPE", "dst")).isEqualTo("+zset\r\n");
      assertThat(redis.call("ZRANGESTORE", "dst", "src", "5", "9", "BYSCORE"))
          .isEqualTo(integer(0));
      assertThat(redis.call("EXISTS", "dst")).isEqualTo(integer(0));
      assertThat(effects().subList(1, 3))
          .containsExactly("ZRANGESTORE dst src 0 0", "ZRANGESTORE dst src 5 9 BYSCORE");
    }

    @Test
    void readsAnswerWrongTypeForAnotherType() {
      plant("k", new TestBag(ValueType.LIST, "x"));
      for (String[] command :
          List.of(
              new String[] {"ZRANGE", "k", "0", "-1"},
              new String[] {"ZCARD", "k"},
              new String[] {"ZSCORE", "k", "a"},
              new String[] {"ZRANK", "k", "a"},
              new String[] {"ZCOUNT", "k", "0", "1"},
              new String[] {"ZSCAN", "k", "0"},
              new String[] {"ZRANDMEMBER", "k"},
              new String[] {"ZPOPMIN", "k"},
              new String[] {"ZUNION", "1", "k"})) {
        assertThat(redis.call(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
      }
    }
  }

  /** A set as another family would store it, offering its members to sorted-set commands. */
  private static final class PlantedSet implements Container, MemberView {
    private final List<String> members;

    PlantedSet(String... members) {
      this.members = List.of(members);
    }

    @Override
    public ValueType type() {
      return ValueType.SET;
    }

    @Override
    public String encoding() {
      return "hashtable";
    }

    @Override
    public long memory() {
      return 100;
    }

    @Override
    public int size() {
      return members.size();
    }

    @Override
    public Container duplicate() {
      return this;
    }

    @Override
    public long serializedLength() {
      return 0;
    }

    @Override
    public StoredValue encode(io.redstone.storage.types.PartLimits limits) {
      return new StoredValue(ValueType.SET, new byte[0]);
    }

    @Override
    public boolean containsMember(byte[] member) {
      return members.contains(new String(member, StandardCharsets.UTF_8));
    }

    @Override
    public void forEachMember(Consumer<byte[]> action) {
      for (String member : members) {
        action.accept(member.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Nested
  class SetOperations {
    @Test
    void aSetCountsAsASortedSetWithScoresOfOne() {
      plant("s", new PlantedSet("a", "b", "x"));
      redis.call("ZADD", "z", "5", "a", "7", "c");
      assertThat(redis.call("ZUNION", "2", "z", "s", "WITHSCORES"))
          .isEqualTo(
              array(
                  bulk("b"), bulk("1"), bulk("x"), bulk("1"), bulk("a"), bulk("6"), bulk("c"),
                  bulk("7")));
      assertThat(redis.call("ZINTER", "2", "s", "z", "WEIGHTS", "10", "1", "WITHSCORES"))
          .isEqualTo(array(bulk("a"), bulk("15")));
      assertThat(redis.call("ZDIFF", "2", "s", "z")).isEqualTo(array(bulk("b"), bulk("x")));
      assertThat(redis.call("ZINTERCARD", "2", "s", "z")).isEqualTo(integer(1));
    }

    @Test
    void keysAreCheckedBeforeOptions() {
      plant("k", new TestBag(ValueType.HASH, "x"));
      assertThat(redis.call("ZUNION", "1", "k", "AGGREGATE", "avg")).isEqualTo(WRONGTYPE);
      assertThat(redis.call("ZUNION", "0", "k"))
          .isEqualTo("-ERR at least 1 input key is needed for 'zunion' command\r\n");
    }

    @Test
    void infinitiesThatCancelSumToZero() {
      redis.call("ZADD", "a", "inf", "m");
      redis.call("ZADD", "b", "-inf", "m");
      assertThat(redis.call("ZUNION", "2", "a", "b", "WITHSCORES"))
          .isEqualTo(array(bulk("m"), bulk("0")));
    }

    @Test
    void anEmptyStoredResultDeletesTheDestinationAndIsLogged() {
      redis.call("ZADD", "out", "1", "x");
      assertThat(redis.call("ZINTERSTORE", "out", "2", "none", "out")).isEqualTo(integer(0));
      assertThat(redis.call("EXISTS", "out")).isEqualTo(integer(0));
      assertThat(redis.call("ZINTERSTORE", "out", "2", "none", "out")).isEqualTo(integer(0));
      assertThat(effects()).containsExactly("ZADD out 1 x", "ZINTERSTORE out 2 none out");
    }
  }

  @Nested
  class RandomAndScan {
    @Test
    void randomMembersAreDistinctForAPositiveCountAndMayRepeatForANegativeOne() {
      for (int i = 0; i < 300; i++) {
        redis.call("ZADD", "z", Integer.toString(i), "m" + i);
      }
      String reply = redis.call("ZRANDMEMBER", "z", "50");
      List<String> lines = new ArrayList<>(List.of(reply.split("\r\n")));
      assertThat(lines.get(0)).isEqualTo("*50");
      List<String> members = new ArrayList<>();
      for (int i = 2; i < lines.size(); i += 2) {
        members.add(lines.get(i));
      }
      assertThat(members).hasSize(50).doesNotHaveDuplicates();
      assertThat(redis.call("ZRANDMEMBER", "z", "-400")).startsWith("*400\r\n");
      assertThat(redis.call("ZRANDMEMBER", "z", "2", "WITHSCORES")).startsWith("*4\r\n");
      assertThat(effects()).hasSize(300);
    }

    @Test
    void scanOfASkipListVisitsEveryMemberOnceAcrossCalls() {
      for (int i = 0; i < 1000; i++) {
        redis.call("ZADD", "z", Integer.toString(i), "m" + i);
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      String cursor = "0";
      do {
        String reply = redis.call("ZSCAN", "z", cursor, "COUNT", "25");
        String[] lines = reply.split("\r\n");
        cursor = lines[2];
        for (int i = 5; i < lines.length; i += 4) {
          seen.add(lines[i]);
          assertThat(lines[i + 2]).isEqualTo(lines[i].substring(1));
        }
      } while (!cursor.equals("0"));
      assertThat(seen).hasSize(1000);
    }

    @Test
    void scanOfACompactSetAnswersAtOnceWithMatch() {
      redis.call("ZADD", "z", "1", "apple", "2", "banana", "0.5", "avocado");
      assertThat(redis.call("ZSCAN", "z", "0", "MATCH", "a*"))
          .isEqualTo(
              array(bulk("0"), array(bulk("avocado"), bulk("0.5"), bulk("apple"), bulk("1"))));
      assertThat(redis.call("ZSCAN", "z", "0", "COUNT", "0")).isEqualTo("-ERR syntax error\r\n");
      assertThat(redis.call("ZSCAN", "none", "0")).isEqualTo(array(bulk("0"), EMPTY_ARRAY));
    }
  }
}
