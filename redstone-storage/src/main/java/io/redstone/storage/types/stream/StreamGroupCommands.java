package io.redstone.storage.types.stream;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.Argument.unixTime;
import static io.redstone.storage.command.CommandFlag.DENYOOM;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.CommandSpec.command;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.DELETE;
import static io.redstone.storage.command.KeySpec.Flag.INSERT;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.command.KeySpec.Flag.RW;
import static io.redstone.storage.command.KeySpec.Flag.UPDATE;
import static io.redstone.storage.types.stream.StreamCommands.ascii;
import static io.redstone.storage.types.stream.StreamCommands.stream;

import io.redstone.protocol.ReplySink;
import io.redstone.protocol.text.Numbers;
import io.redstone.storage.KeyWrite;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;
import io.redstone.storage.notify.NotifyClass;
import io.redstone.storage.types.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Consumer groups: XGROUP and its subcommands, XACK, XPENDING, XCLAIM and XAUTOCLAIM, as Redis
 * 7.0's {@code t_stream.c} answers them. XCLAIM and XAUTOCLAIM are logged as one XCLAIM per entry
 * they changed (with the delivery time and count, so a reload restores the pending list as it was),
 * as Redis propagates them.
 */
final class StreamGroupCommands {
  private static final byte[] XCLAIM = ascii("XCLAIM");
  private static final byte[] XGROUP = ascii("XGROUP");
  private static final byte[] SETID = ascii("SETID");
  private static final byte[] ENTRIESREAD = ascii("ENTRIESREAD");
  private static final byte[] ZERO = ascii("0");
  private static final byte[] TIME = ascii("TIME");
  private static final byte[] RETRYCOUNT = ascii("RETRYCOUNT");
  private static final byte[] FORCE = ascii("FORCE");
  private static final byte[] JUSTID = ascii("JUSTID");
  private static final byte[] LASTID = ascii("LASTID");

  private static final String[] XGROUP_HELP = {
    "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CREATE <key> <groupname> <id|$> [option]",
    "    Create a new consumer group. Options are:",
    "    * MKSTREAM",
    "      Create the empty stream if it does not exist.",
    "    * ENTRIESREAD entries_read",
    "      Set the group's entries_read counter (internal use).",
    "CREATECONSUMER <key> <groupname> <consumer>",
    "    Create a new consumer in the specified group.",
    "DELCONSUMER <key> <groupname> <consumer>",
    "    Remove the specified consumer.",
    "DESTROY <key> <groupname>",
    "    Remove the specified group.",
    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
    "    Set the current group ID and entries_read counter.",
    "HELP",
    "    Prints this help."
  };

  private StreamGroupCommands() {}

