package io.redstone.storage.command;

import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.CommandFlag.ALLOW_BUSY;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.SKIP_SLOWLOG;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;
import static io.redstone.storage.command.KeySpec.Flag.RO;

/**
 * Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH, declared as Redis 7.0 declares them. What
 * they do lives with the engine, in {@link io.redstone.storage.Transactions}, since queueing
 * happens before a command runs and WATCH hears of every change to a key.
 */
public final class TransactionCommands {
  private TransactionCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        command("multi", 1)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .group(CommandGroup.TRANSACTIONS)
            .docs("Mark the start of a transaction block", "1.2.0", "O(1)")
            .handler(call -> call.engine().transactions().multi(call)));
    table.add(
        command("exec", 1)
            .flags(NOSCRIPT, LOADING, STALE, SKIP_SLOWLOG)
            .group(CommandGroup.TRANSACTIONS)
            .docs(
                "Execute all commands issued after MULTI",
                "1.2.0",
                "Depends on commands in the transaction")
            .handler(call -> call.engine().transactions().exec(call)));
    table.add(
        command("discard", 1)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .group(CommandGroup.TRANSACTIONS)
            .docs(
                "Discard all commands issued after MULTI",
                "2.0.0",
                "O(N), when N is the number of queued commands")
            .handler(call -> call.engine().transactions().discard(call)));
    table.add(
        command("watch", -2)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .keys(1, -1, 1)
            .group(CommandGroup.TRANSACTIONS)
            .docs(
                "Watch the given keys to determine execution of the MULTI/EXEC block",
                "2.2.0",
                "O(1) for every key.")
            .keySpecs(KeySpec.index(1).range(-1, 1, 0).flags(RO))
            .arguments(key("key", 0).multiple())
            .handler(call -> call.engine().transactions().watch(call)));
    table.add(
        command("unwatch", 1)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .group(CommandGroup.TRANSACTIONS)
            .docs("Forget about all watched keys", "2.2.0", "O(1)")
            .handler(call -> call.engine().transactions().unwatch(call)));
  }
}
