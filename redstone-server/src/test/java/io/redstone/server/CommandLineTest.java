package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.server.CommandLine.Directive;
import io.redstone.storage.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

  @Test
  void eachDoubleDashNameOwnsTheValuesAfterIt() {
    CommandLine line = CommandLine.parse("--port", "6380", "--save", "3600", "1", "--bind", "::1");
    assertThat(line.configFile()).isNull();
    assertThat(line.directives())
        .containsExactly(
            new Directive("port", List.of("6380")),
            new Directive("save", List.of("3600", "1")),
            new Directive("bind", List.of("::1")));
    assertThat(line.directives().get(1).joinedValues()).isEqualTo("3600 1");
  }

  @Test
  void emptyArgumentIsAnEmptyValue() {
    CommandLine line = CommandLine.parse("--save", "");
    assertThat(line.directives()).containsExactly(new Directive("save", List.of("")));
    assertThat(line.directives().get(0).joinedValues()).isEmpty();
  }

  @Test
  void firstArgumentWithoutDashesIsTheConfigFile() {
    CommandLine line = CommandLine.parse("/etc/redis.conf", "--port", "1");
    assertThat(line.configFile()).isEqualTo(Path.of("/etc/redis.conf"));
    assertThat(line.directives()).containsExactly(new Directive("port", List.of("1")));
  }

  @Test
  void commandLineOverridesTheConfigFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("redstone.conf");
    Files.writeString(file, "# comment\nport 7000\n\nhz 20\n");
    var config = CommandLine.parse(file.toString(), "--port", "7001").toConfig();
    assertThat(config.get("port")).isEqualTo("7001");
    assertThat(config.get("hz")).isEqualTo("20");
  }

  @Test
  void unknownDirectiveIsRefusedNamingIt() {
    assertThatThrownBy(() -> CommandLine.parse("--nonsense", "1").toConfig())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nonsense");
  }

  @Test
  void valueBeforeAnyDirectiveIsRefused() {
    assertThatThrownBy(() -> CommandLine.parse("a.conf", "stray"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
