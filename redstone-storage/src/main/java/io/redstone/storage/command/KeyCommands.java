package io.redstone.storage.command;

/** Generic key commands and expiry. */
public final class KeyCommands {
  private KeyCommands() {}

  public static void register(CommandTable.Builder table) {
    // Declarations pending.
  }
}
