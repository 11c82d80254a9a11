package io.redstone.storage.command;

/** String commands. */
public final class StringCommands {
  private StringCommands() {}

  public static void register(CommandTable.Builder table) {
    // Declarations pending.
  }
}
