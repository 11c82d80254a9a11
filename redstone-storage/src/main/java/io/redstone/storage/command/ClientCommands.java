package io.redstone.storage.command;

/** CLIENT subcommands. */
public final class ClientCommands {
  private ClientCommands() {}

  public static void register(CommandTable.Builder table) {
    // Declarations pending.
  }
}
