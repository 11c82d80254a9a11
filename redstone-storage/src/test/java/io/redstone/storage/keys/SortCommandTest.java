package io.redstone.storage.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.RespTree;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SORT and SORT_RO through the engine, with Redis 7.0.15's replies, errors and effects. */
class SortCommandTest {
  private static final String WRONGTYPE =
      "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
  private static final String SYNTAX = "-ERR syntax error\r\n";
  private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
  private static final String NOT_DOUBLE =
      "-ERR One or more scores can't be converted into double\r\n";

  private final EngineHarness redis = new EngineHarness();

  private static String bulk(String value) {
    return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
  }

  private static List<String> items(String reply) {
    return RespTree.parse(reply).items().stream().map(RespTree::text).toList();
  }

  private List<String> sort(String... args) {
    String[] argv = new String[args.length + 1];
    argv[0] = "SORT";
    System.arraycopy(args, 0, argv, 1, args.length);
    String reply = redis.call(argv);
    assertThat(reply).as("SORT %s", String.join(" ", args)).startsWith("*");
    return items(reply);
  }

  private List<String> effects() {
    return redis.mutations().stream()
        .map(m -> String.join(" ", m.argv()))
        .collect(Collectors.toList());
  }

  @Nested
  class Numeric {
    @Test
    void sortsAListByTheNumbersItHolds() {
      redis.call("RPUSH", "l", "3", "-1", "10", "2.5", "1e1");
      assertThat(sort("l")).containsExactly("-1", "2.5", "3", "10", "1e1");
      assertThat(sort("l", "DESC")).containsExactly("1e1", "10", "3", "2.5", "-1");
    }

    @Test
    void equalNumbersAreOrderedByTheirBytes() {
      redis.call("RPUSH", "l", "1.0", "1", "01", "0x1");
      assertThat(sort("l")).containsExactly("01", "0x1", "1", "1.0");
      assertThat(sort("l", "DESC")).containsExactly("1.0", "1", "0x1", "01");
    }

    @Test
    void readsNumbersAsCStrtodDoes() {
      redis.call("RPUSH", "l", " 5", "0x10", "inf", "-inf", "", "0x1p3", "1e2", "7");
      assertThat(sort("l")).containsExactly("-inf", "", " 5", "7", "0x1p3", "0x10", "1e2", "inf");
    }

    @Test
    void aNumberEndsAtANulByte() {
      redis.call("RPUSH", "l", "2", "1\u0000junk");
      assertThat(sort("l")).containsExactly("1\u0000junk", "2");
    }

    @Test
    void refusesWhatIsNotANumber() {
      for (String bad : List.of("abc", "5 ", "nan", "1e309", "1e-400", "1e-310")) {
        redis.call("DEL", "l");
        redis.call("RPUSH", "l", "1", bad);
        assertThat(redis.call("SORT", "l")).as(bad).isEqualTo(NOT_DOUBLE);
        assertThat(redis.call("SORT", "l", "LIMIT", "0", "0")).as(bad).isEqualTo(NOT_DOUBLE);
      }
    }

    @Test
    void acceptsAnExactSubnormal() {
      redis.call("RPUSH", "l", "0x1p-1074", "0");
      assertThat(sort("l")).containsExactly("0", "0x1p-1074");
    }

    @Test
    void sortsASetAndASortedSetByTheirMembers() {
      redis.call("SADD", "s", "30", "4", "100");
      assertThat(sort("s")).containsExactly("4", "30", "100");
      redis.call("ZADD", "z", "1", "30", "2", "4", "3", "100");
      assertThat(sort("z", "DESC")).containsExactly("100", "30", "4");
    }
  }

  @Nested
  class Alpha {
    @Test
    void sortsByBytes() {
      redis.call("SADD", "s", "B", "a", "é", "Z", "1");
      assertThat(sort("s", "ALPHA")).containsExactly("1", "B", "Z", "a", "é");
      assertThat(sort("s", "ALPHA", "DESC")).containsExactly("é", "a", "Z", "B", "1");
    }

    @Test
    void comparesUpToANulByteUnlessStoring() {
      redis.call("RPUSH", "l", "a\u0000z", "a\u0000b", "a");
      // strcoll sees three equal strings: the stable sort keeps the list's order.
      assertThat(sort("l", "ALPHA")).containsExactly("a\u0000z", "a\u0000b", "a");
      assertThat(redis.call("SORT", "l", "ALPHA", "STORE", "d")).isEqualTo(":3\r\n");
      assertThat(items(redis.call("LRANGE", "d", "0", "-1")))
          .containsExactly("a", "a\u0000b", "a\u0000z");
    }
  }

