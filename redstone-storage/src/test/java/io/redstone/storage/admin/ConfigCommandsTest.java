package io.redstone.storage.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.config.ConfigRegistry;
import io.redstone.storage.EngineHarness;
import io.redstone.storage.command.CommandSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCommandsTest {
  private final EngineHarness redis = new EngineHarness();

  @Test
  void configGetDatabasesAnswersExactlyOneNameValuePair() {
    // redis-cli --stat insists on exactly two elements.
    assertThat(redis.call("CONFIG", "GET", "databases"))
        .isEqualTo("*2\r\n$9\r\ndatabases\r\n$2\r\n16\r\n");
  }

  @Test
  void configGetIsAMapInResp3() {
    redis.session().protocol(3);
    assertThat(redis.call("CONFIG", "GET", "databases"))
        .isEqualTo("%1\r\n$9\r\ndatabases\r\n$2\r\n16\r\n");
  }

  @Test
  void configGetTakesSeveralPatternsAndShowsExactNamesAsGiven() {
    assertThat(redis.call("config", "get", "Port", "maxmemory-[ps]*"))
        .isEqualTo(
            "*6\r\n$4\r\nPort\r\n$4\r\n6379\r\n"
                + "$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n"
                + "$17\r\nmaxmemory-samples\r\n$1\r\n5\r\n");
  }

  @Test
  void configGetOfNothingKnownIsEmpty() {
    assertThat(redis.call("CONFIG", "GET", "nomatch", "nope*")).isEqualTo("*0\r\n");
  }

  @Test
  void configGetNeedsAPattern() {
    assertThat(redis.call("CONFIG", "GET"))
        .isEqualTo("-ERR wrong number of arguments for 'config|get' command\r\n");
  }

  @Test
  void configSetChangesWhatConfigGetShows() {
    assertThat(redis.call("CONFIG", "SET", "maxmemory", "1gb", "maxmemory-policy", "ALLKEYS-LRU"))
        .isEqualTo("+OK\r\n");
    assertThat(redis.call("CONFIG", "GET", "maxmemory"))
        .isEqualTo("*2\r\n$9\r\nmaxmemory\r\n$10\r\n1073741824\r\n");
    assertThat(redis.engine().config().get("maxmemory-policy")).isEqualTo("allkeys-lru");
  }

  @Test
  void configSetWithAnUnpairedArgumentIsASyntaxError() {
    assertThat(redis.call("CONFIG", "SET", "port", "1", "2")).isEqualTo("-ERR syntax error\r\n");
    assertThat(redis.call("CONFIG", "SET", "port"))
        .isEqualTo("-ERR wrong number of arguments for 'config|set' command\r\n");
  }

  @Test
  void configSetOfAnUnknownDirectiveNamesIt() {
    assertThat(redis.call("CONFIG", "SET", "foo", "bar"))
        .isEqualTo("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n");
  }

  @Test
  void configSetGivesRedisReasons() {
    assertThat(redis.call("CONFIG", "SET", "port", "abc"))
        .isEqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be"
                + " parsed into an integer\r\n");
    assertThat(redis.call("CONFIG", "SET", "SLAVE-PRIORITY", "x"))
        .isEqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'slave-priority') - argument"
                + " couldn't be parsed into an integer\r\n");
    assertThat(redis.call("CONFIG", "SET", "lazyfree-lazy-eviction", "maybe"))
        .isEqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'lazyfree-lazy-eviction') -"
                + " argument must be 'yes' or 'no'\r\n");
    assertThat(redis.call("CONFIG", "SET", "daemonize", "yes"))
        .isEqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set"
                + " immutable config\r\n");
    assertThat(redis.call("CONFIG", "SET", "loglevel", "loud"))
        .isEqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must"
                + " be one of the following: debug, verbose, notice, warning, nothing\r\n");
  }

  @Test
  void configSetRefusesImmutableAndProtectedDirectives() {
    assertThat(redis.call("CONFIG", "SET", "databases", "3"))
        .isEqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set"
                + " immutable config\r\n");
    assertThat(redis.call("CONFIG", "SET", "dir", "/tmp"))
        .isEqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected"
                + " config\r\n");
  }

  @Test
  void configSetRollsBackEveryPairWhenOneIsBad() {
    assertThat(redis.call("CONFIG", "SET", "maxmemory", "10mb", "hz", "20", "maxclients", "0"))
        .isEqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must"
                + " be between 1 and 4294967295 inclusive\r\n");
    assertThat(redis.call("CONFIG", "GET", "maxmemory", "hz", "maxclients"))
        .isEqualTo(
            "*6\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n$2\r\nhz\r\n$2\r\n10\r\n"
                + "$10\r\nmaxclients\r\n$5\r\n10000\r\n");
  }

  @Test
  void unknownNameAnywhereWinsOverBadValues() {
    assertThat(redis.call("CONFIG", "SET", "maxmemory", "1zz", "foo", "1"))
        .isEqualTo("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n");
  }

  @Test
  void configSetRunsTheAppliersOfChangedDirectives() {
    List<String> seen = new ArrayList<>();
    redis.engine().config().onChange("hz", seen::add);
    redis.call("CONFIG", "SET", "hz", "10");
    redis.call("CONFIG", "SET", "hz", "1000");
    assertThat(seen).containsExactly("500");
    assertThat(redis.engine().config().getInt("hz")).isEqualTo(500);
  }

  @Test
  void resetStatClearsServerAndCommandCounters() {
    redis.call("PING");
    redis.call("CONFIG", "GET", "port");
    redis.call("NOPE");
    assertThat(redis.engine().stats().commandsProcessed).isGreaterThan(0);
    assertThat(redis.call("CONFIG", "RESETSTAT")).isEqualTo("+OK\r\n");
    assertThat(redis.engine().stats().errorReplies).isZero();
    assertThat(redis.engine().commands().lookup("ping").stats().calls).isZero();
    CommandSpec configGet = redis.engine().commands().lookup("config").subcommand("get");
    assertThat(configGet.stats().calls).isZero();
    assertThat(redis.call("CONFIG", "RESETSTAT", "extra"))
        .isEqualTo("-ERR wrong number of arguments for 'config|resetstat' command\r\n");
  }

  @Test
  void rewriteWithoutAConfigFileIsRefused() {
    assertThat(redis.call("CONFIG", "REWRITE"))
        .isEqualTo("-ERR The server is running without a config file\r\n");
  }

  @Test
  void rewriteCallsTheServersRewriterAndReportsItsFailure() {
    ConfigRegistry config = redis.engine().config();
    List<String> rewrites = new ArrayList<>();
    config.configFile("/etc/redstone.conf");
    config.fileRewriter(() -> rewrites.add("done"));
    assertThat(redis.call("CONFIG", "REWRITE")).isEqualTo("+OK\r\n");
    assertThat(rewrites).containsExactly("done");
    config.fileRewriter(
        () -> {
          throw new IOException("Permission denied");
        });
    assertThat(redis.call("CONFIG", "REWRITE"))
        .isEqualTo("-ERR Rewriting config file: Permission denied\r\n");
  }

  @Test
  void helpListsTheSubcommands() {
    assertThat(redis.call("CONFIG", "HELP"))
        .isEqualTo(
            "*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                + "+GET <pattern>\r\n"
                + "+    Return parameters matching the glob-like <pattern> and their values.\r\n"
                + "+SET <directive> <value>\r\n"
                + "+    Set the configuration <directive> to <value>.\r\n"
                + "+RESETSTAT\r\n"
                + "+    Reset statistics reported by the INFO command.\r\n"
                + "+REWRITE\r\n"
                + "+    Rewrite the configuration file.\r\n"
                + "+HELP\r\n"
                + "+    Prints this help.\r\n");
  }

  @Test
  void configWithoutSubcommandIsWrongArity() {
    assertThat(redis.call("CONFIG"))
        .isEqualTo("-ERR wrong number of arguments for 'config' command\r\n");
  }

  @Test
  void unknownSubcommandPointsAtHelp() {
    assertThat(redis.call("CONFIG", "FOO"))
        .isEqualTo("-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n");
  }
}
