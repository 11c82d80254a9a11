package io.redstone.storage.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.MutationSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EVAL, FCALL and the Lua sandbox through the engine, as a client sees the replies. */
class ScriptingTest {
  private final EngineHarness redis = new EngineHarness();

  @Test
  void aScriptCallsCommandsAndReturnsTheirReplies() {
    assertThat(redis.call("EVAL", "return redis.call('incr', KEYS[1])", "1", "n"))
        .isEqualTo(":1\r\n");
    assertThat(redis.call("EVAL", "return redis.call('incrby', KEYS[1], ARGV[1])", "1", "n", "41"))
        .isEqualTo(":42\r\n");
    assertThat(redis.call("GET", "n")).isEqualTo("$2\r\n42\r\n");
  }

  @Test
  void infoMemoryCountsCachedScriptsFunctionsAndLibraries() {
    redis.call("SCRIPT", "LOAD", "return 1");
    redis.call("EVAL", "return 2", "0");
    redis.call(
        "FUNCTION",
        "LOAD",
        "#!lua name=counted\n"
            + "redis.register_function('one', function() return 1 end)\n"
            + "redis.register_function('two', function() return 2 end)");
    assertThat(redis.call("INFO", "memory"))
        .contains("number_of_cached_scripts:2\r\n")
        .contains("number_of_functions:2\r\n")
        .contains("number_of_libraries:1\r\n");
  }

  @Test
  void numbersAreTruncatedAndTablesStopAtTheFirstNil() {
    assertThat(redis.call("EVAL", "return 3.99", "0")).isEqualTo(":3\r\n");
    assertThat(redis.call("EVAL", "return -3.99", "0")).isEqualTo(":-3\r\n");
    assertThat(redis.call("EVAL", "return {1, 'a', nil, 3}", "0"))
        .isEqualTo("*2\r\n:1\r\n$1\r\na\r\n");
    assertThat(redis.call("EVAL", "return {ok='FINE'}", "0")).isEqualTo("+FINE\r\n");
    assertThat(redis.call("EVAL", "return {err='BAD thing'}", "0")).isEqualTo("-BAD thing\r\n");
    assertThat(redis.call("EVAL", "return true", "0")).isEqualTo(":1\r\n");
    assertThat(redis.call("EVAL", "return false", "0")).isEqualTo("$-1\r\n");
  }

