package io.redstone.storage.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.MutationSink;
import io.redstone.storage.command.CommandException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the log and snapshots need from FUNCTION: its writes as effects, the libraries' code to
 * store, and a way to load that code back.
 */
class FunctionPersistenceTest {
  private static final String LIB_A =
      "#!lua name=liba\nredis.register_function('fa', function(k) return 'a' end)";
  private static final String LIB_A2 =
      "#!lua name=liba\nredis.register_function('fa2', function(k) return 'a2' end)";
  private static final String LIB_B =
      "#!lua name=libb\n"
          + "redis.register_function{function_name='fb', callback=function(k, a) return a[1] end,"
          + " flags={'no-writes'}}";

  private final EngineHarness redis = new EngineHarness();

  private List<List<String>> logged() {
    return redis.mutations().stream().map(EngineHarness.Mutation::argv).toList();
  }

  @Test
  void loadDeleteAndFlushAreLoggedAsTheyWereTyped() {
    redis.call("FUNCTION", "LOAD", LIB_A);
    redis.call("FUNCTION", "LOAD", "REPLACE", LIB_A2);
    redis.call("FUNCTION", "LOAD", LIB_B);
    redis.call("FUNCTION", "DELETE", "libb");
    redis.call("FUNCTION", "FLUSH", "SYNC");
    redis.call("FUNCTION", "FLUSH");

    assertThat(logged())
        .containsExactly(
            List.of("FUNCTION", "LOAD", LIB_A),
            List.of("FUNCTION", "LOAD", "REPLACE", LIB_A2),
            List.of("FUNCTION", "LOAD", LIB_B),
            List.of("FUNCTION", "DELETE", "libb"),
            List.of("FUNCTION", "FLUSH", "SYNC"),
            List.of("FUNCTION", "FLUSH"));
  }

  @Test
  void inATransactionTheLoadIsPartOfTheGroup() {
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
    redis.call("MULTI");
    redis.call("FUNCTION", "LOAD", LIB_A);
    redis.call("SET", "k", "v");
    assertThat(redis.call("EXEC")).startsWith("*2\r\n$4\r\nliba\r\n+OK");

    assertThat(effects).containsExactly("(", "FUNCTION", "SET", ")");
  }

  @Test
  void refusedCallsAreNotLogged() {
    redis.call("FUNCTION", "LOAD", LIB_A);
    assertThat(redis.call("FUNCTION", "LOAD", LIB_A)).startsWith("-ERR Library 'liba' already");
    assertThat(redis.call("FUNCTION", "LOAD", "#!lua name=x\nreturn 1")).startsWith("-ERR");
    assertThat(redis.call("FUNCTION", "DELETE", "nope")).isEqualTo("-ERR Library not found\r\n");
    assertThat(redis.call("FUNCTION", "FLUSH", "LATER")).startsWith("-ERR");
    assertThat(redis.call("FUNCTION", "LIST")).startsWith("*1");

    assertThat(logged()).containsExactly(List.of("FUNCTION", "LOAD", LIB_A));
  }

  @Test
  void aReplayOfTheLoggedEffectsGivesTheSameLibraries() {
    redis.call("FUNCTION", "LOAD", LIB_A);
    redis.call("FUNCTION", "LOAD", LIB_B);
    redis.call("FUNCTION", "LOAD", "REPLACE", LIB_A2);
    redis.call("FUNCTION", "DELETE", "libb");
    String list = redis.call("FUNCTION", "LIST", "WITHCODE");
    EngineHarness replayed = new EngineHarness();

    for (List<String> effect : logged()) {
      assertThat(replayed.call(effect.toArray(String[]::new))).doesNotStartWith("-");
    }

    assertThat(replayed.call("FUNCTION", "LIST", "WITHCODE")).isEqualTo(list);
    assertThat(replayed.call("FCALL", "fa2", "0")).isEqualTo("$2\r\na2\r\n");
  }

  @Test
  void libraryCodesAreWhatEachLoadGaveInListOrder() {
    redis.call("FUNCTION", "LOAD", LIB_A);
    redis.call("FUNCTION", "LOAD", LIB_B);
    redis.call("FUNCTION", "LOAD", "REPLACE", LIB_A2);

    assertThat(codes(redis)).containsExactly(LIB_B, LIB_A2);
  }

  @Test
  void restoringTheCodesBringsBackEveryFunctionWithItsFlags() {
    redis.call("FUNCTION", "LOAD", LIB_A);
    redis.call("FUNCTION", "LOAD", LIB_B);
    EngineHarness restored = new EngineHarness();

    for (byte[] code : redis.engine().scripting().libraryCodes()) {
      restored.engine().scripting().restoreLibrary(code);
    }

    assertThat(restored.call("FUNCTION", "LIST", "WITHCODE"))
        .isEqualTo(redis.call("FUNCTION", "LIST", "WITHCODE"));
    assertThat(restored.call("FCALL", "fa", "0")).isEqualTo("$1\r\na\r\n");
    assertThat(restored.call("FCALL_RO", "fb", "0", "x")).isEqualTo("$1\r\nx\r\n");
    assertThat(restored.mutations()).isEmpty();
  }

  @Test
  void aRestoreRefusesANameOrFunctionAlreadyThereAndFlushMakesRoom() {
    redis.call("FUNCTION", "LOAD", LIB_A);
    byte[] again = LIB_A.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> redis.engine().scripting().restoreLibrary(again))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("Library 'liba' already exists");

    redis.engine().scripting().flushLibraries();
    redis.engine().scripting().restoreLibrary(again);
    assertThat(codes(redis)).containsExactly(LIB_A);
  }

  private static List<String> codes(EngineHarness engine) {
    return engine.engine().scripting().libraryCodes().stream()
        .map(code -> new String(code, StandardCharsets.UTF_8))
        .toList();
  }
}
