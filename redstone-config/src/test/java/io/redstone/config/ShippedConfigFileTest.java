package io.redstone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The annotated {@code redstone.conf} at the repository root: it loads without error, changes
 * nothing from the defaults (it documents them), and names every directive Redstone acts on.
 */
class ShippedConfigFileTest {
  /** Tests run in the module's directory; the file is one level up. */
  private static final Path SHIPPED = Path.of("..", "redstone.conf");

  private static String shippedText() throws IOException {
    assumeTrue(Files.isRegularFile(SHIPPED), "redstone.conf not found beside this module");
    return Files.readString(SHIPPED, StandardCharsets.UTF_8);
  }

  @Test
  void loadsWithoutErrorsAndKeepsEveryDefault() throws Exception {
    ConfigRegistry config = ConfigRegistry.standard();
    ConfigLoader loader = new ConfigLoader(config, path -> Files.readString(Path.of(path)));
    loader.loadText("redstone.conf", shippedText());
    loader.finish();
    assertThat(loader.unsupportedDirectives()).isEmpty();
    assertThat(config.unimplementedChanges()).isEmpty();
    for (ConfigParam param : config.params()) {
      assertThat(config.get(param.name()))
          .as("redstone.conf sets %s away from its default", param.name())
          .isEqualTo(config.defaultValue(param.name()));
    }
  }

  @Test
  void configRewriteChangesOnlyTheLineOfWhatWasSet() throws Exception {
    String shipped = shippedText();
    ConfigRegistry config = ConfigRegistry.standard();
    ConfigLoader loader = new ConfigLoader(config, path -> Files.readString(Path.of(path)));
    loader.loadText("redstone.conf", shipped);
    loader.finish();
    config.set("slowlog-max-len", "256");

    String[] before = shipped.split("\n", -1);
    String[] after = ConfigRewriter.rewrite(shipped, config).split("\n", -1);
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < Math.max(before.length, after.length); i++) {
      String old = i < before.length ? before[i] : null;
      String now = i < after.length ? after[i] : null;
      if (!java.util.Objects.equals(old, now)) {
        changed.add(old + " -> " + now);
      }
    }
    assertThat(changed).containsExactly("slowlog-max-len 128 -> slowlog-max-len 256");
  }

  @Test
  void documentsEveryDirectiveRedstoneActsOn() throws Exception {
    Set<String> named = new HashSet<>();
    for (String line : shippedText().split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("# ") && trimmed.split(" ").length == 3) {
        // a commented-out example such as "# requirepass foobared"
        trimmed = trimmed.substring(2);
      }
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        named.add(trimmed.split("\\s+")[0].toLowerCase(Locale.ROOT));
      }
    }
    assertThat(named).containsAll(RedisDirectives.IMPLEMENTED);
  }
}
