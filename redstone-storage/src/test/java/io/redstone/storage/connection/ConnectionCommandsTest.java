package io.redstone.storage.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import io.redstone.storage.EngineHarness;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConnectionCommandsTest {
  private final EngineHarness redis = new EngineHarness();

  private static String helloMap(String header, int proto, long id) {
    String version = Engine.REDIS_VERSION;
    return header
        + "$6\r\nserver\r\n$5\r\nredis\r\n"
        + "$7\r\nversion\r\n$"
        + version.length()
        + "\r\n"
        + version
        + "\r\n"
        + "$5\r\nproto\r\n:"
        + proto
        + "\r\n"
        + "$2\r\nid\r\n:"
        + id
        + "\r\n"
        + "$4\r\nmode\r\n$10\r\nstandalone\r\n"
        + "$4\r\nrole\r\n$6\r\nmaster\r\n"
        + "$7\r\nmodules\r\n*0\r\n";
  }

  @Test
  void pingWithoutArgumentAnswersPong() {
    assertThat(redis.call("PING")).isEqualTo("+PONG\r\n");
  }

  @Test
  void pingEchoesItsArgumentAsBulk() {
    assertThat(redis.call("ping", "hello")).isEqualTo("$5\r\nhello\r\n");
  }

  @Test
  void pingWithTwoArgumentsIsWrongArity() {
    assertThat(redis.call("PING", "a", "b"))
        .isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
  }

  @Test
  void unknownCommandListsItsArguments() {
    assertThat(redis.call("NOPE", "a", "b"))
        .isEqualTo("-ERR unknown command 'NOPE', with args beginning with: 'a' 'b' \r\n");
  }

  @Test
  void wrongArityUsesLowerCaseName() {
    assertThat(redis.call("ECHO"))
        .isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
  }

  @Test
  void quitAnswersOkAndThenClosesTheConnection() {
    assertThat(redis.session().closing()).isFalse();
    assertThat(redis.call("QUIT", "ignored")).isEqualTo("+OK\r\n");
    assertThat(redis.session().closing()).isTrue();
  }

  @Test
  void helloWithoutVersionReportsTheCurrentProtocol() {
    assertThat(redis.call("HELLO")).isEqualTo(helloMap("*14\r\n", 2, 1));
  }

  @Test
  void helloThreeAnswersInResp3AndSwitchesLaterReplies() {
    assertThat(redis.call("HELLO", "3")).isEqualTo(helloMap("%7\r\n", 3, 1));
    assertThat(redis.session().protocol()).isEqualTo(3);
    assertThat(redis.call("CLIENT", "GETNAME")).isEqualTo("_\r\n");
    assertThat(redis.call("HELLO", "2")).isEqualTo(helloMap("*14\r\n", 2, 1));
    assertThat(redis.call("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
  }

  @Test
  void helloRejectsUnsupportedAndNonNumericVersions() {
    assertThat(redis.call("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
    assertThat(redis.call("HELLO", "1")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
    assertThat(redis.call("HELLO", "abc"))
        .isEqualTo("-ERR Protocol version is not an integer or out of range\r\n");
  }

  @Test
  void helloAuthenticatesTheDefaultUserAndSetsTheName() {
    assertThat(redis.call("HELLO", "3", "auth", "default", "anything", "setname", "app"))
        .isEqualTo(helloMap("%7\r\n", 3, 1));
    assertThat(redis.session().name()).isEqualTo("app");
  }

  @Test
  void helloWithUnknownUserChangesNothing() {
    assertThat(redis.call("HELLO", "3", "AUTH", "alice", "pw", "SETNAME", "app"))
        .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    assertThat(redis.session().protocol()).isEqualTo(2);
    assertThat(redis.session().name()).isEmpty();
  }

  @Test
  void helloReportsTheOptionItCannotParse() {
    assertThat(redis.call("HELLO", "2", "setname"))
        .isEqualTo("-ERR Syntax error in HELLO option 'setname'\r\n");
    assertThat(redis.call("HELLO", "2", "AUTH", "default"))
        .isEqualTo("-ERR Syntax error in HELLO option 'AUTH'\r\n");
    assertThat(redis.call("HELLO", "2", "FOO"))
        .isEqualTo("-ERR Syntax error in HELLO option 'FOO'\r\n");
  }

  @Test
  void helloRejectsANameWithSpacesBeforeSwitchingProtocol() {
    assertThat(redis.call("HELLO", "3", "SETNAME", "a b"))
        .isEqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
    assertThat(redis.session().protocol()).isEqualTo(2);
  }

  @Test
  void selectChangesTheDatabaseOfLaterCommands() {
    assertThat(redis.call("SELECT", "3")).isEqualTo("+OK\r\n");
    assertThat(redis.session().db()).isEqualTo(3);
  }

  @Test
  void selectRejectsIndexesOutsideTheDatabases() {
    assertThat(redis.call("SELECT", "16")).isEqualTo("-ERR DB index is out of range\r\n");
    assertThat(redis.call("SELECT", "-1")).isEqualTo("-ERR DB index is out of range\r\n");
    assertThat(redis.call("SELECT", "abc"))
        .isEqualTo("-ERR value is not an integer or out of range\r\n");
    assertThat(redis.call("SELECT", "99999999999"))
        .isEqualTo("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
    assertThat(redis.session().db()).isZero();
  }

  @Test
  void authWithOnlyAPasswordComplainsThatNoneIsConfigured() {
    assertThat(redis.call("AUTH", "secret"))
        .isEqualTo(
            "-ERR AUTH <password> called without any password configured for the default user."
                + " Are you sure your configuration is correct?\r\n");
  }

  @Test
  void authAcceptsAnyPasswordForTheDefaultUserOnly() {
    assertThat(redis.call("AUTH", "default", "whatever")).isEqualTo("+OK\r\n");
    assertThat(redis.call("AUTH", "Default", "whatever"))
        .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    assertThat(redis.call("AUTH", "a", "b", "c")).isEqualTo("-ERR syntax error\r\n");
  }

  @Test
  void resetRestoresAFreshConnectionButKeepsTheLibrary() {
    redis.call("HELLO", "3", "SETNAME", "app");
    redis.call("SELECT", "5");
    redis.call("CLIENT", "NO-EVICT", "on");
    redis.call("CLIENT", "SETINFO", "LIB-NAME", "jedis");

    assertThat(redis.call("RESET")).isEqualTo("+RESET\r\n");

    assertThat(redis.session().db()).isZero();
    assertThat(redis.session().protocol()).isEqualTo(2);
    assertThat(redis.session().name()).isEmpty();
    assertThat(redis.session().noEvict()).isFalse();
    assertThat(redis.session().libName()).isEqualTo("jedis");
  }

  /** With {@code requirepass} set, as checked against Redis 7.0.15. */
  @Nested
  class WithRequirepass {
    private final EngineHarness locked = EngineHarness.configuredWith("requirepass", "s3cret");

    private static final String NOAUTH = "-NOAUTH Authentication required.\r\n";

    @Test
    void commandsBeforeAuthAreRefused() {
      assertThat(locked.call("PING")).isEqualTo(NOAUTH);
      assertThat(locked.call("SET", "k", "v")).isEqualTo(NOAUTH);
      assertThat(locked.call("SELECT", "1")).isEqualTo(NOAUTH);
      assertThat(locked.call("CLIENT", "SETNAME", "x")).isEqualTo(NOAUTH);
    }

    @Test
    void unknownCommandAndWrongArityAreReportedBeforeNoauth() {
      assertThat(locked.call("NOPE")).startsWith("-ERR unknown command 'NOPE'");
      assertThat(locked.call("GET"))
          .isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
    }

    @Test
    void singlePasswordAuthChecksRequirepass() {
      assertThat(locked.call("AUTH", "wrong"))
          .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
      assertThat(locked.call("PING")).isEqualTo(NOAUTH);
      assertThat(locked.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
      assertThat(locked.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void userAndPasswordAuthAcceptsOnlyTheDefaultUser() {
      assertThat(locked.call("AUTH", "alice", "s3cret"))
          .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
      assertThat(locked.call("AUTH", "default", "s3cret")).isEqualTo("+OK\r\n");
      assertThat(locked.call("SET", "k", "v")).isEqualTo("+OK\r\n");
    }

    @Test
    void failedAuthKeepsAnAuthenticatedClientIn() {
      assertThat(locked.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
      assertThat(locked.call("AUTH", "nope")).startsWith("-WRONGPASS");
      assertThat(locked.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void helloWithoutAuthIsRefusedWithItsOwnText() {
      assertThat(locked.call("HELLO", "3"))
          .isEqualTo(
              "-NOAUTH HELLO must be called with the client already authenticated, otherwise the"
                  + " HELLO AUTH <user> <pass> option can be used to authenticate the client and"
                  + " select the RESP protocol version at the same time\r\n");
      assertThat(locked.session().protocol()).isEqualTo(2);
    }

    @Test
    void helloAuthAuthenticatesAndSwitchesProtocol() {
      assertThat(locked.call("HELLO", "3", "AUTH", "default", "bad")).startsWith("-WRONGPASS");
      assertThat(locked.session().protocol()).isEqualTo(2);
      assertThat(locked.call("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "app"))
          .isEqualTo(helloMap("%7\r\n", 3, 1));
      assertThat(locked.session().name()).isEqualTo("app");
      assertThat(locked.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void resetLogsTheClientOut() {
      assertThat(locked.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
      assertThat(locked.call("RESET")).isEqualTo("+RESET\r\n");
      assertThat(locked.call("PING")).isEqualTo(NOAUTH);
    }

    @Test
    void settingAPasswordLaterDoesNotLogOutConnectedClients() {
      assertThat(redis.call("CONFIG", "SET", "requirepass", "late")).isEqualTo("+OK\r\n");
      assertThat(redis.call("PING")).isEqualTo("+PONG\r\n");
      ClientSession newcomer = redis.newSession(2);
      assertThat(redis.callAs(newcomer, "PING")).isEqualTo(NOAUTH);
      assertThat(redis.callAs(newcomer, "AUTH", "late")).isEqualTo("+OK\r\n");
    }
  }
}