  @Nested
  class Limit {
    @Test
    void takesARangeOfTheSortedElements() {
      redis.call("RPUSH", "l", "5", "1", "4", "2", "3");
      assertThat(sort("l", "LIMIT", "1", "2")).containsExactly("2", "3");
      assertThat(sort("l", "LIMIT", "-5", "2")).containsExactly("1", "2");
      assertThat(sort("l", "LIMIT", "3", "-1")).containsExactly("4", "5");
      assertThat(sort("l", "LIMIT", "2", "9223372036854775807")).containsExactly("3", "4", "5");
      assertThat(sort("l", "LIMIT", "5", "1")).isEmpty();
      assertThat(sort("l", "LIMIT", "0", "0")).isEmpty();
      assertThat(sort("l", "LIMIT", "1", "2", "LIMIT", "0", "1")).containsExactly("1");
    }

    @Test
    void wantsTwoIntegers() {
      redis.call("RPUSH", "l", "1");
      assertThat(redis.call("SORT", "l", "LIMIT", "1")).isEqualTo(SYNTAX);
      assertThat(redis.call("SORT", "l", "LIMIT", "x", "1")).isEqualTo(NOT_INTEGER);
      assertThat(redis.call("SORT", "l", "LIMIT", "0", "1.5")).isEqualTo(NOT_INTEGER);
    }
  }

  @Nested
  class By {
    @Test
    void sortsByWeightsInOtherKeys() {
      redis.call("RPUSH", "l", "a", "b", "c");
      redis.call("MSET", "w_a", "3", "w_b", "1", "w_c", "2");
      assertThat(sort("l", "BY", "w_*")).containsExactly("b", "c", "a");
      assertThat(sort("l", "BY", "w_*", "DESC", "LIMIT", "0", "2")).containsExactly("a", "c");
    }

    @Test
    void readsHashFields() {
      redis.call("RPUSH", "l", "a", "b", "c");
      redis.call("HSET", "h_a", "f", "3");
      redis.call("HSET", "h_b", "f", "1");
      redis.call("HSET", "h_c", "f", "2");
      assertThat(sort("l", "BY", "h_*->f")).containsExactly("b", "c", "a");
      assertThat(sort("l", "BY", "h_*->f", "GET", "h_*->f")).containsExactly("1", "2", "3");
    }

    @Test
    void missingOrWrongTypeWeightsCountAsZero() {
      redis.call("RPUSH", "l", "a", "b", "c");
      redis.call("SET", "w_a", "-1");
      redis.call("SADD", "w_c", "x");
      assertThat(sort("l", "BY", "w_*")).containsExactly("a", "b", "c");
    }

    @Test
    void missingAlphaWeightsComeFirst() {
      redis.call("RPUSH", "l", "a", "b", "c");
      redis.call("MSET", "w_a", "z", "w_b", "y");
      assertThat(sort("l", "BY", "w_*", "ALPHA")).containsExactly("c", "b", "a");
    }

    @Test
    void aLimitedSortWithTiesOrdersThemAsRedisDoes() {
      String[] elements =
          "j i h g f e d c b a k l m n o p q r s t u v w x y z 1 2 3 4 5 6 7 8 9 0 A B C D E F G H I J K L M N"
              .split(" ");
      String[] push = new String[elements.length + 2];
      push[0] = "RPUSH";
      push[1] = "big";
      System.arraycopy(elements, 0, push, 2, elements.length);
      redis.call(push);
      // Redis 7.0.15's answers: every weight is missing, so all tie.
      assertThat(sort("big", "BY", "w_*", "ALPHA", "LIMIT", "2", "5"))
          .containsExactly("h", "g", "f", "e", "d");
      assertThat(sort("big", "BY", "w_*", "ALPHA", "LIMIT", "10", "3", "DESC"))
          .containsExactly("k", "l", "m");
      assertThat(sort("big", "BY", "w_*", "ALPHA", "LIMIT", "0", "5"))
          .containsExactly("N", "i", "h", "g", "f");
      assertThat(sort("big", "BY", "w_*", "ALPHA")).containsExactly(elements);
    }

