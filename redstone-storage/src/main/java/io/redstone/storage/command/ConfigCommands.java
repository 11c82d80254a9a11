package io.redstone.storage.command;

/** CONFIG GET, SET, RESETSTAT, REWRITE. */
public final class ConfigCommands {
  private ConfigCommands() {}

  public static void register(CommandTable.Builder table) {
    // Declarations pending.
  }
}
