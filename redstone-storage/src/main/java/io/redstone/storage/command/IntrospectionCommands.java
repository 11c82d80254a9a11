package io.redstone.storage.command;

/** COMMAND and its subcommands: the command table describing itself. */
public final class IntrospectionCommands {
  private IntrospectionCommands() {}

  public static void register(CommandTable.Builder table) {
    // Declarations pending.
  }
}
