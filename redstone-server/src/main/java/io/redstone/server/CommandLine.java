package io.redstone.server;

import io.redstone.storage.config.ConfigException;
import io.redstone.storage.config.ConfigRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code redis-server}: an optional config file first, then {@code --directive
 * value...} groups, each of which overrides the file. INTERIM: the configuration module will
 * replace {@link #toConfig()} with its own file parser and validation; this class is the one place
 * that knows how arguments become configuration.
 *
 * @param configFile the config file named first, or null
 * @param directives the command-line directives in order
 */
public record CommandLine(Path configFile, List<Directive> directives) {

  /** One {@code --name value...} group; {@code --save ""} has one empty value. */
  public record Directive(String name, List<String> values) {
    public Directive {
      values = List.copyOf(values);
    }

    /** The directive as a config-file line would carry it: values separated by one space. */
    public String joinedValues() {
      return String.join(" ", values);
    }
  }

  public CommandLine {
    directives = List.copyOf(directives);
  }

  /**
   * Splits the arguments. A first argument not starting with {@code --} names the config file;
   * every {@code --name} starts a directive that owns the arguments up to the next {@code --name}.
   */
  public static CommandLine parse(String... args) {
    Path configFile = null;
    int i = 0;
    if (args.length > 0 && !args[0].startsWith("--")) {
      configFile = Path.of(args[0]);
      i = 1;
    }
    List<Directive> directives = new ArrayList<>();
    String name = null;
    List<String> values = new ArrayList<>();
    for (; i < args.length; i++) {
      String arg = args[i];
      // "--" alone is a value, not a directive, as in redis-server.
      if (arg.startsWith("--") && arg.length() > 2) {
        if (name != null) {
          directives.add(new Directive(name, values));
        }
        name = arg.substring(2);
        values = new ArrayList<>();
      } else if (name == null) {
        throw new IllegalArgumentException(
            "Invalid argument '" + arg + "': directives must start with '--'");
      } else {
        values.add(arg);
      }
    }
    if (name != null) {
      directives.add(new Directive(name, values));
    }
    return new CommandLine(configFile, directives);
  }

  /** True for {@code --version} or {@code -v}: print the version and exit, as redis-server. */
  public static boolean asksForVersion(String... args) {
    return args.length == 1 && (args[0].equals("--version") || args[0].equals("-v"));
  }

  /**
   * The configuration: defaults, then the file's directives, then the command line's. Throws with
   * the offending directive and Redis's reason.
   */
  public ConfigRegistry toConfig() throws ConfigException {
    ConfigRegistry config = ConfigRegistry.standard();
    if (configFile != null) {
      for (Directive directive : readFile(configFile)) {
        apply(config, directive);
      }
    }
    for (Directive directive : directives) {
      apply(config, directive);
    }
    return config;
  }

  private static void apply(ConfigRegistry config, Directive directive) throws ConfigException {
    try {
      config.set(directive.name(), directive.joinedValues());
    } catch (ConfigException e) {
      throw new ConfigException(
          ">>> '" + directive.name() + " " + directive.joinedValues() + "'\n" + e.getMessage());
    }
  }

  /** Whitespace-separated directives, one a line, {@code #} comments; no quoting yet. */
  private static List<Directive> readFile(Path file) throws ConfigException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("Fatal error, can't open config file '" + file + "': " + e);
    }
    List<Directive> directives = new ArrayList<>();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] words = trimmed.split("\\s+");
      directives.add(new Directive(words[0], List.of(words).subList(1, words.length)));
    }
    return directives;
  }
}
