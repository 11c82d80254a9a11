package io.redstone.storage.types.string;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.command.CommandFlag;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.KeyPositions;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.types.TestBag;
import io.redstone.storage.types.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StringCommandsTest {
  private static final String OK = "+OK\r\n";
  private static final String NIL = "$-1\r\n";
  private static final String EMPTY = "$0\r\n\r\n";
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

  /** The streamed effects as space-joined argv, oldest first. */
  private List<String> effects() {
    return redis.mutations().stream()
        .map(m -> String.join(" ", m.argv()))
        .collect(Collectors.toList());
  }

  private long dirty() {
    return redis.engine().stats().dirty;
  }

  private String pxat(long delayMillis) {
    return Long.toString(redis.now() + delayMillis);
  }

  /** Stores a value of another type, as a list or hash family would. */
  private void storeOtherType(String key) {
    redis
        .engine()
        .database(0)
        .put(
            key.getBytes(StandardCharsets.UTF_8),
            new TestBag(ValueType.LIST, "not a string"),
            false,
            redis.now());
  }

  private Entry entry(String key) {
    return redis.engine().database(0).peek(key.getBytes(StandardCharsets.UTF_8), redis.now());
  }

  @Nested
  class Get {
    @Test
    void missingKeyAnswersNullBulk() {
      assertThat(redis.call("GET", "nokey")).isEqualTo(NIL);
    }

    @Test
    void missingKeyAnswersResp3Null() {
      redis.session().protocol(3);
      assertThat(redis.call("GET", "nokey")).isEqualTo("_\r\n");
    }

    @Test
    void returnsValuesByteForByte() {
      byte[] value = {0, '\r', '\n', (byte) 0xff, 'x'};
      redis.call(redis.session(), "SET".getBytes(), "bin".getBytes(), value);
      assertThat(redis.call("GET", "bin").getBytes(StandardCharsets.UTF_8))
          .startsWith("$5\r\n\0\r\n".getBytes(StandardCharsets.UTF_8));
      assertThat(redis.call("STRLEN", "bin")).isEqualTo(integer(5));
    }

    @Test
    void otherTypeIsWrongType() {
      storeOtherType("list");
      assertThat(redis.call("GET", "list")).isEqualTo(WRONGTYPE);
    }

    @Test
    void countsKeyspaceHitsAndMisses() {
      redis.call("SET", "k", "v");
      redis.call("GET", "k");
      redis.call("GET", "nokey");
      redis.call("GET", "nokey");
      assertThat(redis.engine().stats().keyspaceHits).isEqualTo(1);
      assertThat(redis.engine().stats().keyspaceMisses).isEqualTo(2);
    }

    @Test
    void wrongArityNamesTheCommand() {
      assertThat(redis.call("GET"))
          .isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
      assertThat(redis.call("GET", "a", "b"))
          .isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
    }
  }

  @Nested
  class Set {
    @Test
    void storesValueAndPropagatesPlainSet() {
      assertThat(redis.call("SET", "k", "v")).isEqualTo(OK);
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("v"));
      assertThat(effects()).containsExactly("SET k v");
      assertThat(dirty()).isEqualTo(1);
    }

    @Test
    void replacesAValueOfAnotherType() {
      storeOtherType("k");
      assertThat(redis.call("SET", "k", "v")).isEqualTo(OK);
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("v"));
    }

    @Test
    void clearsAnExistingTtl() {
      redis.call("SET", "k", "v", "EX", "10");
      redis.call("SET", "k", "w");
      assertThat(entry("k").hasExpiry()).isFalse();
      redis.advanceMillis(20_000);
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("w"));
    }

    @Test
    void keepTtlKeepsTheTtlAndSaysSoInTheEffect() {
      redis.call("SET", "k", "v", "PX", "1000");
      long expireAt = entry("k").expireAt();
      assertThat(redis.call("SET", "k", "w", "KEEPTTL")).isEqualTo(OK);
      assertThat(entry("k").expireAt()).isEqualTo(expireAt);
      assertThat(effects()).last().isEqualTo("SET k w KEEPTTL");
    }

    @Test
    void withNxDoesNotOverwrite() {
      redis.call("SET", "k", "v");
      long dirtyBefore = dirty();
      assertThat(redis.call("SET", "k", "w", "NX")).isEqualTo(NIL);
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("v"));
      assertThat(effects()).containsExactly("SET k v");
      assertThat(dirty()).isEqualTo(dirtyBefore);
    }

    @Test
    void withNxAnswersResp3NullWhenNotSet() {
      redis.call("SET", "k", "v");
      redis.session().protocol(3);
      assertThat(redis.call("SET", "k", "w", "NX")).isEqualTo("_\r\n");
    }

    @Test
    void withNxCreatesAMissingKey() {
      assertThat(redis.call("SET", "k", "v", "nx")).isEqualTo(OK);
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("v"));
      assertThat(effects()).containsExactly("SET k v");
    }

    @Test
    void withXxOnlyOverwritesAnExistingKey() {
      assertThat(redis.call("SET", "k", "v", "XX")).isEqualTo(NIL);
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
      redis.call("SET", "k", "v");
      assertThat(redis.call("SET", "k", "w", "xx")).isEqualTo(OK);
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("w"));
    }

    @Test
    void withXxTreatsAnExpiredKeyAsMissing() {
      redis.call("SET", "k", "v", "PX", "10");
      redis.advanceMillis(11);
      assertThat(redis.call("SET", "k", "w", "XX")).isEqualTo(NIL);
    }

    @Test
    void withGetAnswersTheOldValue() {
      assertThat(redis.call("SET", "k", "v", "GET")).isEqualTo(NIL);
      assertThat(redis.call("SET", "k", "w", "GET")).isEqualTo(bulk("v"));
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("w"));
      // The GET option does not reach the stream: the outcome is known.
      assertThat(effects()).containsExactly("SET k v", "SET k w");
    }

    @Test
    void withGetOnAnotherTypeIsWrongTypeAndSetsNothing() {
      storeOtherType("k");
      assertThat(redis.call("SET", "k", "v", "GET")).isEqualTo(WRONGTYPE);
      assertThat(redis.call("GET", "k")).isEqualTo(WRONGTYPE);
      assertThat(effects()).isEmpty();
    }

    @Test
    void withNxAndGetAnswersTheOldValueWithoutWriting() {
      redis.call("SET", "k", "v");
      assertThat(redis.call("SET", "k", "w", "NX", "GET")).isEqualTo(bulk("v"));
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("v"));
      assertThat(redis.call("SET", "fresh", "w", "GET", "NX")).isEqualTo(NIL);
      assertThat(redis.call("GET", "fresh")).isEqualTo(bulk("w"));
    }

    @Test
    void withXxAndGetOnMissingKeyAnswersNull() {
      assertThat(redis.call("SET", "k", "v", "XX", "GET")).isEqualTo(NIL);
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
    }

    @Test
    void withExExpiresAfterThatManySecondsAndPropagatesAbsolutePxat() {
      String expected = pxat(10_000);
      assertThat(redis.call("SET", "k", "v", "EX", "10")).isEqualTo(OK);
      assertThat(effects()).containsExactly("SET k v PXAT " + expected);
      redis.advanceMillis(10_000);
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("v"));
      redis.advanceMillis(1);
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
      // The lazy expiry is streamed as a DEL.
      assertThat(effects()).last().isEqualTo("DEL k");
    }

    @Test
    void withPxPropagatesAbsolutePxat() {
      String expected = pxat(1500);
      redis.call("SET", "k", "v", "PX", "1500");
      assertThat(effects()).containsExactly("SET k v PXAT " + expected);
      assertThat(entry("k").expireAt()).isEqualTo(Long.parseLong(expected));
    }

    @Test
    void withExatAndPxatUseTheGivenInstant() {
      long seconds = redis.now() / 1000 + 100;
      redis.call("SET", "a", "v", "EXAT", Long.toString(seconds));
      redis.call("SET", "b", "v", "PXAT", Long.toString(redis.now() + 5));
      assertThat(effects())
          .containsExactly("SET a v PXAT " + seconds * 1000, "SET b v PXAT " + (redis.now() + 5));
    }

    @Test
    void withAPastExpiryDeletesTheExistingKeyAndPropagatesDel() {
      redis.call("SET", "k", "old");
      long dirtyBefore = dirty();
      assertThat(redis.call("SET", "k", "v", "EXAT", "1")).isEqualTo(OK);
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
      assertThat(redis.engine().database(0).size()).isZero();
      assertThat(effects()).containsExactly("SET k old", "DEL k");
      assertThat(dirty()).isEqualTo(dirtyBefore + 1);
    }

    @Test
    void withAPastExpiryOnAMissingKeyChangesNothing() {
      assertThat(redis.call("SET", "k", "v", "PXAT", Long.toString(redis.now()))).isEqualTo(OK);
      assertThat(redis.engine().database(0).size()).isZero();
      assertThat(effects()).isEmpty();
      assertThat(dirty()).isZero();
    }

    @Test
    void withAPastExpiryAndGetAnswersTheOldValue() {
      redis.call("SET", "k", "old");
      assertThat(redis.call("SET", "k", "v", "PXAT", "1", "GET")).isEqualTo(bulk("old"));
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
    }

    @Test
    void repeatedTtlOptionKeepsTheLastOne() {
      redis.call("SET", "k", "v", "EX", "10", "EX", "20");
      assertThat(entry("k").expireAt()).isEqualTo(redis.now() + 20_000);
    }

    @Test
    void optionsAreCaseInsensitiveInAnyOrderAndMayRepeat() {
      redis.call("SET", "k", "v");
      assertThat(redis.call("SET", "k", "w", "get", "Px", "100", "xX", "XX", "GeT"))
          .isEqualTo(bulk("v"));
      assertThat(entry("k").expireAt()).isEqualTo(redis.now() + 100);
      assertThat(redis.call("SET", "k", "w", "keepttl", "KEEPTTL")).isEqualTo(OK);
    }

    @ParameterizedTest
    @CsvSource({
      "NX XX",
      "XX NX",
      "EX 10 PX 10",
      "PX 10 EXAT 10",
      "EXAT 10 PXAT 10",
      "PXAT 10 EX 10",
      "KEEPTTL EX 10",
      "EX 10 KEEPTTL",
      "PERSIST",
      "EX",
      "PX",
      "NX EXAT",
      "FOO",
      "EX 0 FOO",
      "EXX 10",
      "NXX"
    })
    void conflictingUnknownOrIncompleteOptionsAreSyntaxErrors(String options) {
      String[] argv = ("SET k v " + options).split(" ");
      assertThat(redis.call(argv)).isEqualTo(SYNTAX);
      assertThat(effects()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
      "EX, 0",
      "EX, -1",
      "PX, 0",
      "PX, -100",
      "EXAT, 0",
      "PXAT, -1",
      // Seconds that overflow when scaled to milliseconds.
      "EX, 9223372036854776",
      // Milliseconds that overflow when added to the current time.
      "PX, 9223372036854775807",
      "EX, 9223372036854775"
    })
    void invalidExpireTimesAreRefused(String option, String value) {
      assertThat(redis.call("SET", "k", "v", option, value))
          .isEqualTo("-ERR invalid expire time in 'set' command\r\n");
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "", " 1", "9223372036854775808"})
    void nonIntegerExpireTimeIsNotAnInteger(String value) {
      assertThat(redis.call("SET", "k", "v", "EX", value)).isEqualTo(NOT_INTEGER);
    }

    @Test
    void expireTimeIsCheckedBeforeTheGetTypeCheck() {
      storeOtherType("k");
      assertThat(redis.call("SET", "k", "v", "GET", "EX", "0"))
          .isEqualTo("-ERR invalid expire time in 'set' command\r\n");
    }

    @Test
    void syntaxIsCheckedBeforeTheExpireTime() {
      assertThat(redis.call("SET", "k", "v", "EX", "0", "NX", "XX")).isEqualTo(SYNTAX);
    }

    @Test
    void tooFewArgumentsIsWrongArity() {
      assertThat(redis.call("SET", "k"))
          .isEqualTo("-ERR wrong number of arguments for 'set' command\r\n");
    }
  }

  @Nested
  class SetNxSetExPSetEx {
    @Test
    void setnxSetsOnlyAMissingKey() {
      assertThat(redis.call("SETNX", "k", "v")).isEqualTo(integer(1));
      assertThat(redis.call("SETNX", "k", "w")).isEqualTo(integer(0));
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("v"));
      assertThat(effects()).containsExactly("SETNX k v");
      assertThat(dirty()).isEqualTo(1);
    }

    @Test
    void setnxDoesNotCareAboutTheExistingType() {
      storeOtherType("k");
      assertThat(redis.call("SETNX", "k", "v")).isEqualTo(integer(0));
    }

    @Test
    void setexSetsValueAndTtlAndPropagatesPxat() {
      String expected = pxat(100_000);
      assertThat(redis.call("SETEX", "k", "100", "v")).isEqualTo(OK);
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("v"));
      assertThat(effects()).containsExactly("SET k v PXAT " + expected);
      redis.advanceMillis(100_001);
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
    }

    @Test
    void psetexSetsAMillisecondTtl() {
      String expected = pxat(250);
      assertThat(redis.call("PSETEX", "k", "250", "v")).isEqualTo(OK);
      assertThat(effects()).containsExactly("SET k v PXAT " + expected);
      redis.advanceMillis(251);
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
    }

    @Test
    void setexReplacesAnExistingTtl() {
      redis.call("SET", "k", "v", "PX", "5");
      redis.call("SETEX", "k", "10", "w");
      assertThat(entry("k").expireAt()).isEqualTo(redis.now() + 10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "9223372036854775807"})
    void setexRefusesAnInvalidTtlWithItsOwnName(String ttl) {
      assertThat(redis.call("SETEX", "k", ttl, "v"))
          .isEqualTo("-ERR invalid expire time in 'setex' command\r\n");
      assertThat(redis.call("PSETEX", "k", ttl, "v"))
          .isEqualTo("-ERR invalid expire time in 'psetex' command\r\n");
    }

    @Test
    void setexNonIntegerTtlIsNotAnInteger() {
      assertThat(redis.call("SETEX", "k", "ten", "v")).isEqualTo(NOT_INTEGER);
    }
  }

  @Nested
  class GetSetGetDelGetEx {
    @Test
    void getsetAnswersTheOldValueAndPropagatesSet() {
      assertThat(redis.call("GETSET", "k", "v")).isEqualTo(NIL);
      assertThat(redis.call("GETSET", "k", "w")).isEqualTo(bulk("v"));
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("w"));
      assertThat(effects()).containsExactly("SET k v", "SET k w");
    }

    @Test
    void getsetClearsTheTtl() {
      redis.call("SET", "k", "v", "EX", "10");
      redis.call("GETSET", "k", "w");
      assertThat(entry("k").hasExpiry()).isFalse();
    }

    @Test
    void getsetOnAnotherTypeIsWrongTypeAndSetsNothing() {
      storeOtherType("k");
      assertThat(redis.call("GETSET", "k", "v")).isEqualTo(WRONGTYPE);
      assertThat(effects()).isEmpty();
    }

    @Test
    void getdelAnswersTheValueDeletesItAndPropagatesDel() {
      redis.call("SET", "k", "v");
      assertThat(redis.call("GETDEL", "k")).isEqualTo(bulk("v"));
      assertThat(redis.call("GETDEL", "k")).isEqualTo(NIL);
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
      assertThat(effects()).containsExactly("SET k v", "DEL k");
      assertThat(dirty()).isEqualTo(2);
    }

    @Test
    void getdelOnAnotherTypeIsWrongTypeAndKeepsIt() {
      storeOtherType("k");
      assertThat(redis.call("GETDEL", "k")).isEqualTo(WRONGTYPE);
      assertThat(entry("k")).isNotNull();
    }

    @Test
    void getexWithoutOptionsOnlyReadsAndPropagatesNothing() {
      redis.call("SET", "k", "v", "PX", "100");
      assertThat(redis.call("GETEX", "k")).isEqualTo(bulk("v"));
      assertThat(entry("k").expireAt()).isEqualTo(redis.now() + 100);
      assertThat(effects()).hasSize(1);
      assertThat(dirty()).isEqualTo(1);
    }

    @Test
    void getexWithExSetsTtlAndPropagatesPexpireat() {
      redis.call("SET", "k", "v");
      String expected = pxat(30_000);
      assertThat(redis.call("GETEX", "k", "EX", "30")).isEqualTo(bulk("v"));
      assertThat(effects()).containsExactly("SET k v", "PEXPIREAT k " + expected);
      assertThat(dirty()).isEqualTo(2);
      redis.advanceMillis(30_001);
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
    }

    @Test
    void getexWithPxExatAndPxatPropagateAbsoluteTimes() {
      redis.call("SET", "k", "v");
      long seconds = redis.now() / 1000 + 60;
      redis.call("GETEX", "k", "px", "5");
      redis.call("GETEX", "k", "exat", Long.toString(seconds));
      redis.call("GETEX", "k", "PXAT", Long.toString(redis.now() + 7));
      assertThat(effects())
          .containsExactly(
              "SET k v",
              "PEXPIREAT k " + (redis.now() + 5),
              "PEXPIREAT k " + seconds * 1000,
              "PEXPIREAT k " + (redis.now() + 7));
    }

    @Test
    void getexWithAPastTimeDeletesTheKeyAndPropagatesDel() {
      redis.call("SET", "k", "v");
      assertThat(redis.call("GETEX", "k", "EXAT", "1")).isEqualTo(bulk("v"));
      assertThat(redis.call("GET", "k")).isEqualTo(NIL);
      assertThat(effects()).containsExactly("SET k v", "DEL k");
    }

    @Test
    void getexPersistRemovesTheTtlAndPropagatesPersist() {
      redis.call("SET", "k", "v", "EX", "10");
      assertThat(redis.call("GETEX", "k", "PERSIST")).isEqualTo(bulk("v"));
      assertThat(entry("k").hasExpiry()).isFalse();
      assertThat(effects()).last().isEqualTo("PERSIST k");
    }

    @Test
    void getexPersistWithoutTtlPropagatesNothing() {
      redis.call("SET", "k", "v");
      assertThat(redis.call("GETEX", "k", "PERSIST")).isEqualTo(bulk("v"));
      assertThat(effects()).containsExactly("SET k v");
      assertThat(dirty()).isEqualTo(1);
    }

    @Test
    void getexOnAMissingKeyAnswersNullBeforeLookingAtTheTtl() {
      assertThat(redis.call("GETEX", "nokey", "EX", "0")).isEqualTo(NIL);
      assertThat(redis.call("GETEX", "nokey", "EX", "abc")).isEqualTo(NIL);
    }

    @Test
    void getexOnAnotherTypeIsWrongTypeBeforeLookingAtTheTtl() {
      storeOtherType("k");
      assertThat(redis.call("GETEX", "k", "EX", "0")).isEqualTo(WRONGTYPE);
    }

    @Test
    void getexRefusesAnInvalidTtlWithItsOwnName() {
      redis.call("SET", "k", "v");
      assertThat(redis.call("GETEX", "k", "PX", "0"))
          .isEqualTo("-ERR invalid expire time in 'getex' command\r\n");
      assertThat(redis.call("GETEX", "k", "EX", "x")).isEqualTo(NOT_INTEGER);
      assertThat(entry("k").hasExpiry()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
      "EX 10 PX 10",
      "PERSIST EX 10",
      "EX 10 PERSIST",
      "EX",
      "NX",
      "KEEPTTL",
      "GET",
      "XX"
    })
    void getexSyntaxErrorsComeEvenForAMissingKey(String options) {
      String[] argv = ("GETEX nokey " + options).split(" ");
      assertThat(redis.call(argv)).isEqualTo(SYNTAX);
    }

    @Test
    void getexRepeatedOptionsAreAllowed() {
      redis.call("SET", "k", "v");
      assertThat(redis.call("GETEX", "k", "EX", "10", "EX", "20")).isEqualTo(bulk("v"));
      assertThat(entry("k").expireAt()).isEqualTo(redis.now() + 20_000);
      assertThat(redis.call("GETEX", "k", "PERSIST", "PERSIST")).isEqualTo(bulk("v"));
    }

    @Test
    void missingKeysAnswerResp3Null() {
      redis.session().protocol(3);
      assertThat(redis.call("GETSET", "k", "v")).isEqualTo("_\r\n");
      assertThat(redis.call("GETDEL", "nokey")).isEqualTo("_\r\n");
      assertThat(redis.call("GETEX", "nokey")).isEqualTo("_\r\n");
    }
  }

  @Nested
  class MgetMset {
    @Test
    void mgetAnswersEveryKeyInOrderWithNullForMissingAndOtherTypes() {
      redis.call("SET", "a", "1");
      redis.call("SET", "c", "3");
      storeOtherType("d");
      assertThat(redis.call("MGET", "a", "b", "c", "d"))
          .isEqualTo("*4\r\n$1\r\n1\r\n$-1\r\n$1\r\n3\r\n$-1\r\n");
    }

    @Test
    void mgetInResp3UsesNull() {
      redis.session().protocol(3);
      assertThat(redis.call("MGET", "a")).isEqualTo("*1\r\n_\r\n");
    }

    @Test
    void msetSetsEveryPairClearsTtlsAndPropagatesAsIs() {
      redis.call("SET", "a", "old", "EX", "10");
      assertThat(redis.call("MSET", "a", "1", "b", "2")).isEqualTo(OK);
      assertThat(redis.call("MGET", "a", "b")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
      assertThat(entry("a").hasExpiry()).isFalse();
      assertThat(effects()).last().isEqualTo("MSET a 1 b 2");
      assertThat(dirty()).isEqualTo(3);
    }

    @Test
    void msetWithARepeatedKeyKeepsTheLastValue() {
      redis.call("MSET", "k", "1", "k", "2");
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("2"));
    }

    @Test
    void msetWithAnOddPairIsWrongArity() {
      assertThat(redis.call("MSET", "a", "1", "b"))
          .isEqualTo("-ERR wrong number of arguments for 'mset' command\r\n");
      assertThat(redis.call("MSET", "a"))
          .isEqualTo("-ERR wrong number of arguments for 'mset' command\r\n");
      assertThat(redis.call("MSETNX", "a", "1", "b"))
          .isEqualTo("-ERR wrong number of arguments for 'msetnx' command\r\n");
      assertThat(redis.call("GET", "a")).isEqualTo(NIL);
    }

    @Test
    void msetnxSetsAllWhenNoneExists() {
      assertThat(redis.call("MSETNX", "a", "1", "b", "2")).isEqualTo(integer(1));
      assertThat(redis.call("MGET", "a", "b")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
      assertThat(effects()).containsExactly("MSETNX a 1 b 2");
      assertThat(dirty()).isEqualTo(2);
    }

    @Test
    void msetnxSetsNothingWhenAnyExists() {
      redis.call("SET", "b", "x");
      assertThat(redis.call("MSETNX", "a", "1", "b", "2")).isEqualTo(integer(0));
      assertThat(redis.call("GET", "a")).isEqualTo(NIL);
      assertThat(redis.call("GET", "b")).isEqualTo(bulk("x"));
      assertThat(effects()).containsExactly("SET b x");
    }

    @Test
    void msetnxCountsAnExpiredKeyAsMissing() {
      redis.call("SET", "a", "x", "PX", "1");
      redis.advanceMillis(2);
      assertThat(redis.call("MSETNX", "a", "1")).isEqualTo(integer(1));
    }

    @Test
    void msetnxWithARepeatedMissingKeyKeepsTheLastValue() {
      assertThat(redis.call("MSETNX", "k", "1", "k", "2")).isEqualTo(integer(1));
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("2"));
    }
  }

  @Nested
  class AppendStrlen {
    @Test
    void appendCreatesThenExtendsAndAnswersTheLength() {
      assertThat(redis.call("APPEND", "k", "Hello")).isEqualTo(integer(5));
      assertThat(redis.call("APPEND", "k", " World")).isEqualTo(integer(11));
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("Hello World"));
      assertThat(effects()).containsExactly("APPEND k Hello", "APPEND k  World");
    }

    @Test
    void appendKeepsTheTtl() {
      redis.call("SET", "k", "v", "EX", "10");
      redis.call("APPEND", "k", "w");
      assertThat(entry("k").expireAt()).isEqualTo(redis.now() + 10_000);
    }

    @Test
    void appendOfNothingStillCountsAsAWrite() {
      assertThat(redis.call("APPEND", "k", "")).isEqualTo(integer(0));
      assertThat(redis.call("GET", "k")).isEqualTo(EMPTY);
      assertThat(dirty()).isEqualTo(1);
    }

    @Test
    void appendDoesNotChangeAnEarlierValueInPlace() {
      redis.call("SET", "k", "abc");
      byte[] before = (byte[]) entry("k").value();
      redis.call("APPEND", "k", "d");
      assertThat(new String(before, StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void appendOnAnotherTypeIsWrongType() {
      storeOtherType("k");
      assertThat(redis.call("APPEND", "k", "v")).isEqualTo(WRONGTYPE);
    }

    @Test
    void appendPastProtoMaxBulkLenIsRefused() throws Exception {
      // 1mb is the smallest value Redis accepts.
      redis.engine().config().set("proto-max-bulk-len", "1mb");
      redis.call("SET", "k", "x".repeat(1024 * 1024 - 5));
      assertThat(redis.call("APPEND", "k", "67890")).isEqualTo(integer(1024 * 1024));
      assertThat(redis.call("APPEND", "k", "x"))
          .isEqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
      assertThat(redis.call("STRLEN", "k")).isEqualTo(integer(1024 * 1024));
    }

    @Test
    void strlenCountsBytesAndIsZeroForAMissingKey() {
      redis.call("SET", "k", "héllo");
      assertThat(redis.call("STRLEN", "k")).isEqualTo(integer(6));
      assertThat(redis.call("STRLEN", "nokey")).isEqualTo(integer(0));
    }

    @Test
    void strlenOnAnotherTypeIsWrongType() {
      storeOtherType("k");
      assertThat(redis.call("STRLEN", "k")).isEqualTo(WRONGTYPE);
    }
  }

  @Nested
  class Counters {
    @Test
    void incrAndDecrStartFromZeroAndPropagateAsIs() {
      assertThat(redis.call("INCR", "c")).isEqualTo(integer(1));
      assertThat(redis.call("INCR", "c")).isEqualTo(integer(2));
      assertThat(redis.call("DECR", "c")).isEqualTo(integer(1));
      assertThat(redis.call("DECR", "d")).isEqualTo(integer(-1));
      assertThat(redis.call("GET", "c")).isEqualTo(bulk("1"));
      assertThat(effects()).containsExactly("INCR c", "INCR c", "DECR c", "DECR d");
      assertThat(dirty()).isEqualTo(4);
    }

    @Test
    void incrbyAndDecrbyAddTheGivenAmount() {
      assertThat(redis.call("INCRBY", "c", "10")).isEqualTo(integer(10));
      assertThat(redis.call("INCRBY", "c", "-25")).isEqualTo(integer(-15));
      assertThat(redis.call("DECRBY", "c", "5")).isEqualTo(integer(-20));
      assertThat(redis.call("DECRBY", "c", "-20")).isEqualTo(integer(0));
      assertThat(effects()).last().isEqualTo("DECRBY c -20");
    }

    @Test
    void incrKeepsTheTtl() {
      redis.call("SET", "c", "1", "EX", "10");
      redis.call("INCR", "c");
      assertThat(entry("c").expireAt()).isEqualTo(redis.now() + 10_000);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"abc", "", " 1", "1 ", "+1", "01", "-0", "1.0", "99999999999999999999", "1e3"})
    void storedValueMustBeAStrictInteger(String stored) {
      redis.call("SET", "c", stored);
      assertThat(redis.call("INCR", "c")).isEqualTo(NOT_INTEGER);
      assertThat(redis.call("GET", "c")).isEqualTo(bulk(stored));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"abc", "1.5", "", "+1", "01", "9223372036854775808", "-9223372036854775809"})
    void incrementMustBeAStrictInteger(String increment) {
      assertThat(redis.call("INCRBY", "c", increment)).isEqualTo(NOT_INTEGER);
      assertThat(redis.call("DECRBY", "c", increment)).isEqualTo(NOT_INTEGER);
    }

    @Test
    void incrementIsParsedBeforeTheKeyIsLookedAt() {
      storeOtherType("k");
      assertThat(redis.call("INCRBY", "k", "x")).isEqualTo(NOT_INTEGER);
      assertThat(redis.call("INCRBY", "k", "1")).isEqualTo(WRONGTYPE);
      assertThat(redis.call("INCR", "k")).isEqualTo(WRONGTYPE);
    }

    @Test
    void overflowIsRefusedAndLeavesTheValue() {
      redis.call("SET", "max", "9223372036854775807");
      redis.call("SET", "min", "-9223372036854775808");
      String overflow = "-ERR increment or decrement would overflow\r\n";
      assertThat(redis.call("INCR", "max")).isEqualTo(overflow);
      assertThat(redis.call("DECR", "min")).isEqualTo(overflow);
      assertThat(redis.call("INCRBY", "min", "-1")).isEqualTo(overflow);
      assertThat(redis.call("DECRBY", "max", "-1")).isEqualTo(overflow);
      assertThat(redis.call("INCRBY", "max", "0")).isEqualTo(integer(Long.MAX_VALUE));
      assertThat(redis.call("INCRBY", "max", "-9223372036854775808")).isEqualTo(integer(-1));
      assertThat(redis.call("INCR", "min")).isEqualTo(integer(Long.MIN_VALUE + 1));
    }

    @Test
    void decrbyTheSmallestIntegerIsItsOwnError() {
      redis.call("SET", "k", "not a number");
      assertThat(redis.call("DECRBY", "k", "-9223372036854775808"))
          .isEqualTo("-ERR decrement would overflow\r\n");
    }
  }

  @Nested
  class IncrByFloat {
    @Test
    void addsInExtendedPrecisionAndPropagatesTheResultingSet() {
      assertThat(redis.call("INCRBYFLOAT", "f", "10.5")).isEqualTo(bulk("10.5"));
      // A double would give 10.59999999999999964; Redis's long double gives 10.6.
      assertThat(redis.call("INCRBYFLOAT", "f", "0.1")).isEqualTo(bulk("10.6"));
      assertThat(redis.call("GET", "f")).isEqualTo(bulk("10.6"));
      assertThat(effects()).containsExactly("SET f 10.5 KEEPTTL", "SET f 10.6 KEEPTTL");
      assertThat(dirty()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
      // Every expected value was read from Redis 7 on x86-64.
      "10.5, -5.0e3, -4989.5",
      "10.6, -5.0e3, -4989.39999999999999991",
      "1.1, 2.2, 3.3",
      "0.3, -0.3, 0",
      "3.0e-20, 0, 0",
      "-1e-30, 0, 0",
      "5.0e3, 3.0e3, 8000",
      "123456789012345678901234567890, 0.000001, 123456789012345678899921813504",
      "3.14159265358979323846264338327950288, 0, 3.14159265358979324",
      "3.14159265358979323846264338327950288, 2.718281828459045235360287, 5.85987448204883847",
      "9223372036854775807, 1, 9223372036854775808",
      "100, 1.23456789e-5, 100.0000123456789",
      "1234567.891, 0, 1234567.89099999999996271",
      "1e19, 1.5, 10000000000000000002",
      "1e18, 0.5, 1000000000000000000.5",
      "-12345.6789, 0, -12345.67889999999999961",
      "0.11, 5e-18, 0.11000000000000001",
      "0x10, 0x1p-2, 16.25",
      "0x.8, .5, 1",
      "5., +.5, 5.5",
      "1E2, -.5, 99.5",
      "-0, -0, 0",
      "1e-4950, 0, 0"
    })
    void matchesRedisDigits(String stored, String increment, String expected) {
      redis.call("SET", "f", stored);
      assertThat(redis.call("INCRBYFLOAT", "f", increment)).isEqualTo(bulk(expected));
    }

    @Test
    void printsLargeValuesInFullWithoutExponent() {
      redis.call("INCRBYFLOAT", "f", "1e20");
      assertThat(redis.call("INCRBYFLOAT", "f", "1e20")).isEqualTo(bulk("200000000000000000000"));
      assertThat(redis.call("INCRBYFLOAT", "g", "1e300"))
          .startsWith("$301\r\n1000000000000000000008997324079559193870523944273290747938");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "abc", "", " 1", "1 ", "nan", "NaN", "1e5000", "1e-5000", "0x", "1e", "1e+", ".", "1.5d",
          "1.5f", "--1", "1\u0000"
        })
    void refusesWhatStrtoldWouldNotFullyParse(String increment) {
      assertThat(redis.call("INCRBYFLOAT", "f", increment)).isEqualTo(NOT_FLOAT);
      assertThat(redis.call("GET", "f")).isEqualTo(NIL);
    }

    @Test
    void refusesAStoredValueThatIsNotAFloat() {
      redis.call("SET", "f", "abc");
      assertThat(redis.call("INCRBYFLOAT", "f", "1")).isEqualTo(NOT_FLOAT);
      redis.call("SET", "f", "1\u0000abc");
      assertThat(redis.call("INCRBYFLOAT", "f", "1")).isEqualTo(NOT_FLOAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"inf", "-inf", "infinity", "+INF"})
    void infiniteIncrementWouldProduceInfinity(String increment) {
      assertThat(redis.call("INCRBYFLOAT", "f", increment))
          .isEqualTo("-ERR increment would produce NaN or Infinity\r\n");
    }

    @Test
    void overflowingPastTheLongDoubleRangeWouldProduceInfinity() {
      assertThat(redis.call("INCRBYFLOAT", "f", "1e4932")).startsWith("$4933\r\n1000000000");
      assertThat(redis.call("INCRBYFLOAT", "f", "1e4932"))
          .isEqualTo("-ERR increment would produce NaN or Infinity\r\n");
      // A double would already overflow here; a long double does not.
      assertThat(redis.call("INCRBYFLOAT", "g", "1.7976931348623157e308")).startsWith("$309\r\n");
      assertThat(redis.call("INCRBYFLOAT", "g", "1.7976931348623157e308"))
          .startsWith("$309\r\n3595");
    }

    @Test
    void theTypeIsCheckedBeforeTheIncrement() {
      storeOtherType("k");
      assertThat(redis.call("INCRBYFLOAT", "k", "abc")).isEqualTo(WRONGTYPE);
    }

    @Test
    void theStoredValueIsCheckedBeforeTheIncrement() {
      redis.call("SET", "k", "abc");
      assertThat(redis.call("INCRBYFLOAT", "k", "1e5000")).isEqualTo(NOT_FLOAT);
    }

    @Test
    void keepsTheTtl() {
      redis.call("SET", "f", "1", "PX", "500");
      redis.call("INCRBYFLOAT", "f", "1");
      assertThat(entry("f").expireAt()).isEqualTo(redis.now() + 500);
    }

    @Test
    void answersABulkStringEvenInResp3() {
      redis.session().protocol(3);
      assertThat(redis.call("INCRBYFLOAT", "f", "1.5")).isEqualTo(bulk("1.5"));
    }
  }

  @Nested
  class Ranges {
    @ParameterizedTest(name = "GETRANGE {0} {1} = ''{2}''")
    @CsvSource({
      "0, -1, Hello World",
      "-3, -1, rld",
      "-1, -3, ''",
      "5, 3, ''",
      "0, 100, Hello World",
      "20, 30, ''",
      "3, -100, ''",
      "10, 10, d",
      "11, 11, ''",
      // Redis 7 clamps an end before the string to its first byte.
      "-100, -50, H",
      "0, -12, H",
      "-100, 2, Hel",
      "-9223372036854775808, 9223372036854775807, Hello World",
      "9223372036854775807, -9223372036854775808, ''"
    })
    void getrangeFollowsRedisIndexRules(String start, String end, String expected) {
      redis.call("SET", "s", "Hello World");
      assertThat(redis.call("GETRANGE", "s", start, end)).isEqualTo(bulk(expected));
    }

    @Test
    void getrangeOfAMissingOrEmptyValueIsEmpty() {
      redis.call("SET", "e", "");
      assertThat(redis.call("GETRANGE", "nokey", "0", "-1")).isEqualTo(EMPTY);
      assertThat(redis.call("GETRANGE", "e", "0", "-1")).isEqualTo(EMPTY);
      assertThat(redis.call("GETRANGE", "e", "-1", "0")).isEqualTo(EMPTY);
    }

    @Test
    void getrangeIndexesMustBeIntegers() {
      assertThat(redis.call("GETRANGE", "s", "a", "1")).isEqualTo(NOT_INTEGER);
      assertThat(redis.call("GETRANGE", "s", "1", "9223372036854775808")).isEqualTo(NOT_INTEGER);
    }

    @Test
    void getrangeOnAnotherTypeIsWrongType() {
      storeOtherType("k");
      assertThat(redis.call("GETRANGE", "k", "0", "1")).isEqualTo(WRONGTYPE);
    }

    @Test
    void substrIsGetrange() {
      redis.call("SET", "s", "Hello World");
      assertThat(redis.call("SUBSTR", "s", "0", "4")).isEqualTo(bulk("Hello"));
    }

    @Test
    void setrangePadsANewKeyWithZeroBytes() {
      assertThat(redis.call("SETRANGE", "k", "3", "ab")).isEqualTo(integer(5));
      assertThat(redis.call("GET", "k")).isEqualTo("$5\r\n\0\0\0ab\r\n");
      assertThat(effects()).containsExactly("SETRANGE k 3 ab");
    }

    @Test
    void setrangeOverwritesAndExtendsAndKeepsTheTtl() {
      redis.call("SET", "k", "Hello World", "EX", "10");
      assertThat(redis.call("SETRANGE", "k", "6", "Redis")).isEqualTo(integer(11));
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("Hello Redis"));
      assertThat(redis.call("SETRANGE", "k", "6", "Redstone!")).isEqualTo(integer(15));
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("Hello Redstone!"));
      assertThat(entry("k").expireAt()).isEqualTo(redis.now() + 10_000);
    }

    @Test
    void setrangeOfNothingAnswersTheLengthAndWritesNothing() {
      redis.call("SET", "k", "abc");
      assertThat(redis.call("SETRANGE", "k", "100", "")).isEqualTo(integer(3));
      assertThat(redis.call("SETRANGE", "nokey", "9223372036854775807", "")).isEqualTo(integer(0));
      assertThat(redis.call("GET", "nokey")).isEqualTo(NIL);
      assertThat(effects()).containsExactly("SET k abc");
    }

    @Test
    void setrangeRefusesANegativeOffset() {
      String outOfRange = "-ERR offset is out of range\r\n";
      assertThat(redis.call("SETRANGE", "k", "-1", "x")).isEqualTo(outOfRange);
      assertThat(redis.call("SETRANGE", "k", "-1", "")).isEqualTo(outOfRange);
      assertThat(redis.call("SETRANGE", "k", "x", "y")).isEqualTo(NOT_INTEGER);
    }

    @Test
    void setrangePastProtoMaxBulkLenIsRefusedOverflowIncluded() {
      String tooLong = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n";
      assertThat(redis.call("SETRANGE", "k", "536870912", "x")).isEqualTo(tooLong);
      assertThat(redis.call("SETRANGE", "k", "9223372036854775807", "xy")).isEqualTo(tooLong);
      redis.call("SET", "k", "v");
      assertThat(redis.call("SETRANGE", "k", "536870912", "x")).isEqualTo(tooLong);
      assertThat(redis.call("GET", "k")).isEqualTo(bulk("v"));
    }

    @Test
    void setrangeOnAnotherTypeIsWrongTypeEvenWithNothingToWrite() {
      storeOtherType("k");
      assertThat(redis.call("SETRANGE", "k", "0", "")).isEqualTo(WRONGTYPE);
    }
  }

  @Nested
  class LongestCommonSubsequence {
    @Test
    void answersTheSubsequence() {
      redis.call("MSET", "a", "ohmytext", "b", "mynewtext");
      assertThat(redis.call("LCS", "a", "b")).isEqualTo(bulk("mytext"));
      assertThat(redis.call("LCS", "a", "b", "LEN")).isEqualTo(integer(6));
    }

    @Test
    void idxListsTheMatchesFromTheEnd() {
      redis.call("MSET", "a", "ohmytext", "b", "mynewtext");
      assertThat(redis.call("LCS", "a", "b", "IDX"))
          .isEqualTo(
              "*4\r\n$7\r\nmatches\r\n*2\r\n"
                  + "*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n"
                  + "*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n"
                  + "$3\r\nlen\r\n:6\r\n");
    }

    @Test
    void idxWithMinMatchLenAndWithMatchLen() {
      redis.call("MSET", "a", "ohmytext", "b", "mynewtext");
      assertThat(redis.call("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"))
          .isEqualTo(
              "*4\r\n$7\r\nmatches\r\n*1\r\n"
                  + "*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
                  + "$3\r\nlen\r\n:6\r\n");
      // A negative minimum is no minimum.
      assertThat(redis.call("LCS", "a", "b", "idx", "minmatchlen", "-5"))
          .isEqualTo(redis.call("LCS", "a", "b", "IDX"));
    }

    @Test
    void idxIsAMapInResp3() {
      redis.call("MSET", "a", "ohmytext", "b", "mynewtext");
      redis.session().protocol(3);
      assertThat(redis.call("LCS", "a", "b", "IDX", "MINMATCHLEN", "100"))
          .isEqualTo("%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:6\r\n");
    }

    @Test
    void tiesAreBrokenAsRedisBreaksThem() {
      redis.call("MSET", "a", "GXTXAYB", "b", "AGGTAB", "c", "abcabcabc", "d", "cbacbacba");
      assertThat(redis.call("LCS", "a", "b")).isEqualTo(bulk("GTAB"));
      assertThat(redis.call("LCS", "c", "d")).isEqualTo(bulk("cbabc"));
      assertThat(redis.call("LCS", "b", "a", "IDX"))
          .isEqualTo(
              "*4\r\n$7\r\nmatches\r\n*4\r\n"
                  + "*2\r\n*2\r\n:5\r\n:5\r\n*2\r\n:6\r\n:6\r\n"
                  + "*2\r\n*2\r\n:4\r\n:4\r\n*2\r\n:4\r\n:4\r\n"
                  + "*2\r\n*2\r\n:3\r\n:3\r\n*2\r\n:2\r\n:2\r\n"
                  + "*2\r\n*2\r\n:2\r\n:2\r\n*2\r\n:0\r\n:0\r\n"
                  + "$3\r\nlen\r\n:4\r\n");
    }

    @Test
    void missingKeysAreEmptyStrings() {
      redis.call("SET", "a", "abc");
      assertThat(redis.call("LCS", "a", "nokey")).isEqualTo(EMPTY);
      assertThat(redis.call("LCS", "nokey", "other", "IDX"))
          .isEqualTo("*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n");
    }

    @Test
    void otherTypesAreRefusedBeforeOptionsAreParsed() {
      storeOtherType("k");
      redis.call("SET", "a", "abc");
      assertThat(redis.call("LCS", "a", "k", "BOGUS"))
          .isEqualTo("-ERR The specified keys must contain string values\r\n");
    }

    @Test
    void optionErrors() {
      redis.call("MSET", "a", "abc", "b", "abd");
      assertThat(redis.call("LCS", "a", "b", "LEN", "IDX"))
          .isEqualTo("-ERR If you want both the length and indexes, please just use IDX.\r\n");
      assertThat(redis.call("LCS", "a", "b", "MINMATCHLEN")).isEqualTo(SYNTAX);
      assertThat(redis.call("LCS", "a", "b", "MINMATCHLEN", "x")).isEqualTo(NOT_INTEGER);
      assertThat(redis.call("LCS", "a", "b", "FOO")).isEqualTo(SYNTAX);
      assertThat(redis.call("LCS", "a"))
          .isEqualTo("-ERR wrong number of arguments for 'lcs' command\r\n");
    }

    @Test
    void aTableLargerThanProtoMaxBulkLenIsRefused() throws Exception {
      redis.engine().config().set("proto-max-bulk-len", "1mb");
      redis.call("MSET", "a", "x".repeat(600), "b", "y".repeat(600));
      // 601 * 601 cells of 4 bytes = 1,444,804 bytes, over the 1,048,576 allowed.
      assertThat(redis.call("LCS", "a", "b"))
          .isEqualTo(
              "-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n");
    }
  }

  @Nested
  class Declarations {
    private CommandSpec spec(String name) {
      return redis.engine().commands().lookup(name);
    }

    private String flags(String name) {
      return spec(name).flags().stream()
          .map(CommandFlag::wireName)
          .sorted()
          .collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "get, 2, fast readonly, 1, 1, 1",
      "set, -3, denyoom write, 1, 1, 1",
      "setnx, 3, denyoom fast write, 1, 1, 1",
      "setex, 4, denyoom write, 1, 1, 1",
      "psetex, 4, denyoom write, 1, 1, 1",
      "getset, 3, denyoom fast write, 1, 1, 1",
      "getdel, 2, fast write, 1, 1, 1",
      "getex, -2, fast write, 1, 1, 1",
      "mget, -2, fast readonly, 1, -1, 1",
      "mset, -3, denyoom write, 1, -1, 2",
      "msetnx, -3, denyoom write, 1, -1, 2",
      "append, 3, denyoom fast write, 1, 1, 1",
      "strlen, 2, fast readonly, 1, 1, 1",
      "incr, 2, denyoom fast write, 1, 1, 1",
      "decr, 2, denyoom fast write, 1, 1, 1",
      "incrby, 3, denyoom fast write, 1, 1, 1",
      "decrby, 3, denyoom fast write, 1, 1, 1",
      "incrbyfloat, 3, denyoom fast write, 1, 1, 1",
      "getrange, 4, readonly, 1, 1, 1",
      "substr, 4, readonly, 1, 1, 1",
      "setrange, 4, denyoom write, 1, 1, 1",
      "lcs, -3, readonly, 1, 2, 1"
    })
    void matchRedisCommandInfo(
        String name, int arity, String flags, int first, int last, int step) {
      CommandSpec spec = spec(name);
      assertThat(spec.arity()).isEqualTo(arity);
      assertThat(flags(name)).isEqualTo(flags);
      assertThat(spec.keys()).isEqualTo(new KeyPositions(first, last, step));
      assertThat(spec.group()).isEqualTo(CommandGroup.STRING);
      assertThat(spec.aclCategories()).contains("@string");
      assertThat(spec.summary()).isNotBlank();
    }

    @Test
    void docsMatchRedis() {
      assertThat(spec("get").summary()).isEqualTo("Get the value of a key");
      assertThat(spec("mset").since()).isEqualTo("1.0.1");
      assertThat(spec("lcs").complexity())
          .isEqualTo("O(N*M) where N and M are the lengths of s1 and s2, respectively");
      assertThat(spec("set").aclCategories()).containsExactly("@write", "@string", "@slow");
      assertThat(spec("get").aclCategories()).containsExactly("@read", "@string", "@fast");
    }

    @Test
    void msetKeysAreEveryOtherArgument() {
      assertThat(spec("mset").keys().indexes(7)).containsExactly(1, 3, 5);
      assertThat(spec("mget").keys().indexes(4)).containsExactly(1, 2, 3);
    }
  }
}
