package io.redstone.storage.admin;

import static io.redstone.storage.command.CommandSpec.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.protocol.RespWriter;
import io.redstone.storage.EngineHarness;
import io.redstone.storage.command.Argument;
import io.redstone.storage.command.CommandDocs;
import io.redstone.storage.command.CommandFlag;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandHandler;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.KeyReference;
import io.redstone.storage.command.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntrospectionCommandsTest {
  private final EngineHarness redis = new EngineHarness();

  private static final String PING_INFO =
      "*10\r\n$4\r\nping\r\n:-1\r\n*1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n"
          + "*2\r\n+@fast\r\n+@connection\r\n"
          + "*2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nresponse_policy:all_succeeded\r\n"
          + "*0\r\n*0\r\n";

  /** A table with keyed commands of its own, so these tests do not depend on other families. */
  private static CommandTable keyedTable() {
    CommandHandler none = call -> call.reply().ok();
    return new CommandTable.Builder()
        .add(
            command("get", 2)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .group(CommandGroup.STRING)
                .keys(1, 1, 1)
                .docs("Returns the string value of a key.", "1.0.0", "O(1)")
                .handler(none))
        .add(
            command("mset", -3)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .group(CommandGroup.STRING)
                .keys(1, -1, 2)
                .docs(
                    "Atomically creates or modifies the string values of one or more keys.",
                    "1.0.1",
                    "O(N) where N is the number of keys to set.")
                .handler(none))
        .add(
            command("object", -2)
                .docs(
                    "A container for object introspection commands.",
                    "2.2.3",
                    "Depends on subcommand.")
                .subcommand(
                    command("encoding", 3)
                        .flags(CommandFlag.READONLY)
                        .keys(2, 2, 1)
                        .docs("Returns the internal encoding of a Redis object.", "2.2.3", "O(1)")
                        .handler(none)))
        .add(
            command("ping", -1)
                .flags(CommandFlag.FAST)
                .group(CommandGroup.CONNECTION)
                .docs("Returns the server's liveliness response.", "1.0.0", "O(1)")
                .handler(none))
        .build();
  }

  private static byte[][] argv(String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return argv;
  }

  private static List<Integer> positions(List<KeyReference> keys) {
    List<Integer> positions = new ArrayList<>();
    for (KeyReference key : keys) {
      positions.add(key.position());
    }
    return positions;
  }

  private static String info(CommandSpec spec, int protocol) {
    RespWriter writer = new RespWriter(protocol, 256);
    CommandDescriptions.writeInfo(writer, spec);
    return new String(writer.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void countIsTheNumberOfTopLevelCommands() {
    assertThat(redis.call("COMMAND", "COUNT"))
        .isEqualTo(":" + redis.engine().commands().size() + "\r\n");
  }

  @Test
  void commandWithoutSubcommandDescribesEveryCommand() {
    String reply = redis.call("COMMAND");
    assertThat(reply).startsWith("*" + redis.engine().commands().size() + "\r\n");
    assertThat(reply).contains(PING_INFO);
  }

  @Test
  void infoUsesRedisLayoutAndANullForUnknownNames() {
    assertThat(redis.call("COMMAND", "INFO", "ping", "nope", "PING"))
        .isEqualTo("*3\r\n" + PING_INFO + "$-1\r\n" + PING_INFO);
  }

  @Test
  void infoFindsSubcommandsByFullName() {
    assertThat(redis.call("COMMAND", "INFO", "client|id", "client|nope"))
        .isEqualTo(
            "*2\r\n*10\r\n$9\r\nclient|id\r\n:2\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n"
                + ":0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n$-1\r\n");
  }

  @Test
  void infoOfAContainerNestsItsSubcommandsInResp3() {
    redis.call("HELLO", "3");
    String reply = redis.call("COMMAND", "INFO", "client");
    int subcommands = redis.engine().commands().lookup("client").subcommands().size();
    assertThat(reply)
        .startsWith(
            "*1\r\n*10\r\n$6\r\nclient\r\n:-2\r\n~0\r\n:0\r\n:0\r\n:0\r\n~1\r\n+@slow\r\n~0\r\n~0\r\n*"
                + subcommands
                + "\r\n*10\r\n$9\r\nclient|id\r\n");
  }

  @Test
  void withoutDeclaredKeySpecsOneIsDerivedFromFirstLastAndStep() {
    CommandSpec get = keyedTable().lookup("get");
    assertThat(info(get, 2))
        .isEqualTo(
            "*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
                + "*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
                + "*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
                + "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n"
                + "$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
                + "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n"
                + "$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n"
                + "$5\r\nlimit\r\n:0\r\n*0\r\n");
    CommandSpec mset = keyedTable().lookup("mset");
    assertThat(info(mset, 3))
        .contains("%3\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:2\r\n$5\r\nlimit\r\n:0\r\n")
        .contains("~2\r\n+RW\r\n+update\r\n");
  }

  @Test
  void docsMapsNamesToSummarySinceGroupComplexityAndArguments() {
    assertThat(redis.call("COMMAND", "DOCS", "ping", "nope"))
        .isEqualTo(
            "*2\r\n$4\r\nping\r\n*10\r\n"
                + "$7\r\nsummary\r\n$15\r\nPing the server\r\n"
                + "$5\r\nsince\r\n$5\r\n1.0.0\r\n"
                + "$5\r\ngroup\r\n$10\r\nconnection\r\n"
                + "$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"
                + "$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$7\r\nmessage\r\n"
                + "$4\r\ntype\r\n$6\r\nstring\r\n$5\r\nflags\r\n*1\r\n+optional\r\n");
  }

  @Test
  void docsWriteEveryDeclaredFieldInRedisOrder() {
    CommandSpec spec =
        command("old", -2)
            .keys(1, 1, 1)
            .docs("An old command", "1.0.0", "O(1)")
            .history("2.0.0", "Changed.")
            .deprecated("6.2.0", "`NEW`")
            .docFlags(CommandDocs.DocFlag.SYSCMD)
            .keySpecs(KeySpec.keyword("STORE", 1).flags(KeySpec.Flag.OW))
            .arguments(
                Argument.key("destination", 0).token("STORE").summary("where").displayText("dst"),
                Argument.doubleValue("d").deprecatedSince("3.0.0").multipleToken().optional())
            .handler(call -> call.reply().ok())
            .build();
    RespWriter writer = new RespWriter(3, 256);
    CommandDescriptions.writeDocs(writer, spec);
    assertThat(new String(writer.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo(
            "%9\r\n$7\r\nsummary\r\n$14\r\nAn old command\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n"
                + "$5\r\ngroup\r\n$7\r\ngeneric\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"
                + "$9\r\ndoc_flags\r\n~2\r\n+deprecated\r\n+syscmd\r\n"
                + "$16\r\ndeprecated_since\r\n$5\r\n6.2.0\r\n$11\r\nreplaced_by\r\n$5\r\n`NEW`\r\n"
                + "$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n2.0.0\r\n$8\r\nChanged.\r\n"
                + "$9\r\narguments\r\n*2\r\n"
                + "%6\r\n$4\r\nname\r\n$11\r\ndestination\r\n$4\r\ntype\r\n$3\r\nkey\r\n"
                + "$12\r\ndisplay_text\r\n$3\r\ndst\r\n$14\r\nkey_spec_index\r\n:0\r\n"
                + "$5\r\ntoken\r\n$5\r\nSTORE\r\n$7\r\nsummary\r\n$5\r\nwhere\r\n"
                + "%4\r\n$4\r\nname\r\n$1\r\nd\r\n$4\r\ntype\r\n$6\r\ndouble\r\n"
                + "$16\r\ndeprecated_since\r\n$5\r\n3.0.0\r\n"
                + "$5\r\nflags\r\n~2\r\n+optional\r\n+multiple_token\r\n");
    writer = new RespWriter(3, 256);
    CommandDescriptions.writeInfo(writer, spec);
    assertThat(new String(writer.toByteArray(), StandardCharsets.UTF_8))
        .contains(
            "~1\r\n%3\r\n$5\r\nflags\r\n~1\r\n+OW\r\n"
                + "$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$7\r\nkeyword\r\n"
                + "$4\r\nspec\r\n%2\r\n$7\r\nkeyword\r\n$5\r\nSTORE\r\n$9\r\nstartfrom\r\n:1\r\n"
                + "$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n");
  }

  @Test
  void argumentsRejectInconsistentDeclarations() {
    assertThatThrownBy(() -> Argument.oneOf("empty")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                command("bad", 2)
                    .docs("Bad", "1.0.0", "O(1)")
                    .arguments(Argument.key("key", 0))
                    .handler(call -> call.reply().ok())
                    .build())
        .hasMessageContaining("missing key spec");
  }

  @Test
  void docsOfAContainerIncludeItsSubcommandsAsAMapInResp3() {
    redis.call("HELLO", "3");
    String reply = redis.call("COMMAND", "DOCS", "client");
    assertThat(reply).startsWith("%1\r\n$6\r\nclient\r\n%5\r\n$7\r\nsummary\r\n");
    assertThat(reply).contains("$11\r\nsubcommands\r\n%");
    assertThat(reply).contains("$9\r\nclient|id\r\n%4\r\n$7\r\nsummary\r\n");
  }

  @Test
  void getkeysReadsKeyPositionsFromTheTable() {
    CommandTable table = keyedTable();
    assertThat(positions(IntrospectionCommands.keysOf(table, argv("GET", "a")))).containsExactly(1);
    assertThat(positions(IntrospectionCommands.keysOf(table, argv("mset", "a", "1", "b", "2"))))
        .containsExactly(1, 3);
    assertThat(positions(IntrospectionCommands.keysOf(table, argv("object", "encoding", "k"))))
        .containsExactly(2);
  }

  @Test
  void getkeysRejectsWhatRedisRejects() {
    CommandTable table = keyedTable();
    assertThatThrownBy(() -> IntrospectionCommands.keysOf(table, argv("nope", "a")))
        .hasMessage("ERR Invalid command specified");
    assertThatThrownBy(() -> IntrospectionCommands.keysOf(table, argv("object", "nope", "a")))
        .hasMessage("ERR Invalid command specified");
    assertThatThrownBy(() -> IntrospectionCommands.keysOf(table, argv("ping", "x")))
        .hasMessage("ERR The command has no key arguments");
    assertThatThrownBy(() -> IntrospectionCommands.keysOf(table, argv("get", "a", "b")))
        .hasMessage("ERR Invalid number of arguments specified for command");
  }

  @Test
  void getkeysOverTheWireAnswersErrorsInRedisOrder() {
    assertThat(redis.call("COMMAND", "GETKEYS", "nope", "a"))
        .isEqualTo("-ERR Invalid command specified\r\n");
    assertThat(redis.call("COMMAND", "GETKEYS", "ping", "x"))
        .isEqualTo("-ERR The command has no key arguments\r\n");
    assertThat(redis.call("COMMAND", "GETKEYS", "client", "list"))
        .isEqualTo("-ERR The command has no key arguments\r\n");
    assertThat(redis.call("COMMAND", "GETKEYS", "ping"))
        .isEqualTo("-ERR wrong number of arguments for 'command|getkeys' command\r\n");
  }

  @Test
  void listNamesCommandsAndSubcommandsWithFilters() {
    assertThat(redis.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "CLIENT|SET*"))
        .isEqualTo("*2\r\n$14\r\nclient|setname\r\n$14\r\nclient|setinfo\r\n");
    assertThat(redis.call("COMMAND", "LIST", "FILTERBY", "aclcat", "CONNECTION"))
        .contains("$4\r\nping\r\n")
        .contains("$9\r\nclient|id\r\n")
        .doesNotContain("$6\r\nclient\r\n");
    assertThat(redis.call("COMMAND", "LIST", "FILTERBY", "module", "x")).isEqualTo("*0\r\n");
    assertThat(redis.call("COMMAND", "LIST")).contains("$6\r\nclient\r\n$9\r\nclient|id\r\n");
  }

  @Test
  void listRejectsMalformedFilters() {
    assertThat(redis.call("COMMAND", "LIST", "FILTERBY", "foo", "bar"))
        .isEqualTo("-ERR syntax error\r\n");
    assertThat(redis.call("COMMAND", "LIST", "FILTERBY")).isEqualTo("-ERR syntax error\r\n");
    assertThat(redis.call("COMMAND", "LIST", "foo")).isEqualTo("-ERR syntax error\r\n");
  }

  @Test
  void unknownSubcommandPointsToHelp() {
    assertThat(redis.call("COMMAND", "foo"))
        .isEqualTo("-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n");
    assertThat(redis.call("COMMAND", "HELP"))
        .startsWith("*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n");
  }
}
