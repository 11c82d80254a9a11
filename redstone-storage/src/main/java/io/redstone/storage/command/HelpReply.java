package io.redstone.storage.command;

import java.util.Locale;

/** The reply of a container's {@code HELP} subcommand, laid out as Redis's. */
public final class HelpReply {
  private HelpReply() {}

  /**
   * Writes the usage line, the given lines, and the closing {@code HELP} entry, each as a simple
   * string; the container is named as the client spelled it, upper-cased.
   */
  public static void write(Invocation call, String... lines) {
    String container = call.argString(0).toUpperCase(Locale.ROOT);
    call.reply().arrayHeader(lines.length + 3);
    call.reply()
        .simpleString(container + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    for (String line : lines) {
      call.reply().simpleString(line);
    }
    call.reply().simpleString("HELP");
    call.reply().simpleString("    Prints this help.");
  }
}
