package io.redstone.storage.admin;

import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.CommandFlag.ADMIN;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.NO_ASYNC_LOADING;
import static io.redstone.storage.command.CommandFlag.NO_MULTI;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;

import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;

/**
 * SAVE, BGSAVE, BGREWRITEAOF, LASTSAVE: thin commands over the server's persistence layer, which
 * does the work off the storage thread and answers in Redis's words.
 */
public final class PersistenceCommands {
  private PersistenceCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        command("save", 1)
            .flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI)
            .group(CommandGroup.SERVER)
            .docs(
                "Synchronously save the dataset to disk",
                "1.0.0",
                "O(N) where N is the total number of keys in all databases")
            .handler(call -> call.engine().persistence().save(call.defer())));
    table.add(
        command("bgsave", -1)
            .flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING)
            .group(CommandGroup.SERVER)
            .docs("Asynchronously save the dataset to disk", "1.0.0", "O(1)")
            .history("3.2.2", "Added the `SCHEDULE` option.")
            .arguments(pureToken("schedule", "SCHEDULE").since("3.2.2").optional())
            .handler(PersistenceCommands::bgsave));
    table.add(
        command("bgrewriteaof", 1)
            .flags(ADMIN, NOSCRIPT, NO_ASYNC_LOADING)
            .group(CommandGroup.SERVER)
            .docs("Asynchronously rewrite the append-only file", "1.0.0", "O(1)")
            .handler(
                call -> call.reply().simpleString(call.engine().persistence().bgrewriteaof())));
    table.add(
        command("lastsave", 1)
            .flags(LOADING, STALE, FAST)
            .group(CommandGroup.SERVER)
            .acl("admin", "dangerous")
            .docs("Get the UNIX time stamp of the last successful save to disk", "1.0.0", "O(1)")
            .tips("nondeterministic_output")
            .handler(PersistenceCommands::lastsave));
  }

  private static void bgsave(Invocation call) {
    boolean schedule = false;
    if (call.argc() == 2 && call.argIs(1, "SCHEDULE")) {
      schedule = true;
    } else if (call.argc() > 1) {
      throw new CommandException(Errors.SYNTAX);
    }
    call.reply().simpleString(call.engine().persistence().bgsave(schedule));
  }

  /** Before the first save Redis reports its start time (or the time the data was loaded). */
  private static void lastsave(Invocation call) {
    long saved = call.engine().persistence().status().lastSaveTime();
    call.reply().integer(saved > 0 ? saved : call.engine().identity().startTimeMillis() / 1000);
  }
}