  static void register(CommandTable.Builder table) {
    table.add(
        stream("xgroup", -2)
            .docs("A container for consumer groups commands", "5.0.0", "Depends on subcommand.")
            .subcommand(
                command("create", -5)
                    .flags(WRITE, DENYOOM)
                    .keys(2, 2, 1)
                    .docs("Create a consumer group.", "5.0.0", "O(1)")
                    .history("7.0.0", "Added the `entries_read` named argument.")
                    .keySpecs(KeySpec.index(2).flags(RW, INSERT))
                    .arguments(
                        key("key", 0),
                        string("groupname"),
                        oneOf("id", string("id"), pureToken("new_id", "$")),
                        pureToken("mkstream", "MKSTREAM").optional(),
                        integer("entries_read").token("ENTRIESREAD").optional())
                    .handler(StreamGroupCommands::xgroup))
            .subcommand(
                command("createconsumer", 5)
                    .flags(WRITE, DENYOOM)
                    .keys(2, 2, 1)
                    .docs("Create a consumer in a consumer group.", "6.2.0", "O(1)")
                    .keySpecs(KeySpec.index(2).flags(RW, INSERT))
                    .arguments(key("key", 0), string("groupname"), string("consumername"))
                    .handler(StreamGroupCommands::xgroup))
            .subcommand(
                command("delconsumer", 5)
                    .flags(WRITE)
                    .keys(2, 2, 1)
                    .docs("Delete a consumer from a consumer group.", "5.0.0", "O(1)")
                    .keySpecs(KeySpec.index(2).flags(RW, DELETE))
                    .arguments(key("key", 0), string("groupname"), string("consumername"))
                    .handler(StreamGroupCommands::xgroup))
            .subcommand(
                command("destroy", 4)
                    .flags(WRITE)
                    .keys(2, 2, 1)
                    .docs(
                        "Destroy a consumer group.",
                        "5.0.0",
                        "O(N) where N is the number of entries in the group's pending entries list (PEL).")
                    .keySpecs(KeySpec.index(2).flags(RW, DELETE))
                    .arguments(key("key", 0), string("groupname"))
                    .handler(StreamGroupCommands::xgroup))
            .subcommand(
                command("setid", -5)
                    .flags(WRITE)
                    .keys(2, 2, 1)
                    .docs(
                        "Set a consumer group to an arbitrary last delivered ID value.",
                        "5.0.0",
                        "O(1)")
                    .history("7.0.0", "Added the optional `entries_read` argument.")
                    .keySpecs(KeySpec.index(2).flags(RW, UPDATE))
                    .arguments(
                        key("key", 0),
                        string("groupname"),
                        oneOf("id", string("id"), pureToken("new_id", "$")),
                        integer("entries_read").token("ENTRIESREAD").optional())
                    .handler(StreamGroupCommands::xgroup))
            .subcommand(
                command("help", 2)
                    .flags(LOADING, STALE)
                    .docs("Show helpful text about the different subcommands", "5.0.0", "O(1)")
                    .handler(call -> help(call, XGROUP_HELP))));
    table.add(
        stream("xack", -4)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs(
                "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.",
                "5.0.0",
                "O(1) for each message ID processed.")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(key("key", 0), string("group"), string("id").multiple())
            .handler(StreamGroupCommands::xack));
    table.add(
        stream("xpending", -3)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.",
                "5.0.0",
                "O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.")
            .history("6.2.0", "Added the `IDLE` option and exclusive range intervals.")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                string("group"),
                block(
                        "filters",
                        integer("min-idle-time").token("IDLE").since("6.2.0").optional(),
                        string("start"),
                        string("end"),
                        integer("count"),
                        string("consumer").optional())
                    .optional())
            .handler(StreamGroupCommands::xpending));
    table.add(
        stream("xclaim", -6)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs(
                "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.",
                "5.0.0",
                "O(log N) with N being the number of messages in the PEL of the consumer group.")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(
                key("key", 0),
                string("group"),
                string("consumer"),
                string("min-idle-time"),
                string("id").multiple(),
                integer("ms").token("IDLE").optional(),
                unixTime("unix-time-milliseconds").token("TIME").optional(),
                integer("count").token("RETRYCOUNT").optional(),
                pureToken("force", "FORCE").optional(),
                pureToken("justid", "JUSTID").optional(),
                string("id").token("LASTID").optional())
            .handler(StreamGroupCommands::xclaim));
    table.add(
        stream("xautoclaim", -6)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs(
                "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.",
                "6.2.0",
                "O(1) if COUNT is small.")
            .history(
                "7.0.0",
                "Added an element to the reply array, containing deleted entries the command cleared from the PEL")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(
                key("key", 0),
                string("group"),
                string("consumer"),
                string("min-idle-time"),
                string("start"),
                integer("count").token("COUNT").optional(),
                pureToken("justid", "JUSTID").optional())
            .handler(StreamGroupCommands::xautoclaim));
  }

  static void help(Invocation call, String[] lines) {
    ReplySink reply = call.reply();
    reply.arrayHeader(lines.length);
    for (String line : lines) {
      reply.simpleString(line);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // XGROUP

  private static void xgroup(Invocation call) {
    String sub = call.argString(1).toLowerCase(java.util.Locale.ROOT);
    boolean create = sub.equals("create");
    boolean setId = sub.equals("setid");
    boolean mkStream = false;
    long entriesRead = ConsumerGroup.UNKNOWN_ENTRIES_READ;
    for (int i = 5; i < call.argc(); ) {
      if (create && call.argIs(i, "mkstream")) {
        mkStream = true;
        i++;
      } else if ((create || setId) && call.argIs(i, "entriesread") && i + 1 < call.argc()) {
        entriesRead = call.argLong(i + 1);
        if (entriesRead < 0 && entriesRead != ConsumerGroup.UNKNOWN_ENTRIES_READ) {
          throw new CommandException(StreamErrors.ENTRIES_READ_NEGATIVE);
        }
        i += 2;
      } else {
        throw new CommandException(Errors.subcommandSyntax(call.argString(1), call.argString(0)));
      }
    }
    byte[] key = call.arg(2);
    byte[] groupName = call.arg(3);
    KeyWrite write = call.db().openForWrite(key, ValueType.STREAM, call.now());
    StreamValue stream = write == null ? null : stream(write);
    ConsumerGroup group = stream == null ? null : stream.group(groupName);
    try {
      if (!mkStream) {
        if (stream == null) {
          throw new CommandException(StreamErrors.XGROUP_NEEDS_KEY);
        }
        if (group == null && !create && !sub.equals("destroy")) {
          throw new CommandException(StreamErrors.noGroupForKey(groupName, key));
        }
      }
      int argc = call.argc();
      switch (sub) {
        case "create" -> {
          if (argc > 8) {
            throw new CommandException(Errors.subcommandSyntax(call.argString(1), "xgroup"));
          }
          StreamId id;
          if (isDollar(call.arg(4))) {
            id = stream == null ? StreamId.MIN : stream.lastId();
          } else {
            id = StreamArguments.strictId(call, 4);
          }
          if (stream == null) {
            write = call.db().openOrCreate(key, ValueType.STREAM, StreamValue::new, call.now());
            stream = stream(write);
          }
          if (stream.createGroup(groupName, id, entriesRead) == null) {
            throw new CommandException(StreamErrors.BUSYGROUP);
          }
          // Done before the reply: a stream MKSTREAM created gets its "new" first, as from Redis.
          write.done();
          write = null;
          changed(call);
          call.reply().ok();
          call.notify(NotifyClass.STREAM, "xgroup-create", key);
        }
        case "setid" -> {
          if (argc != 5 && argc != 7) {
            throw new CommandException(Errors.subcommandSyntax(call.argString(1), "xgroup"));
          }
          StreamId id = isDollar(call.arg(4)) ? stream.lastId() : StreamArguments.id(call, 4, 0);
          group.setLastId(id, entriesRead);
          changed(call);
          call.reply().ok();
          call.notify(NotifyClass.STREAM, "xgroup-setid", key);
        }
        case "destroy" -> {
          if (stream.destroyGroup(groupName)) {
            changed(call);
            call.reply().integer(1);
            call.notify(NotifyClass.STREAM, "xgroup-destroy", key);
          } else {
            call.reply().integer(0);
          }
        }
        case "createconsumer" -> {
          boolean created = group.createConsumer(call.arg(4), call.now()) != null;
          if (created) {
            changed(call);
            call.notify(NotifyClass.STREAM, "xgroup-createconsumer", key);
          }
          call.reply().integer(created ? 1 : 0);
        }
        case "delconsumer" -> {
          Consumer consumer = group.consumer(call.arg(4), -1);
          int pending = 0;
          if (consumer != null) {
            pending = group.deleteConsumer(consumer);
            changed(call);
            call.notify(NotifyClass.STREAM, "xgroup-delconsumer", key);
          }
          call.reply().integer(pending);
        }
        default -> throw new CommandException(
            Errors.subcommandSyntax(call.argString(1), call.argString(0)));
      }
    } finally {
      if (write != null) {
        write.done();
      }
    }
  }

  private static void changed(Invocation call) {
    call.dirty(1);
    call.propagateAsIs();
  }

  private static boolean isDollar(byte[] arg) {
    return arg.length == 1 && arg[0] == '$';
  }

  // ---------------------------------------------------------------------------------------------
  // XACK, XPENDING

  /** The stream and group a command names, for writing; NOGROUP (as XCLAIM words it) if absent. */
  private static KeyWrite openGroup(Invocation call) {
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.STREAM, call.now());
    if (write == null || stream(write).group(call.arg(2)) == null) {
      if (write != null) {
        write.done();
      }
      throw new CommandException(StreamErrors.noGroup(call.arg(1), call.arg(2)));
    }
    return write;
  }

  private static void xack(Invocation call) {
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.STREAM, call.now());
    ConsumerGroup group = write == null ? null : stream(write).group(call.arg(2));
    if (group == null) {
      if (write != null) {
        write.done();
      }
      call.reply().integer(0);
      return;
    }
    int acknowledged = 0;
    try {
      StreamId[] ids = new StreamId[call.argc() - 3];
      for (int i = 3; i < call.argc(); i++) {
        ids[i - 3] = StreamArguments.strictId(call, i);
      }
      for (StreamId id : ids) {
        if (group.acknowledge(id)) {
          acknowledged++;
        }
      }
    } finally {
      write.done();
    }
    if (acknowledged > 0) {
      call.dirty(acknowledged);
      call.propagateAsIs();
    }
    call.reply().integer(acknowledged);
  }

  private static void xpending(Invocation call) {
    int argc = call.argc();
    boolean summary = argc == 3;
    if (argc != 3 && (argc < 6 || argc > 9)) {
      throw new CommandException(Errors.SYNTAX);
    }
    StreamId start = null;
    StreamId end = null;
    long count = 0;
    long minIdle = 0;
    byte[] consumerName = null;
    if (argc >= 6) {
      int at = 3;
      if (call.argIs(3, "idle")) {
        minIdle = call.argLong(4);
        if (argc < 8) {
          throw new CommandException(Errors.SYNTAX);
        }
        at += 2;
      }
      count = Math.max(0, call.argLong(at + 2));
      start = StreamArguments.rangeStart(call, at);
      end = StreamArguments.rangeEnd(call, at + 1);
      if (at + 3 < argc) {
        consumerName = call.arg(at + 3);
      }
    }
    StreamValue stream = StreamCommands.read(call, call.arg(1));
    ConsumerGroup group = stream == null ? null : stream.group(call.arg(2));
    if (group == null) {
      throw new CommandException(StreamErrors.noGroup(call.arg(1), call.arg(2)));
    }
    ReplySink reply = call.reply();
    if (summary) {
      reply.arrayHeader(4);
      reply.integer(group.pending.size());
      if (group.pending.isEmpty()) {
        reply.nullBulk();
        reply.nullBulk();
        reply.nullArray();
        return;
      }
      reply.bulk(group.pending.firstKey().toBytes());
      reply.bulk(group.pending.lastKey().toBytes());
      List<Consumer> holding = new ArrayList<>();
      for (Consumer consumer : group.consumers.values()) {
        if (!consumer.pending.isEmpty()) {
          holding.add(consumer);
        }
      }
      reply.arrayHeader(holding.size());
      for (Consumer consumer : holding) {
        reply.arrayHeader(2);
        reply.bulk(consumer.name());
        reply.bulk(Numbers.toBytes(consumer.pending.size()));
      }
      return;
    }
    java.util.NavigableMap<StreamId, PendingEntry> pel = group.pending;
    if (consumerName != null) {
      Consumer consumer = group.consumer(consumerName, -1);
      if (consumer == null) {
        reply.arrayHeader(0);
        return;
      }
      pel = consumer.pending;
    }
    long now = call.now();
    List<Map.Entry<StreamId, PendingEntry>> rows = new ArrayList<>();
    if (start.compareTo(end) <= 0) {
      for (var e :
          ((java.util.NavigableMap<StreamId, PendingEntry>) pel)
              .subMap(start, true, end, true)
              .entrySet()) {
        if (rows.size() >= count) {
          break;
        }
        if (minIdle != 0 && now - e.getValue().deliveryTime < minIdle) {
          continue;
        }
        rows.add(e);
      }
    }
    reply.arrayHeader(rows.size());
    for (var e : rows) {
      PendingEntry entry = e.getValue();
      reply.arrayHeader(4);
      reply.bulk(e.getKey().toBytes());
      reply.bulk(entry.consumer().name());
      reply.integer(Math.max(0, now - entry.deliveryTime));
      reply.integer(entry.deliveryCount);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // XCLAIM, XAUTOCLAIM

  private static void xclaim(Invocation call) {
    KeyWrite write = openGroup(call);
    try {
      claim(call, stream(write));
    } finally {
      write.done();
    }
  }

  private static void claim(Invocation call, StreamValue stream) {
    ConsumerGroup group = stream.group(call.arg(2));
    long minIdle = Math.max(0, call.argLong(4, StreamErrors.XCLAIM_MIN_IDLE));
    List<StreamId> ids = new ArrayList<>();
    int j = 5;
    for (; j < call.argc(); j++) {
      StreamId id = StreamId.parseStrict(call.arg(j));
      if (id == null) {
        break;
      }
      ids.add(id);
    }
    long now = call.now();
    long retryCount = -1;
    long deliveryTime = -1;
    boolean force = false;
    boolean justId = false;
    StreamId lastId = StreamId.MIN;
    for (; j < call.argc(); j++) {
      boolean more = j + 1 < call.argc();
      if (call.argIs(j, "force")) {
        force = true;
      } else if (call.argIs(j, "justid")) {
        justId = true;
      } else if (call.argIs(j, "idle") && more) {
        j++;
        deliveryTime = now - call.argLong(j, StreamErrors.XCLAIM_IDLE);
      } else if (call.argIs(j, "time") && more) {
        j++;
        deliveryTime = call.argLong(j, StreamErrors.XCLAIM_TIME);
      } else if (call.argIs(j, "retrycount") && more) {
        j++;
        retryCount = call.argLong(j, StreamErrors.XCLAIM_RETRYCOUNT);
      } else if (call.argIs(j, "lastid") && more) {
        j++;
        lastId = StreamArguments.strictId(call, j);
      } else {
        throw new CommandException(StreamErrors.unrecognizedXclaimOption(call.arg(j)));
      }
    }
    boolean logLastId = false;
    if (lastId.compareTo(group.lastId) > 0) {
      group.lastId = lastId;
      logLastId = true;
    }
    if (deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now) {
      deliveryTime = now;
    }
    byte[] name = call.arg(3);
    Consumer consumer = null;
    ReplySink reply = call.reply();
    List<StreamId> claimed = new ArrayList<>();
    call.engine().beginEffectGroup();
    try {
      for (StreamId id : ids) {
        PendingEntry entry = group.pending.get(id);
        if (!stream.exists(id)) {
          if (entry != null) {
            logClaim(call, group, id, entry);
            logLastId = false;
            group.acknowledge(id);
            call.dirty(1);
          }
          continue;
        }
        if (entry == null && !force) {
          continue;
        }
        if (entry != null && entry.consumer != null && minIdle != 0) {
          if (now - entry.deliveryTime < minIdle) {
            continue;
          }
        }
        if (consumer == null) {
          consumer = group.consumer(name, now);
          if (consumer == null) {
            consumer = group.createConsumer(name, now);
            call.notify(NotifyClass.STREAM, "xgroup-createconsumer", call.arg(1));
          }
        }
        // A pending entry FORCE creates starts, as Redis's, with one delivery.
        long base = entry == null ? 1 : entry.deliveryCount;
        long count = retryCount >= 0 ? retryCount : base + (justId ? 0 : 1);
        entry = group.assign(id, consumer, deliveryTime, count);
        claimed.add(id);
        logClaim(call, group, id, entry);
        logLastId = false;
        call.dirty(1);
      }
      if (logLastId) {
        logSetId(call, group);
        call.dirty(1);
      }
    } finally {
      call.engine().endEffectGroup();
    }
    reply.arrayHeader(claimed.size());
    for (StreamId id : claimed) {
      writeClaimed(reply, stream, id, justId);
    }
  }

  private static void writeClaimed(
      ReplySink reply, StreamValue stream, StreamId id, boolean justId) {
    if (justId) {
      reply.bulk(id.toBytes());
      return;
    }
    stream.range(
        id,
        id,
        false,
        e -> {
          e.write(reply);
          return false;
        });
  }

  private static void xautoclaim(Invocation call) {
    long minIdle = Math.max(0, call.argLong(4, StreamErrors.XAUTOCLAIM_MIN_IDLE));
    StreamId start = StreamArguments.rangeStart(call, 5);
    long count = 100;
    boolean justId = false;
    for (int j = 6; j < call.argc(); j++) {
      if (call.argIs(j, "count") && j + 1 < call.argc()) {
        long max = Long.MAX_VALUE / 16;
        byte[] raw = call.arg(j + 1);
        if (!Numbers.isLong(raw)) {
          throw new CommandException(StreamErrors.XAUTOCLAIM_COUNT);
        }
        count = Numbers.parseLong(raw);
        if (count < 1 || count > max) {
          throw new CommandException(StreamErrors.XAUTOCLAIM_COUNT);
        }
        j++;
      } else if (call.argIs(j, "justid")) {
        justId = true;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    KeyWrite write = openGroup(call);
    try {
      StreamValue stream = stream(write);
      ConsumerGroup group = stream.group(call.arg(2));
      long now = call.now();
      long attempts = count * 10;
      byte[] name = call.arg(3);
      Consumer consumer = null;
      List<StreamId> claimed = new ArrayList<>();
      List<StreamId> deleted = new ArrayList<>();
      StreamId next = null;
      call.engine().beginEffectGroup();
      try {
        StreamId at = group.pending.ceilingKey(start);
        while (at != null && attempts-- > 0 && count > 0) {
          PendingEntry entry = group.pending.get(at);
          StreamId id = at;
          at = group.pending.higherKey(id);
          if (!stream.exists(id)) {
            logClaim(call, group, id, entry);
            group.acknowledge(id);
            deleted.add(id);
            count--;
            call.dirty(1);
            continue;
          }
          if (minIdle != 0 && now - entry.deliveryTime < minIdle) {
            continue;
          }
          if (consumer == null) {
            consumer = group.consumer(name, now);
            if (consumer == null) {
              consumer = group.createConsumer(name, now);
              call.notify(NotifyClass.STREAM, "xgroup-createconsumer", call.arg(1));
            }
          }
          entry = group.assign(id, consumer, now, entry.deliveryCount + (justId ? 0 : 1));
          claimed.add(id);
          count--;
          logClaim(call, group, id, entry);
          call.dirty(1);
        }
        next = at;
      } finally {
        call.engine().endEffectGroup();
      }
      ReplySink reply = call.reply();
      reply.arrayHeader(3);
      reply.bulk((next == null ? StreamId.MIN : next).toBytes());
      reply.arrayHeader(claimed.size());
      for (StreamId id : claimed) {
        writeClaimed(reply, stream, id, justId);
      }
      reply.arrayHeader(deleted.size());
      for (StreamId id : deleted) {
        reply.bulk(id.toBytes());
      }
    } finally {
      write.done();
    }
  }

  /** Redis's propagated XCLAIM: idempotent, it sets the entry's owner, time and count. */
  private static void logClaim(
      Invocation call, ConsumerGroup group, StreamId id, PendingEntry entry) {
    call.propagate(
        XCLAIM,
        call.arg(1),
        call.arg(2),
        entry.consumer().name(),
        ZERO,
        id.toBytes(),
        TIME,
        Numbers.toBytes(entry.deliveryTime()),
        RETRYCOUNT,
        Numbers.toBytes(entry.deliveryCount()),
        FORCE,
        JUSTID,
        LASTID,
        group.lastId().toBytes());
  }

  private static void logSetId(Invocation call, ConsumerGroup group) {
    call.propagate(
        XGROUP,
        SETID,
        call.arg(1),
        call.arg(2),
        group.lastId().toBytes(),
        ENTRIESREAD,
        Numbers.toBytes(group.entriesRead()));
  }
}