    @Test
    void aPatternWithoutAStarDoesNotSort() {
      redis.call("RPUSH", "l", "3", "1", "2", "x");
      assertThat(sort("l", "BY", "nosort")).containsExactly("3", "1", "2", "x");
      assertThat(sort("l", "BY", "nosort", "DESC")).containsExactly("x", "2", "1", "3");
      assertThat(sort("l", "BY", "nosort", "LIMIT", "1", "2")).containsExactly("1", "2");
      assertThat(sort("l", "BY", "nosort", "DESC", "LIMIT", "1", "2")).containsExactly("2", "1");
      assertThat(sort("l", "BY", "no\u0000*")).containsExactly("3", "1", "2", "x");
      redis.call("MSET", "w_3", "3", "w_1", "1");
      assertThat(sort("l", "BY", "nosort", "BY", "w_*")).containsExactly("3", "1", "2", "x");
    }

    @Test
    void nosortOnASortedSetTakesItsRangeByRank() {
      redis.call("ZADD", "z", "1", "c", "2", "b", "3", "a", "4", "d");
      assertThat(sort("z", "BY", "nosort")).containsExactly("c", "b", "a", "d");
      assertThat(sort("z", "BY", "nosort", "LIMIT", "1", "2")).containsExactly("b", "a");
      assertThat(sort("z", "BY", "nosort", "DESC", "LIMIT", "1", "2")).containsExactly("a", "b");
      assertThat(sort("z", "BY", "nosort", "DESC", "LIMIT", "9", "2")).isEmpty();
    }

    @Test
    void nosortOnASetWithStoreSortsAlpha() {
      redis.call("SADD", "s", "b", "10", "a", "9");
      assertThat(redis.call("SORT", "s", "BY", "nosort", "STORE", "d")).isEqualTo(":4\r\n");
      assertThat(items(redis.call("LRANGE", "d", "0", "-1"))).containsExactly("10", "9", "a", "b");
      assertThat(sort("s", "BY", "nosort")).containsExactlyInAnyOrder("10", "9", "a", "b");
    }
  }

  @Nested
  class Get {
    @Test
    void replacesEachElementByTheValuesItsPatternsName() {
      redis.call("RPUSH", "l", "2", "1", "3");
      redis.call("MSET", "name_1", "one", "name_2", "two");
      redis.call("HSET", "h_3", "f", "three");
      assertThat(redis.call("SORT", "l", "GET", "#", "GET", "name_*", "GET", "h_*->f"))
          .isEqualTo(
              "*9\r\n"
                  + bulk("1")
                  + bulk("one")
                  + "$-1\r\n"
                  + bulk("2")
                  + bulk("two")
                  + "$-1\r\n"
                  + bulk("3")
                  + "$-1\r\n"
                  + bulk("three"));
    }

    @Test
    void missingValuesAreNullInResp3() {
      redis.call("HELLO", "3");
      redis.call("RPUSH", "l", "1");
      assertThat(redis.call("SORT", "l", "GET", "x_*")).isEqualTo("*1\r\n_\r\n");
    }

    @Test
    void readsOnlyStringsAndHashFields() {
      redis.call("RPUSH", "l", "1");
      redis.call("RPUSH", "v_1", "x");
      redis.call("SET", "h_1", "string");
      assertThat(redis.call("SORT", "l", "GET", "v_*", "GET", "h_*->f", "GET", "fixed"))
          .isEqualTo("*3\r\n$-1\r\n$-1\r\n$-1\r\n");
    }

    @Test
    void anArrowAtTheEndIsPartOfTheKey() {
      redis.call("RPUSH", "l", "1");
      redis.call("SET", "k_1->", "v");
      redis.call("HSET", "k_1", "", "empty field");
      assertThat(sort("l", "GET", "k_*->")).containsExactly("v");
      assertThat(sort("l", "GET", "#\u0000x")).containsExactly("1");
    }
  }

  @Nested
  class Store {
    @Test
    void storesTheResultAsAListAndLogsIt() {
      redis.call("RPUSH", "l", "3", "1", "2");
      redis.mutations().clear();
      assertThat(redis.call("SORT", "l", "STORE", "d")).isEqualTo(":3\r\n");
      assertThat(items(redis.call("LRANGE", "d", "0", "-1"))).containsExactly("1", "2", "3");
      assertThat(redis.call("OBJECT", "ENCODING", "d")).isEqualTo(bulk("quicklist"));
      assertThat(effects()).containsExactly("RPUSH d 1 2 3");
    }

    @Test
    void replacesAKeyOfAnyTypeAndItsTtl() {
      redis.call("RPUSH", "l", "3", "1");
      redis.call("SET", "d", "old", "EX", "100");
      redis.mutations().clear();
      assertThat(redis.call("SORT", "l", "STORE", "d")).isEqualTo(":2\r\n");
      assertThat(redis.call("TTL", "d")).isEqualTo(":-1\r\n");
      assertThat(effects()).containsExactly("DEL d", "RPUSH d 1 3");
    }

