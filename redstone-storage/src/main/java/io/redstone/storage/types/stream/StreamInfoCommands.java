package io.redstone.storage.types.stream;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.types.stream.StreamCommands.stream;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;

/** XINFO STREAM [FULL [COUNT n]], XINFO GROUPS and XINFO CONSUMERS, in Redis 7.0's fields. */
final class StreamInfoCommands {
  private static final String[] XINFO_HELP = {
    "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CONSUMERS <key> <groupname>",
    "    Show consumers of <groupname>.",
    "GROUPS <key>",
    "    Show the stream consumer groups.",
    "STREAM <key> [FULL [COUNT <count>]",
    "    Show information about the stream.",
    "HELP",
    "    Prints this help."
  };

  private StreamInfoCommands() {}

  static void register(CommandTable.Builder table) {
    table.add(
        stream("xinfo", -2)
            .docs(
                "A container for stream introspection commands", "5.0.0", "Depends on subcommand.")
            .subcommand(
                command("consumers", 4)
                    .flags(READONLY)
                    .keys(2, 2, 1)
                    .docs("List the consumers in a consumer group", "5.0.0", "O(1)")
                    .tips("nondeterministic_output")
                    .keySpecs(KeySpec.index(2).flags(RO, ACCESS))
                    .arguments(key("key", 0), string("groupname"))
                    .handler(StreamInfoCommands::consumers))
            .subcommand(
                command("groups", 3)
                    .flags(READONLY)
                    .keys(2, 2, 1)
                    .docs("List the consumer groups of a stream", "5.0.0", "O(1)")
                    .history("7.0.0", "Added the `entries-read` and `lag` fields")
                    .keySpecs(KeySpec.index(2).flags(RO, ACCESS))
                    .arguments(key("key", 0))
                    .handler(StreamInfoCommands::groups))
            .subcommand(
                command("help", 2)
                    .flags(LOADING, STALE)
                    .docs("Show helpful text about the different subcommands", "5.0.0", "O(1)")
                    .handler(call -> StreamGroupCommands.help(call, XINFO_HELP)))
            .subcommand(
                command("stream", -3)
                    .flags(READONLY)
                    .keys(2, 2, 1)
                    .docs("Get information about a stream", "5.0.0", "O(1)")
                    .history("6.0.0", "Added the `FULL` modifier.")
                    .history(
                        "7.0.0",
                        "Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields")
                    .keySpecs(KeySpec.index(2).flags(RO, ACCESS))
                    .arguments(
                        key("key", 0),
                        block("full", integer("count").token("COUNT").optional())
                            .token("FULL")
                            .optional())
                    .handler(StreamInfoCommands::streamInfo)));
  }

