package io.redstone.config;

/**
 * {@code redis-server}'s arguments, turned into config text exactly as redis-server does: an
 * optional config file first (an argument not starting with {@code -}), then {@code --name
 * value...} groups, each {@code --name} starting a new config line and each value appended quoted,
 * so {@code --save "60 1" --port 6380} becomes the lines {@code save "60 1"} and {@code port
 * "6380"}. A {@code --name} right after another {@code --name} is that one's value ({@code
 * --loglevel --x} sets loglevel to {@code --x}), except after {@code --save}, which then means
 * {@code save ""}, as does a {@code --save} at the end. A lone {@code -} first or last reads config
 * from standard input.
 *
 * @param configFile the config file argument as given, or null
 * @param readStdin whether a {@code -} argument asks for config on standard input
 * @param options the config lines built from the {@code --} arguments, loaded after the file
 */
public record CommandLine(String configFile, boolean readStdin, String options) {
  /** The source name config errors use for lines that came from the command line. */
  public static final String SOURCE = "(command line)";

  /** Parses the arguments after the program name. */
  public static CommandLine parse(String... args) {
    String configFile = null;
    int j = 0;
    if (args.length > 0 && !args[0].startsWith("-")) {
      configFile = args[0];
      j = 1;
    }
    boolean readStdin = false;
    StringBuilder options = new StringBuilder();
    boolean lastNameHasValue = true;
    for (; j < args.length; j++) {
      String arg = args[j];
      boolean last = j == args.length - 1;
      if (arg.equals("-") && (j == 0 || last)) {
        readStdin = true;
      } else if (lastNameHasValue && arg.startsWith("--")) {
        if (options.length() > 0) {
          options.append('\n');
        }
        options.append(arg, 2, arg.length()).append(' ');
        // "--port 6380" as one argument carries its own value.
        java.util.List<String> words = ConfigSyntax.split(arg);
        if (words != null && words.size() == 1) {
          lastNameHasValue = false;
          boolean nextIsName = !last && args[j + 1].startsWith("--");
          if (arg.equalsIgnoreCase("--save") && (nextIsName || last)) {
            options.append("\"\"");
            lastNameHasValue = nextIsName;
          } else if (arg.equalsIgnoreCase("--sentinel") && nextIsName) {
            lastNameHasValue = true;
          }
        } else {
          lastNameHasValue = true;
        }
      } else {
        options.append(ConfigSyntax.quote(arg)).append(' ');
        lastNameHasValue = true;
      }
    }
    return new CommandLine(configFile, readStdin, options.toString());
  }
}