  @Test
  void repliesBecomeLuaValues() {
    redis.call("RPUSH", "l", "a", "b");
    assertThat(redis.call("EVAL", "return #redis.call('lrange', 'l', 0, -1)", "0"))
        .isEqualTo(":2\r\n");
    assertThat(redis.call("EVAL", "return redis.call('get', 'none') == false", "0"))
        .isEqualTo(":1\r\n");
    assertThat(redis.call("EVAL", "return redis.call('set', 'k', 'v').ok", "0"))
        .isEqualTo("$2\r\nOK\r\n");
    assertThat(redis.call("EVAL", "return redis.pcall('incr', 'l').err", "0"))
        .isEqualTo("$65\r\nWRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  }

  @Test
  void resp3InsideTheScriptAfterSetresp() {
    redis.call("HSET", "h", "f", "v");
    assertThat(redis.call("EVAL", "redis.setresp(3) return redis.call('hgetall', 'h').map.f", "0"))
        .isEqualTo("$1\r\nv\r\n");
    assertThat(redis.call("EVAL", "redis.setresp(3) return redis.call('get', 'none') == nil", "0"))
        .isEqualTo(":1\r\n");
  }

  @Test
  void errorsNameTheScriptAndTheLine() {
    String sha = RedisApi.sha1hex("local a = 1\nerror('boom')".getBytes(StandardCharsets.UTF_8));
    assertThat(redis.call("EVAL", "local a = 1\nerror('boom')", "0"))
        .isEqualTo("-ERR user_script:2: boom script: " + sha + ", on @user_script:2.\r\n");
    assertThat(redis.call("EVAL", "return redis.call('nosuch')", "0"))
        .startsWith("-ERR Unknown Redis command called from script script: ");
    assertThat(redis.call("EVAL", "return 1 +", "0"))
        .isEqualTo(
            "-ERR Error compiling script (new function): user_script:1: unexpected symbol near"
                + " '<eof>'\r\n");
  }

  @Test
  void theSandboxRefusesNewGlobalsAndUnknownNames() {
    assertThat(redis.call("EVAL", "x = 1", "0"))
        .startsWith("-ERR user_script:1: Attempt to modify a readonly table script:");
    assertThat(redis.call("EVAL", "return os.time()", "0"))
        .startsWith(
            "-ERR user_script:1: Script attempted to access nonexistent global variable 'os'");
    assertThat(redis.call("EVAL", "return loadstring('return 2')()", "0")).isEqualTo(":2\r\n");
    assertThat(redis.call("EVAL", "return unpack({7, 8})", "0")).isEqualTo(":7\r\n");
  }

  @Test
  void readOnlyScriptsRefuseWrites() {
    assertThat(redis.call("EVAL_RO", "return redis.call('set', 'a', 1)", "0"))
        .startsWith("-ERR Write commands are not allowed from read-only scripts. script:");
    assertThat(redis.call("EVAL", "#!lua flags=no-writes\nreturn redis.call('del', 'a')", "0"))
        .startsWith("-ERR Write commands are not allowed from read-only scripts. script:");
    assertThat(redis.call("EVAL_RO", "#!lua\nreturn 1", "0"))
        .isEqualTo("-ERR Can not execute a script with write flag using *_ro command.\r\n");
    assertThat(redis.call("EXISTS", "a")).isEqualTo(":0\r\n");
  }

  @Test
  void evalshaRunsACachedScriptUntilScriptFlush() {
    String sha = redis.call("SCRIPT", "LOAD", "return 'cached'").substring(5, 45);
    assertThat(redis.call("EVALSHA", sha, "0")).isEqualTo("$6\r\ncached\r\n");
    assertThat(redis.call("SCRIPT", "EXISTS", sha, "0".repeat(40))).isEqualTo("*2\r\n:1\r\n:0\r\n");
    redis.call("SCRIPT", "FLUSH");
    assertThat(redis.call("EVALSHA", sha, "0"))
        .isEqualTo("-NOSCRIPT No matching script. Please use EVAL.\r\n");
  }

  @Test
  void aScriptsWritesReachTheLogAsOneGroupOfEffects() {
    List<String> effects = new ArrayList<>();
    redis
        .engine()
        .mutationSink(
            new MutationSink() {
              @Override
              public void append(int db, byte[][] argv) {
                effects.add(new String(argv[0], StandardCharsets.UTF_8));
              }

              @Override
              public void beginGroup() {
                effects.add("(");
              }

              @Override
              public void endGroup() {
                effects.add(")");
              }
            });
    redis.call("EVAL", "redis.call('set', 'a', 1) redis.call('expire', 'a', 100) return 1", "0");
    assertThat(effects).containsExactly("(", "SET", "PEXPIREAT", ")");
  }

  @Test
  void setReplNoneKeepsTheScriptsWritesOutOfTheLog() {
    redis.call("EVAL", "redis.set_repl(redis.REPL_NONE) redis.call('set', 'quiet', 1)", "0");
    redis.call("SET", "loud", "1");
    assertThat(redis.mutations()).extracting(m -> m.argv().get(1)).containsExactly("loud");
  }

  @Test
  void aBlockingCommandInAScriptAnswersAsATimeout() {
    assertThat(redis.call("EVAL", "return redis.call('blmpop', 0, 1, 'none', 'LEFT')", "0"))
        .isEqualTo("$-1\r\n");
  }

  @Test
  void runawayRecursionEndsTheScriptNotTheServer() {
    assertThat(redis.call("EVAL", "local function f() return f() + 1 end return f()", "0"))
        .startsWith("-ERR user_script:1: stack overflow script:");
    assertThat(redis.call("PING")).isEqualTo("+PONG\r\n");
  }

  @Test
  void scriptKillWithNothingRunning() {
    assertThat(redis.call("SCRIPT", "KILL"))
        .isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
    assertThat(redis.call("FUNCTION", "KILL"))
        .isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
  }

  @Test
  void librariesRegisterFunctionsThatFcallRuns() {
    assertThat(
            redis.call(
                "FUNCTION",
                "LOAD",
                "#!lua name=lib\n"
                    + "redis.register_function('incr2', function(keys, args)"
                    + " return redis.call('incrby', keys[1], 2) end)\n"
                    + "redis.register_function{function_name='peek', flags={'no-writes'},"
                    + " callback=function(keys) return redis.call('get', keys[1]) end}"))
        .isEqualTo("$3\r\nlib\r\n");
    assertThat(redis.call("FCALL", "incr2", "1", "c")).isEqualTo(":2\r\n");
    assertThat(redis.call("FCALL_RO", "peek", "1", "c")).isEqualTo("$1\r\n2\r\n");
    assertThat(redis.call("FCALL_RO", "incr2", "1", "c"))
        .isEqualTo("-ERR Can not execute a script with write flag using *_ro command.\r\n");
    assertThat(redis.call("FUNCTION", "STATS")).contains("libraries_count\r\n:1\r\n");
    assertThat(redis.call("FUNCTION", "DELETE", "lib")).isEqualTo("+OK\r\n");
    assertThat(redis.call("FCALL", "incr2", "1", "c")).isEqualTo("-ERR Function not found\r\n");
  }

  @Test
  void mathRandomIsRedissSequence() {
    // redisLrand48 from its initial state: the first draw Redis 7.0 gives a fresh server.
    String first = redis.call("EVAL", "return tostring(math.random())", "0");
    EngineHarness other = new EngineHarness();
    assertThat(other.call("EVAL", "return tostring(math.random())", "0")).isEqualTo(first);
    assertThat(redis.call("EVAL", "math.randomseed(7) return math.random(100)", "0"))
        .isEqualTo(other.call("EVAL", "math.randomseed(7) return math.random(100)", "0"));
  }

  @Test
  void cmsgpackRoundTripsAQueueEntry() {
    assertThat(
            redis.call(
                "EVAL",
                "local packed = cmsgpack.pack({'job', 12, {attempts=3}})"
                    + " local t = cmsgpack.unpack(packed) return {t[1], t[2], t[3].attempts}",
                "0"))
        .isEqualTo("*3\r\n$3\r\njob\r\n:12\r\n:3\r\n");
  }
}