  private static StreamValue existing(Invocation call) {
    StreamValue stream = StreamCommands.read(call, call.arg(2));
    if (stream == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    return stream;
  }

  private static void consumers(Invocation call) {
    StreamValue stream = existing(call);
    ConsumerGroup group = stream.group(call.arg(3));
    if (group == null) {
      throw new CommandException(StreamErrors.noGroupForKey(call.arg(3), call.arg(2)));
    }
    ReplySink reply = call.reply();
    reply.arrayHeader(group.consumers.size());
    for (Consumer consumer : group.consumers.values()) {
      reply.mapHeader(3);
      reply.bulk("name");
      reply.bulk(consumer.name());
      reply.bulk("pending");
      reply.integer(consumer.pending.size());
      reply.bulk("idle");
      reply.integer(Math.max(0, call.now() - consumer.seenTime));
    }
  }

  private static void groups(Invocation call) {
    StreamValue stream = existing(call);
    ReplySink reply = call.reply();
    reply.arrayHeader(stream.groups().size());
    for (var e : stream.groups().entrySet()) {
      ConsumerGroup group = e.getValue();
      reply.mapHeader(6);
      reply.bulk("name");
      reply.bulk(e.getKey());
      reply.bulk("consumers");
      reply.integer(group.consumers.size());
      reply.bulk("pending");
      reply.integer(group.pending.size());
      reply.bulk("last-delivered-id");
      reply.bulk(group.lastId.toBytes());
      writeEntriesReadAndLag(reply, stream, group);
    }
  }

  private static void writeEntriesReadAndLag(
      ReplySink reply, StreamValue stream, ConsumerGroup group) {
    reply.bulk("entries-read");
    if (group.entriesRead == ConsumerGroup.UNKNOWN_ENTRIES_READ) {
      reply.nullBulk();
    } else {
      reply.integer(group.entriesRead);
    }
    reply.bulk("lag");
    Long lag = stream.lag(group);
    if (lag == null) {
      reply.nullBulk();
    } else {
      reply.integer(lag);
    }
  }

  private static void streamInfo(Invocation call) {
    int options = call.argc() - 3;
    boolean full = options > 0;
    long count = 10;
    if (full) {
      if ((options != 1 && options != 3) || !call.argIs(3, "full")) {
        throw new CommandException(Errors.subcommandSyntax(call.argString(1), "xinfo"));
      }
      if (options == 3) {
        if (!call.argIs(4, "count")) {
          throw new CommandException(Errors.subcommandSyntax(call.argString(1), "xinfo"));
        }
        count = call.argLong(5);
        if (count < 0) {
          count = 10;
        }
      }
    }
    StreamValue stream = existing(call);
    ReplySink reply = call.reply();
    reply.mapHeader(full ? 9 : 10);
    reply.bulk("length");
    reply.integer(stream.length());
    reply.bulk("radix-tree-keys");
    reply.integer(stream.blockCount());
    reply.bulk("radix-tree-nodes");
    reply.integer(RadixNodes.count(stream.blockKeys()));
    reply.bulk("last-generated-id");
    reply.bulk(stream.lastId().toBytes());
    reply.bulk("max-deleted-entry-id");
    reply.bulk(stream.maxDeletedId().toBytes());
    reply.bulk("entries-added");
    reply.integer(stream.entriesAdded());
    reply.bulk("recorded-first-entry-id");
    reply.bulk(stream.firstId().toBytes());
    if (!full) {
      reply.bulk("groups");
      reply.integer(stream.groups().size());
      reply.bulk("first-entry");
      writeEdge(reply, stream, false);
      reply.bulk("last-entry");
      writeEdge(reply, stream, true);
      return;
    }
    long limit = count == 0 ? Long.MAX_VALUE : count;
    reply.bulk("entries");
    StreamCommands.writeRange(reply, stream, StreamId.MIN, StreamId.MAX, limit, false);
    reply.bulk("groups");
    reply.arrayHeader(stream.groups().size());
    for (var e : stream.groups().entrySet()) {
      ConsumerGroup group = e.getValue();
      reply.mapHeader(7);
      reply.bulk("name");
      reply.bulk(e.getKey());
      reply.bulk("last-delivered-id");
      reply.bulk(group.lastId.toBytes());
      writeEntriesReadAndLag(reply, stream, group);
      reply.bulk("pel-count");
      reply.integer(group.pending.size());
      reply.bulk("pending");
      int pending = (int) Math.min(limit, group.pending.size());
      reply.arrayHeader(pending);
      int written = 0;
      for (var p : group.pending.entrySet()) {
        if (written++ == pending) {
          break;
        }
        reply.arrayHeader(4);
        reply.bulk(p.getKey().toBytes());
        reply.bulk(p.getValue().consumer().name());
        reply.integer(p.getValue().deliveryTime());
        reply.integer(p.getValue().deliveryCount());
      }
      reply.bulk("consumers");
      reply.arrayHeader(group.consumers.size());
      for (Consumer consumer : group.consumers.values()) {
        reply.mapHeader(4);
        reply.bulk("name");
        reply.bulk(consumer.name());
        reply.bulk("seen-time");
        reply.integer(consumer.seenTime);
        reply.bulk("pel-count");
        reply.integer(consumer.pending.size());
        reply.bulk("pending");
        int own = (int) Math.min(limit, consumer.pending.size());
        reply.arrayHeader(own);
        int n = 0;
        for (var p : consumer.pending.entrySet()) {
          if (n++ == own) {
            break;
          }
          reply.arrayHeader(3);
          reply.bulk(p.getKey().toBytes());
          reply.integer(p.getValue().deliveryTime());
          reply.integer(p.getValue().deliveryCount());
        }
      }
    }
  }

  private static void writeEdge(ReplySink reply, StreamValue stream, boolean last) {
    boolean[] found = {false};
    stream.range(
        StreamId.MIN,
        StreamId.MAX,
        last,
        e -> {
          e.write(reply);
          found[0] = true;
          return false;
        });
    if (!found[0]) {
      reply.nullBulk();
    }
  }
}
