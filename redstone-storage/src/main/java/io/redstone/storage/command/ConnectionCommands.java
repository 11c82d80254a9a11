package io.redstone.storage.command;

import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;

/** Connection commands: PING, ECHO, QUIT, HELLO, SELECT. */
public final class ConnectionCommands {
  private ConnectionCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        command("ping", -1)
            .flags(FAST, STALE)
            .group(CommandGroup.CONNECTION)
            .docs("Returns the server's liveliness response.", "1.0.0", "O(1)")
            .handler(ConnectionCommands::ping));
    table.add(
        command("echo", 2)
            .flags(LOADING, STALE, FAST)
            .group(CommandGroup.CONNECTION)
            .docs("Returns the given string.", "1.0.0", "O(1)")
            .handler(call -> call.reply().bulk(call.arg(1))));
  }

  private static void ping(Invocation call) {
    if (call.argc() > 2) {
      throw new CommandException(Errors.wrongArity("ping"));
    }
    if (call.argc() == 2) {
      call.reply().bulk(call.arg(1));
    } else {
      call.reply().simpleString("PONG");
    }
  }
}