    @Test
    void anEmptyResultDeletesTheDestination() {
      redis.call("SET", "d", "old");
      redis.mutations().clear();
      assertThat(redis.call("SORT", "missing", "STORE", "d")).isEqualTo(":0\r\n");
      assertThat(redis.call("EXISTS", "d")).isEqualTo(":0\r\n");
      assertThat(effects()).containsExactly("DEL d");
      redis.mutations().clear();
      assertThat(redis.call("SORT", "missing", "STORE", "d")).isEqualTo(":0\r\n");
      assertThat(effects()).isEmpty();
    }

    @Test
    void storesMissingGetValuesAsEmptyStrings() {
      redis.call("RPUSH", "l", "2", "1");
      redis.call("SET", "v_1", "one");
      assertThat(redis.call("SORT", "l", "GET", "v_*", "GET", "#", "STORE", "d"))
          .isEqualTo(":4\r\n");
      assertThat(items(redis.call("LRANGE", "d", "0", "-1"))).containsExactly("one", "1", "", "2");
    }

    @Test
    void theLastStoreWins() {
      redis.call("RPUSH", "l", "1");
      assertThat(redis.call("SORT", "l", "STORE", "a", "STORE", "b")).isEqualTo(":1\r\n");
      assertThat(redis.call("EXISTS", "a", "b")).isEqualTo(":1\r\n");
      assertThat(redis.call("EXISTS", "b")).isEqualTo(":1\r\n");
    }

    @Test
    void sortRoHasNoStore() {
      redis.call("RPUSH", "l", "1");
      assertThat(redis.call("SORT_RO", "l", "STORE", "d")).isEqualTo(SYNTAX);
      assertThat(redis.call("SORT_RO", "l", "DESC")).isEqualTo("*1\r\n" + bulk("1"));
    }
  }

  @Nested
  class Keys {
    @Test
    void aMissingKeyIsAnEmptyList() {
      assertThat(redis.call("SORT", "missing")).isEqualTo("*0\r\n");
      assertThat(redis.call("SORT", "missing", "BY", "nosort", "DESC")).isEqualTo("*0\r\n");
    }

    @Test
    void otherTypesAreWrongType() {
      redis.call("SET", "s", "1");
      redis.call("HSET", "h", "f", "v");
      assertThat(redis.call("SORT", "s")).isEqualTo(WRONGTYPE);
      assertThat(redis.call("SORT_RO", "h")).isEqualTo(WRONGTYPE);
    }

    @Test
    void syntaxErrorsComeBeforeTheTypeCheck() {
      redis.call("SET", "s", "1");
      assertThat(redis.call("SORT", "s", "BOGUS")).isEqualTo(SYNTAX);
      assertThat(redis.call("SORT", "s", "GET")).isEqualTo(SYNTAX);
      assertThat(redis.call("SORT", "s", "STORE")).isEqualTo(SYNTAX);
    }

    @Test
    void sortingASortedSetConvertsItToASkipList() {
      redis.call("ZADD", "z", "1", "a", "2", "b");
      assertThat(redis.call("OBJECT", "ENCODING", "z")).isEqualTo(bulk("listpack"));
      long before = redis.engine().database(0).estimatedBytes();
      sort("z", "ALPHA");
      assertThat(redis.call("OBJECT", "ENCODING", "z")).isEqualTo(bulk("skiplist"));
      assertThat(redis.engine().database(0).estimatedBytes()).isGreaterThan(before);
      assertThat(redis.call("ZRANGE", "z", "0", "-1", "WITHSCORES"))
          .isEqualTo("*4\r\n" + bulk("a") + bulk("1") + bulk("b") + bulk("2"));
    }

    @Test
    void commandGetKeysFindsTheStoreDestination() {
      assertThat(items(redis.call("COMMAND", "GETKEYS", "SORT", "a", "STORE", "b")))
          .containsExactly("a", "b");
      assertThat(
              items(
                  redis.call(
                      "COMMAND", "GETKEYS", "SORT", "a", "LIMIT", "0", "1", "STORE", "b", "STORE",
                      "c")))
          .containsExactly("a", "c");
      assertThat(items(redis.call("COMMAND", "GETKEYS", "SORT", "a", "GET", "store", "x")))
          .containsExactly("a");
      assertThat(items(redis.call("COMMAND", "GETKEYS", "SORT_RO", "a", "GET", "x")))
          .containsExactly("a");
    }
  }
}
