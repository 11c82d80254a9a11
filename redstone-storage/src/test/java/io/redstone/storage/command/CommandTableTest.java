package io.redstone.storage.command;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The table is the one source for arity checks and COMMAND: every entry must be complete. */
class CommandTableTest {
  private final CommandTable table = CommandTable.standard();

  private List<CommandSpec> everySpec() {
    List<CommandSpec> specs = new ArrayList<>();
    for (CommandSpec spec : table.all()) {
      specs.add(spec);
      specs.addAll(spec.subcommands().values());
    }
    return specs;
  }

  @Test
  void rawNamesFindEveryCommandInAnyAsciiCaseAndNothingElse() {
    for (CommandSpec spec : table.all()) {
      String upper = spec.name().toUpperCase(Locale.ROOT);
      assertThat(table.lookup(spec.name().getBytes(US_ASCII))).isSameAs(spec);
      assertThat(table.lookup(upper.getBytes(US_ASCII))).isSameAs(spec);
    }
    assertThat(table.lookup("GeT".getBytes(US_ASCII))).isSameAs(table.lookup("get"));
    assertThat(table.lookup("gett".getBytes(US_ASCII))).isNull();
    assertThat(table.lookup("ge".getBytes(US_ASCII))).isNull();
    assertThat(table.lookup(new byte[0])).isNull();
    // 'G' + 0x20 is 'g', but 0xC7 lower-cased by a Latin-1 rule must not become a command's byte.
    assertThat(table.lookup(new byte[] {(byte) 0xC7, 'E', 'T'})).isNull();
  }

  @Test
  void everyCommandAndSubcommandIsDocumented() {
    for (CommandSpec spec : everySpec()) {
      assertThat(spec.summary()).as(spec.fullName() + " summary").isNotBlank();
      assertThat(spec.since()).as(spec.fullName() + " since").matches("\\d+\\.\\d+\\.\\d+");
      if (!spec.fullName().equals("monitor")) {
        // Redis documents MONITOR without a complexity; the conformance test holds us to that.
        assertThat(spec.complexity()).as(spec.fullName() + " complexity").isNotBlank();
      }
    }
  }

  @Test
  void everyCommandAndSubcommandHasAnArity() {
    for (CommandSpec spec : everySpec()) {
      assertThat(spec.arity()).as(spec.fullName() + " arity").isNotZero();
    }
  }

  @Test
  void subcommandsAreNamedAfterTheirContainer() {
    for (CommandSpec spec : table.all()) {
      for (CommandSpec sub : spec.subcommands().values()) {
        assertThat(sub.fullName()).isEqualTo(spec.name() + "|" + sub.name());
        assertThat(Math.abs(sub.arity())).as(sub.fullName()).isGreaterThanOrEqualTo(2);
      }
    }
  }

  @Test
  void commandCountIsTheTableSize() {
    EngineHarness redis = new EngineHarness();
    assertThat(redis.call("COMMAND", "COUNT")).isEqualTo(":" + table.size() + "\r\n");
  }

  @Test
  void aclCategoriesFollowRedisOrderAndRules() {
    assertThat(table.lookup("client").subcommand("list").aclCategories())
        .containsExactly("@admin", "@slow", "@dangerous", "@connection");
    assertThat(table.lookup("client").aclCategories()).containsExactly("@slow");
    assertThat(table.lookup("flushdb").aclCategories())
        .containsExactly("@keyspace", "@write", "@slow", "@dangerous");
    assertThat(table.lookup("dbsize").aclCategories())
        .containsExactly("@keyspace", "@read", "@fast");
    assertThat(table.lookup("info").aclCategories()).containsExactly("@slow", "@dangerous");
    assertThat(table.lookup("function").subcommand("flush").aclCategories())
        .containsExactly("@write", "@slow", "@scripting");
  }
}
