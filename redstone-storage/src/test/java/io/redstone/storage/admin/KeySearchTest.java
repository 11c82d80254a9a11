package io.redstone.storage.admin;

import static io.redstone.storage.command.CommandSpec.command;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.INCOMPLETE;
import static io.redstone.storage.command.KeySpec.Flag.OW;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.command.KeySpec.Flag.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.command.CommandFlag;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.KeyReference;
import io.redstone.storage.command.KeySearch;
import io.redstone.storage.command.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** COMMAND GETKEYS and GETKEYSANDFLAGS: key specs applied as Redis 7 applies them. */
class KeySearchTest {
  private final EngineHarness redis = new EngineHarness();

  private static byte[][] argv(String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return argv;
  }

  private static List<String> keys(CommandSpec spec, String... args) {
    List<String> keys = new ArrayList<>();
    byte[][] argv = argv(args);
    for (KeyReference key : KeySearch.find(spec, argv)) {
      keys.add(args[key.position()] + key.flags());
    }
    return keys;
  }

  private static CommandSpec.Builder stub(String name) {
    return command(name, -2).docs("A stub", "1.0.0", "O(1)").handler(call -> call.reply().ok());
  }

  @Test
  void setReadsTheKeyOnlyWithGet() {
    assertThat(redis.call("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v"))
        .isEqualTo("*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+OW\r\n+update\r\n");
    assertThat(redis.call("COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v", "EX", "10", "get"))
        .isEqualTo("*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n");
    // Anything after the value counts, even where GET would be a syntax error.
    assertThat(redis.call("COMMAND", "GETKEYSANDFLAGS", "set", "k", "v", "ex", "get"))
        .isEqualTo("*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n");
    assertThat(redis.call("COMMAND", "GETKEYSANDFLAGS", "set", "k", "get", "getx"))
        .isEqualTo("*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+OW\r\n+update\r\n");
    assertThat(redis.call("COMMAND", "GETKEYS", "set", "k", "v", "GET"))
        .isEqualTo("*1\r\n$1\r\nk\r\n");
  }

  @Test
  void eachKeyGetsTheFlagsOfItsSpec() {
    assertThat(redis.call("COMMAND", "GETKEYSANDFLAGS", "rename", "a", "b"))
        .isEqualTo(
            "*2\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n"
                + "*2\r\n$1\r\nb\r\n*2\r\n+OW\r\n+update\r\n");
    assertThat(redis.call("COMMAND", "GETKEYSANDFLAGS", "lcs", "a", "b"))
        .isEqualTo(
            "*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+RO\r\n+access\r\n");
    assertThat(redis.call("COMMAND", "GETKEYS", "mset", "a", "1", "b"))
        .isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    redis.call("HELLO", "3");
    assertThat(redis.call("COMMAND", "GETKEYSANDFLAGS", "object", "encoding", "k"))
        .isEqualTo("*1\r\n*2\r\n$1\r\nk\r\n~1\r\n+RO\r\n");
  }

  @Test
  void keywordSpecStartsAfterTheKeywordAndIsSkippedWithoutIt() {
    CommandSpec spec =
        stub("sortlike")
            .keySpecs(
                KeySpec.index(1).flags(RO, ACCESS), KeySpec.keyword("STORE", 1).flags(OW, UPDATE))
            .build();
    assertThat(keys(spec, "sortlike", "src", "BY", "x", "store", "dst"))
        .containsExactly("src[RO, ACCESS]", "dst[OW, UPDATE]");
    assertThat(keys(spec, "sortlike", "src", "BY", "x")).containsExactly("src[RO, ACCESS]");
    // The keyword is never looked for in the last argument: no key could follow it.
    assertThat(keys(spec, "sortlike", "src", "STORE")).containsExactly("src[RO, ACCESS]");
  }

  @Test
  void keywordSearchFromTheEndGoesBackwards() {
    CommandSpec spec =
        stub("readlike").keySpecs(KeySpec.keyword("STREAMS", -2).range(-1, 1, 2).flags(RO)).build();
    assertThat(keys(spec, "readlike", "COUNT", "2", "STREAMS", "a", "b", "0", "0"))
        .containsExactly("a[RO]", "b[RO]");
  }

  @Test
  void keyNumSpecReadsTheKeyCount() {
    CommandSpec spec =
        stub("unionlike")
            .keySpecs(
                KeySpec.index(1).flags(OW, UPDATE), KeySpec.index(2).keyNum(0, 1, 1).flags(RO))
            .build();
    assertThat(keys(spec, "unionlike", "d", "2", "a", "b", "WEIGHTS", "1", "2"))
        .containsExactly("d[OW, UPDATE]", "a[RO]", "b[RO]");
    assertThat(keys(spec, "unionlike", "d", "x", "a")).isEmpty();
    assertThat(keys(spec, "unionlike", "d", "5", "a")).isEmpty();
    assertThat(keys(spec, "unionlike", "d", "-1", "a")).isEmpty();
  }

  @Test
  void anUnfitOrIncompleteSpecFallsBackToTheKeyFinder() {
    CommandSpec spec =
        stub("odd")
            .keySpecs(KeySpec.index(1).range(2, 1, 0).flags(RO, INCOMPLETE))
            .keyFinder(argv -> List.of(new KeyReference(1, Set.of(OW))))
            .build();
    assertThat(keys(spec, "odd", "a", "b", "c")).containsExactly("a[OW]");
    CommandSpec noFinder = stub("odd").keySpecs(KeySpec.index(1).range(2, 1, 0).flags(RO)).build();
    assertThat(keys(noFinder, "odd", "a")).isEmpty();
  }

  @Test
  void noKeysFoundIsAnErrorUnlessKeysAreOptional() {
    KeySpec numKeys = KeySpec.index(1).keyNum(0, 1, 1).flags(RO);
    CommandTable table =
        new CommandTable.Builder()
            .add(stub("needs").keySpecs(numKeys))
            .add(stub("optional").flags(CommandFlag.NO_MANDATORY_KEYS).keySpecs(numKeys))
            .build();
    assertThat(IntrospectionCommands.keysOf(table, argv("needs", "1", "a"))).hasSize(1);
    assertThatThrownBy(() -> IntrospectionCommands.keysOf(table, argv("needs", "x", "a")))
        .hasMessage("ERR Invalid arguments specified for command");
    assertThat(IntrospectionCommands.keysOf(table, argv("optional", "x", "a"))).isEmpty();
  }
}
