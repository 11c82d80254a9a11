package io.redstone.storage.command;

/** Server commands: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, INFO, TIME, DEBUG, FUNCTION. */
public final class ServerCommands {
  private ServerCommands() {}

  public static void register(CommandTable.Builder table) {
    // Declarations pending.
  }
}
