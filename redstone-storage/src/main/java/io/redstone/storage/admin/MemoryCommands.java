package io.redstone.storage.admin;

import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;
import static io.redstone.storage.command.KeySpec.Flag.RO;

import io.redstone.storage.Database;
import io.redstone.storage.MemoryEstimate;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.HelpReply;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;
import io.redstone.storage.keyspace.Entry;
import java.nio.charset.StandardCharsets;

/**
 * MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE, HELP. Figures come from the engine's own
 * estimate of each key (the one INFO memory and maxmemory use), not from the JVM heap, which
 * garbage collection makes meaningless per key.
 */
public final class MemoryCommands {
  private MemoryCommands() {}

  /** Below this, Redis's doctor declines to judge. */
  private static final long DOCTOR_MIN_BYTES = 5L << 20;

  public static void register(CommandTable.Builder table) {
    table.add(
        command("memory", -2)
            .group(CommandGroup.SERVER)
            .docs("A container for memory diagnostics commands", "4.0.0", "Depends on subcommand.")
            .subcommand(
                command("usage", -3)
                    .flags(READONLY)
                    .keys(2, 2, 1)
                    .docs(
                        "Estimate the memory usage of a key",
                        "4.0.0",
                        "O(N) where N is the number of samples.")
                    .keySpecs(KeySpec.index(2).flags(RO))
                    .arguments(key("key", 0), integer("count").token("SAMPLES").optional())
                    .handler(MemoryCommands::usage))
            .subcommand(
                command("stats", 2)
                    .docs("Show memory usage details", "4.0.0", "O(1)")
                    .tips(
                        "nondeterministic_output",
                        "request_policy:all_shards",
                        "response_policy:special")
                    .handler(MemoryCommands::stats))
            .subcommand(
                command("doctor", 2)
                    .docs("Outputs memory problems report", "4.0.0", "O(1)")
                    .tips(
                        "nondeterministic_output",
                        "request_policy:all_shards",
                        "response_policy:special")
                    .handler(MemoryCommands::doctor))
            .subcommand(
                command("malloc-stats", 2)
                    .docs(
                        "Show allocator internal stats",
                        "4.0.0",
                        "Depends on how much memory is allocated, could be slow")
                    .tips(
                        "nondeterministic_output",
                        "request_policy:all_shards",
                        "response_policy:special")
                    .handler(
                        call ->
                            call.reply()
                                .verbatim(
                                    "txt",
                                    "Stats not supported for the current allocator"
                                        .getBytes(StandardCharsets.US_ASCII))))
            .subcommand(
                command("purge", 2)
                    .docs(
                        "Ask the allocator to release memory",
                        "4.0.0",
                        "Depends on how much memory is allocated, could be slow")
                    .tips("request_policy:all_shards", "response_policy:all_succeeded")
                    .handler(call -> call.reply().ok()))
            .subcommand(
                command("help", 2)
                    .flags(LOADING, STALE)
                    .docs("Show helpful text about the different subcommands", "4.0.0", "O(1)")
                    .handler(MemoryCommands::help)));
  }

  /**
   * USAGE key [SAMPLES count]: the key's estimated bytes, or null when it does not exist. Values
   * are measured whole, so SAMPLES is validated and otherwise has no effect.
   */
  private static void usage(Invocation call) {
    for (int i = 3; i < call.argc(); i++) {
      if (call.argIs(i, "SAMPLES") && i + 1 < call.argc()) {
        long samples = call.argLong(i + 1);
        if (samples < 0) {
          throw new CommandException(Errors.SYNTAX);
        }
        i++;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    Entry entry = call.db().lookupReadNoTouch(call.arg(2), call.now());
    if (entry == null) {
      call.reply().nullBulk();
      return;
    }
    call.reply().integer(MemoryEstimate.entry(entry.key(), entry.value()));
  }

  /** STATS: Redis's fields, in its order, from the figures INFO memory reports. */
  private static void stats(Invocation call) {
    long dataset = call.engine().usedMemory();
    long startup = InfoReport.STARTUP_MEMORY;
    long total = startup + dataset;
    long keys = call.engine().keyCount();
    int populated = 0;
    for (int i = 0; i < call.engine().databaseCount(); i++) {
      if (call.engine().database(i).size() > 0) {
        populated++;
      }
    }
    var reply = call.reply();
    reply.mapHeader(27 + populated);
    reply.bulk("peak.allocated");
    reply.integer(total);
    reply.bulk("total.allocated");
    reply.integer(total);
    reply.bulk("startup.allocated");
    reply.integer(startup);
    for (String zero :
        new String[] {
          "replication.backlog",
          "clients.slaves",
          "clients.normal",
          "cluster.links",
          "aof.buffer",
          "lua.caches",
          "functions.caches"
        }) {
      reply.bulk(zero);
      reply.integer(0);
    }
    for (int i = 0; i < call.engine().databaseCount(); i++) {
      Database db = call.engine().database(i);
      if (db.size() == 0) {
        continue;
      }
      reply.bulk("db." + i);
      reply.mapHeader(3);
      reply.bulk("overhead.hashtable.main");
      reply.integer(0);
      reply.bulk("overhead.hashtable.expires");
      reply.integer(0);
      reply.bulk("overhead.hashtable.slot-to-keys");
      reply.integer(0);
    }
    reply.bulk("overhead.total");
    reply.integer(startup);
    reply.bulk("keys.count");
    reply.integer(keys);
    reply.bulk("keys.bytes-per-key");
    reply.integer(keys == 0 ? 0 : dataset / keys);
    reply.bulk("dataset.bytes");
    reply.integer(dataset);
    reply.bulk("dataset.percentage");
    reply.doubleValue(total == 0 ? 0 : dataset * 100.0 / total);
    reply.bulk("peak.percentage");
    reply.doubleValue(100.0);
    for (String same :
        new String[] {"allocator.allocated", "allocator.active", "allocator.resident"}) {
      reply.bulk(same);
      reply.integer(total);
    }
    for (String neutral :
        new String[] {"allocator-fragmentation", "allocator-rss", "rss-overhead"}) {
      reply.bulk(neutral + ".ratio");
      reply.doubleValue(1.0);
      reply.bulk(neutral + ".bytes");
      reply.integer(0);
    }
    reply.bulk("fragmentation");
    reply.doubleValue(1.0);
    reply.bulk("fragmentation.bytes");
    reply.integer(0);
  }

  private static void doctor(Invocation call) {
    long used = InfoReport.STARTUP_MEMORY + call.engine().usedMemory();
    String text =
        used < DOCTOR_MIN_BYTES
            ? "Hi Sam, this instance is empty or is using very little memory, my issues detector"
                + " can't be used in these conditions. Please, leave for your mission on Earth and"
                + " fill it with some data. The new Sam and I will be back to our programming as"
                + " soon as I finished rebooting.\n"
            : "Hi Sam, I can't find any memory issue in your instance. I can only account for what"
                + " occurs on this base.\n";
    call.reply().verbatim("txt", text.getBytes(StandardCharsets.US_ASCII));
  }

  private static void help(Invocation call) {
    HelpReply.write(
        call,
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).");
  }
}
