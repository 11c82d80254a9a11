package io.redstone.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies redis.conf text to a {@link ConfigRegistry} with Redis's rules: one directive per line,
 * split as {@link ConfigSyntax} does; blank lines and lines starting with {@code #} skipped;
 * directive names in any case; {@code include <file>} loads another file in place; several {@code
 * save} lines add up. The first bad line stops loading with a {@link ConfigFileException} naming
 * the source and line.
 *
 * <p>Pure: files are read through the {@link FileReader} the server supplies (which decides how
 * relative paths and wildcards in {@code include} resolve). One loader serves one start-up: it
 * remembers whether a {@code save} line was seen, across files and the command line, as Redis does.
 */
public final class ConfigLoader {
  /** Reads a config file's text for {@code include} and {@link #loadFile}. */
  @FunctionalInterface
  public interface FileReader {
    String read(String path) throws IOException;
  }

  static final String BAD_DIRECTIVE = "Bad directive or wrong number of arguments";
  static final String WRONG_ARGUMENTS = "wrong number of arguments";
  static final String UNBALANCED_QUOTES = "Unbalanced quotes in configuration line";
  private static final int MAX_INCLUDE_DEPTH = 16;

  /** Directives Redis 7 ignores, with the exact argument count it ignores them at. */
  private static final Set<String> DEPRECATED =
      Set.of("list-max-ziplist-entries", "list-max-ziplist-value", "lua-replicate-commands");

  private final ConfigRegistry registry;
  private final FileReader reader;
  private final List<String> unsupported = new ArrayList<>();
  private boolean saveSeen;
  private int depth;

  public ConfigLoader(ConfigRegistry registry, FileReader reader) {
    this.registry = registry;
    this.reader = reader;
  }

  /**
   * Loads what {@code redis-server} would from these arguments: the config file, then standard
   * input if asked ({@code reader.read("-")}), then the {@code --name value} options.
   */
  public void loadStartup(CommandLine commandLine) throws ConfigFileException {
    if (commandLine.configFile() != null) {
      loadFile(commandLine.configFile());
    }
    if (commandLine.readStdin()) {
      loadText("(stdin)", read("-", "(stdin)", 0, ""));
    }
    loadText(CommandLine.SOURCE, commandLine.options());
    finish();
  }

  /** Reads and loads a config file. */
  public void loadFile(String path) throws ConfigFileException {
    loadText(path, read(path, path, 0, ""));
  }

  /** Loads config text; {@code source} names it in errors. */
  public void loadText(String source, String text) throws ConfigFileException {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = trim(lines[i]);
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      List<String> args = ConfigSyntax.split(line);
      if (args == null) {
        throw new ConfigFileException(source, i + 1, shown(line), UNBALANCED_QUOTES);
      }
      if (args.isEmpty()) {
        continue;
      }
      try {
        apply(args, source, i + 1, line);
      } catch (ConfigException e) {
        throw new ConfigFileException(source, i + 1, shown(line), e.getMessage());
      }
    }
  }

  /** Start-up checks across directives, after everything is loaded. */
  public void finish() throws ConfigFileException {
    if (registry.getBoolean("cluster-enabled") && !registry.get("replicaof").isEmpty()) {
      throw new ConfigFileException(
          "(configuration)", 0, "", "replicaof directive not allowed in cluster mode");
    }
    // One without the other would leave the endpoint open while looking closed, or ask for
    // credentials nobody set.
    if (registry.get("metrics-user").isEmpty() != registry.get("metrics-password").isEmpty()) {
      throw new ConfigFileException(
          "(configuration)",
          0,
          "",
          "metrics-user and metrics-password go together: set both, or neither");
    }
  }

  /**
   * A bad line as an error report may echo it: with the value of a secret directive ({@code
   * requirepass}, {@code metrics-password}) left out, since reports end up in logs.
   */
  private String shown(String line) {
    String name = line.split("[ \\t]", 2)[0];
    ConfigParam param = registry.param(name.toLowerCase(Locale.ROOT));
    if (param != null && param.has(ParamFlag.SENSITIVE)) {
      return name + " (redacted)";
    }
    return line;
  }

  /**
   * Directives Redis knows that are not settings and Redstone does not support ({@code
   * rename-command}, {@code user}, {@code loadmodule}, {@code sentinel}), in the order seen: the
   * server should warn that they are ignored.
   */
  public List<String> unsupportedDirectives() {
    return Collections.unmodifiableList(unsupported);
  }

  private void apply(List<String> args, String source, int lineNumber, String line)
      throws ConfigException, ConfigFileException {
    String name = args.get(0).toLowerCase(Locale.ROOT);
    int argc = args.size();
    ConfigParam param = registry.param(name);
    if (param != null) {
      if (!param.multiArg() && argc != 2) {
        throw new ConfigException(WRONG_ARGUMENTS);
      }
      List<String> values = args.subList(1, argc);
      if (param.multiArg() && argc == 2 && !values.get(0).isEmpty()) {
        // As Redis 7: one argument to a multi-argument directive is split again, so that
        // --save "60 1" and save "3600 1 300 100" mean what they say.
        values = ConfigSyntax.split(values.get(0));
        if (values == null) {
          throw new ConfigException(UNBALANCED_QUOTES);
        }
      }
      String canonical = param.kind().normalize(values, registry.current(param));
      if (param.kind() instanceof SaveRules) {
        canonical = addSaveRules(registry.current(param), canonical);
      }
      registry.assign(param, canonical);
      return;
    }
    if (DEPRECATED.contains(name) && argc == 2) {
      return;
    }
    if (name.equals("include") && argc == 2) {
      include(args.get(1), source, lineNumber, line);
    } else if ((name.equals("rename-command") && argc == 3)
        || (name.equals("user") && argc >= 2)
        || (name.equals("loadmodule") && argc >= 2)) {
      unsupported.add(name);
    } else if (name.indexOf('.') >= 0) {
      throw new ConfigException(
          argc != 2
              ? "Module config specified without value"
              : "Module Configuration detected without loadmodule directive or no ApplyConfig"
                  + " call: aborting");
    } else if (name.equals("sentinel")) {
      if (argc != 1) {
        throw new ConfigException("sentinel directive while not in sentinel mode");
      }
      unsupported.add(name);
    } else {
      throw new ConfigException(BAD_DIRECTIVE);
    }
  }

  /**
   * The first {@code save} line replaces the default rules, later ones add to them, and {@code save
   * ""} clears them, as Redis 7 reads a file.
   */
  private String addSaveRules(String current, String rules) {
    boolean first = !saveSeen;
    saveSeen = true;
    if (rules.isEmpty() || first || current.isEmpty()) {
      return rules;
    }
    return current + " " + rules;
  }

  private void include(String path, String source, int lineNumber, String line)
      throws ConfigFileException {
    if (depth >= MAX_INCLUDE_DEPTH) {
      throw new ConfigFileException(
          source, lineNumber, line, "include nesting deeper than " + MAX_INCLUDE_DEPTH);
    }
    String text = read(path, source, lineNumber, line);
    depth++;
    try {
      loadText(path, text);
    } finally {
      depth--;
    }
  }

  private String read(String path, String source, int lineNumber, String line)
      throws ConfigFileException {
    try {
      return reader.read(path);
    } catch (IOException e) {
      throw new ConfigFileException(
          source,
          lineNumber,
          line,
          "Fatal error, can't open config file '" + path + "': " + e.getMessage());
    }
  }

  /** {@code sdstrim(line, " \t\r\n")}. */
  private static String trim(String line) {
    int start = 0;
    int end = line.length();
    while (start < end && isTrimmed(line.charAt(start))) {
      start++;
    }
    while (end > start && isTrimmed(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(start, end);
  }

  private static boolean isTrimmed(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
