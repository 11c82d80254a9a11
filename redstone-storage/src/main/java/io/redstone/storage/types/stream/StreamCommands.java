package io.redstone.storage.types.stream;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.DENYOOM;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.CommandSpec.command;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.DELETE;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.command.KeySpec.Flag.RW;
import static io.redstone.storage.command.KeySpec.Flag.UPDATE;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.KeyWrite;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.notify.NotifyClass;
import io.redstone.storage.types.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream commands that add, read and remove entries (XADD, XLEN, XRANGE, XREVRANGE, XDEL,
 * XTRIM, XSETID), with Redis 7.0's options, replies, errors and order of checks; and the
 * registration of the whole family ({@link StreamReadCommands}, {@link StreamGroupCommands}, {@link
 * StreamInfoCommands} hold the rest). XADD with a generated ID is logged with the ID it generated,
 * and an approximate trim as the exact trim it did.
 */
public final class StreamCommands {
  private static final byte[] XADD = ascii("XADD");
  private static final byte[] XTRIM = ascii("XTRIM");
  private static final byte[] NOMKSTREAM = ascii("NOMKSTREAM");

  private StreamCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        stream("xadd", -5)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs(
                "Appends a new entry to a stream",
                "5.0.0",
                "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.")
            .history(
                "6.2.0",
                "Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option.")
            .history("7.0.0", "Added support for the `<ms>-*` explicit ID form.")
            .tips("nondeterministic_output")
            .keySpecs(
                KeySpec.index(1)
                    .notes("UPDATE instead of INSERT because of the optional trimming feature")
                    .flags(RW, UPDATE))
            .arguments(
                key("key", 0),
                pureToken("nomkstream", "NOMKSTREAM").since("6.2.0").optional(),
                trimArgument().optional(),
                oneOf("id_or_auto", pureToken("auto_id", "*"), string("id")),
                block("field_value", string("field"), string("value")).multiple())
            .handler(StreamCommands::xadd));
    table.add(
        stream("xlen", 2)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Return the number of entries in a stream", "5.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO))
            .arguments(key("key", 0))
            .handler(StreamCommands::xlen));
    table.add(
        stream("xrange", -4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Return a range of elements in a stream, with IDs matching the specified IDs interval",
                "5.0.0",
                "O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).")
            .history("6.2.0", "Added exclusive ranges.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                string("start"),
                string("end"),
                integer("count").token("COUNT").optional())
            .handler(call -> range(call, false)));
    table.add(
        stream("xrevrange", -4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE",
                "5.0.0",
                "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).")
            .history("6.2.0", "Added exclusive ranges.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                string("end"),
                string("start"),
                integer("count").token("COUNT").optional())
            .handler(call -> range(call, true)));
    table.add(
        stream("xdel", -3)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs(
                "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.",
                "5.0.0",
                "O(1) for each single item to delete in the stream, regardless of the stream size.")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(key("key", 0), string("id").multiple())
            .handler(StreamCommands::xdel));
    table.add(
        stream("xtrim", -4)
            .flags(WRITE)
            .keys(1, 1, 1)
            .docs(
                "Trims the stream to (approximately if '~' is passed) a certain size",
                "5.0.0",
                "O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.")
            .history("6.2.0", "Added the `MINID` trimming strategy and the `LIMIT` option.")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(key("key", 0), trimArgument())
            .handler(StreamCommands::xtrim));
    table.add(
        stream("xsetid", -3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs("An internal command for replicating stream values", "5.0.0", "O(1)")
            .history("7.0.0", "Added the `entries_added` and `max_deleted_entry_id` arguments.")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(
                key("key", 0),
                string("last-id"),
                integer("entries_added").token("ENTRIESADDED").since("7.0.0").optional(),
                string("max_deleted_entry_id").token("MAXDELETEDID").since("7.0.0").optional())
            .handler(StreamCommands::xsetid));
    StreamReadCommands.register(table);
    StreamGroupCommands.register(table);
    StreamInfoCommands.register(table);
  }

  static CommandSpec.Builder stream(String name, int arity) {
    return command(name, arity).group(CommandGroup.STREAM);
  }

  private static io.redstone.storage.command.Argument trimArgument() {
    return block(
        "trim",
        oneOf(
            "strategy", pureToken("maxlen", "MAXLEN"), pureToken("minid", "MINID").since("6.2.0")),
        oneOf("operator", pureToken("equal", "="), pureToken("approximately", "~")).optional(),
        string("threshold"),
        integer("count").token("LIMIT").since("6.2.0").optional());
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups

  /** The stream under {@code key} for reading, or null; WRONGTYPE for another type. */
  static StreamValue read(Invocation call, byte[] key) {
    Entry entry = call.db().lookupRead(key, call.now());
    if (entry == null) {
      return null;
    }
    io.redstone.storage.Database.checkType(entry, ValueType.STREAM);
    return (StreamValue) entry.value();
  }

  static StreamValue stream(KeyWrite write) {
    return (StreamValue) write.value();
  }

  static long nodeMaxEntries(Invocation call) {
    return call.engine().config().getLong("stream-node-max-entries");
  }

  // ---------------------------------------------------------------------------------------------
  // Handlers

  private static void xadd(Invocation call) {
    long maxEntries = nodeMaxEntries(call);
    TrimArguments args = TrimArguments.parse(call, true, maxEntries);
    int fieldsAt = args.idIndex + 1;
    int fieldArgs = call.argc() - fieldsAt;
    if (fieldArgs < 2 || fieldArgs % 2 == 1) {
      throw new CommandException(Errors.wrongArity("xadd"));
    }
    if (args.id != null && args.seqGiven && args.id.isZero()) {
      throw new CommandException(StreamErrors.XADD_ZERO_ID);
    }
    byte[] key = call.arg(1);
    KeyWrite write =
        args.noMkStream
            ? call.db().openForWrite(key, ValueType.STREAM, call.now())
            : call.db().openOrCreate(key, ValueType.STREAM, StreamValue::new, call.now());
    if (write == null) {
      call.reply().nullBulk();
      return;
    }
    StreamValue stream = stream(write);
    if (stream.lastId().isMax()) {
      write.done();
      throw new CommandException(StreamErrors.EXHAUSTED);
    }
    if (args.id != null
        && !args.seqGiven
        && stream.lastId().ms() == args.id.ms()
        && stream.lastId().seq() == -1L) {
      // Redis 7.0 fails this case without setting errno, and so reports it as too large.
      write.done();
      throw new CommandException(StreamErrors.TOO_LARGE);
    }
    StreamId id = stream.nextId(args.id, args.seqGiven, call.now());
    if (id == null) {
      write.done();
      throw new CommandException(StreamErrors.XADD_ID_TOO_SMALL);
    }
    long bytes = 0;
    for (int i = fieldsAt; i < call.argc(); i++) {
      bytes += call.arg(i).length;
    }
    if (bytes > StreamValue.MAX_BLOCK_BYTES) {
      write.done();
      throw new CommandException(StreamErrors.TOO_LARGE);
    }
    stream.append(
        id,
        call.argv(),
        fieldsAt,
        call.engine().config().getLong("stream-node-max-bytes"),
        maxEntries);
    byte[] idBytes = id.toBytes();
    long trimmed = args.trim(stream);
    // done() emits "new" for a stream it created: before the reply and "xadd", as Redis's dbAdd.
    write.done();
    call.reply().bulk(idBytes);
    call.notify(NotifyClass.STREAM, "xadd", key);
    if (trimmed > 0) {
      call.notify(NotifyClass.STREAM, "xtrim", key);
    }
    call.dirty(1);
    if (args.strategy == TrimArguments.Strategy.NONE) {
      // The command as given, with the ID it generated.
      byte[][] effect = call.argv().clone();
      effect[args.idIndex] = idBytes;
      call.propagate(effect);
      return;
    }
    List<byte[]> effect = new ArrayList<>(call.argc() + 4);
    effect.add(XADD);
    effect.add(key);
    if (args.noMkStream) {
      effect.add(NOMKSTREAM);
    }
    effect.addAll(List.of(args.exactTrim(stream)));
    effect.add(idBytes);
    for (int i = fieldsAt; i < call.argc(); i++) {
      effect.add(call.arg(i));
    }
    call.propagate(effect.toArray(new byte[0][]));
  }

  private static void xlen(Invocation call) {
    StreamValue stream = read(call, call.arg(1));
    call.reply().integer(stream == null ? 0 : stream.length());
  }

  private static void range(Invocation call, boolean rev) {
    StreamId start = StreamArguments.rangeStart(call, rev ? 3 : 2);
    StreamId end = StreamArguments.rangeEnd(call, rev ? 2 : 3);
    long count = -1;
    for (int i = 4; i < call.argc(); i++) {
      if (call.argIs(i, "count") && i + 1 < call.argc()) {
        count = Math.max(0, call.argLong(i + 1));
        i++;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    StreamValue stream = read(call, call.arg(1));
    ReplySink reply = call.reply();
    if (stream == null) {
      reply.arrayHeader(0);
      return;
    }
    if (count == 0) {
      reply.nullArray();
      return;
    }
    writeRange(reply, stream, start, end, count < 0 ? Long.MAX_VALUE : count, rev);
  }

  /** Up to this many entries are collected in one walk; a longer range is walked twice. */
  private static final long COLLECTED = 1024;

  /** Writes up to {@code count} entries of a range as an array. */
  static void writeRange(
      ReplySink reply, StreamValue stream, StreamId start, StreamId end, long count, boolean rev) {
    if (count <= COLLECTED) {
      List<StreamEntry> entries = stream.collect(start, end, rev, count);
      reply.arrayHeader(entries.size());
      for (StreamEntry entry : entries) {
        entry.write(reply);
      }
      return;
    }
    // A long range: count, then write, rather than hold a copy of every entry.
    long[] found = {0};
    stream.range(start, end, rev, e -> ++found[0] < count);
    reply.arrayHeader((int) found[0]);
    long[] written = {0};
    stream.range(
        start,
        end,
        rev,
        e -> {
          e.write(reply);
          return ++written[0] < found[0];
        });
  }

  private static void xdel(Invocation call) {
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.STREAM, call.now());
    if (write == null) {
      call.reply().integer(0);
      return;
    }
    StreamId[] ids = new StreamId[call.argc() - 2];
    try {
      for (int i = 2; i < call.argc(); i++) {
        ids[i - 2] = StreamArguments.strictId(call, i);
      }
    } catch (CommandException e) {
      write.done();
      throw e;
    }
    StreamValue stream = stream(write);
    int deleted = 0;
    boolean firstDeleted = false;
    for (StreamId id : ids) {
      if (stream.delete(id)) {
        firstDeleted |= id.equals(stream.firstId());
        stream.noteDeleted(id);
        deleted++;
      }
    }
    if (deleted > 0 && (stream.length() == 0 || firstDeleted)) {
      stream.refreshFirstId();
    }
    write.done();
    if (deleted > 0) {
      call.notify(NotifyClass.STREAM, "xdel", call.arg(1));
      call.dirty(deleted);
      call.propagateAsIs();
    }
    call.reply().integer(deleted);
  }

  private static void xtrim(Invocation call) {
    TrimArguments args = TrimArguments.parse(call, false, nodeMaxEntries(call));
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.STREAM, call.now());
    if (write == null) {
      call.reply().integer(0);
      return;
    }
    StreamValue stream = stream(write);
    long deleted = args.trim(stream);
    write.done();
    if (deleted > 0) {
      call.notify(NotifyClass.STREAM, "xtrim", call.arg(1));
      call.dirty(deleted);
      byte[][] trim = args.exactTrim(stream);
      call.propagate(XTRIM, call.arg(1), trim[0], trim[1], trim[2]);
    }
    call.reply().integer(deleted);
  }

  private static void xsetid(Invocation call) {
    StreamId id = StreamArguments.strictId(call, 2);
    long entriesAdded = -1;
    StreamId maxDeleted = StreamId.MIN;
    for (int i = 3; i < call.argc(); i += 2) {
      boolean more = i + 1 < call.argc();
      if (call.argIs(i, "entriesadded") && more) {
        entriesAdded = call.argLong(i + 1);
        if (entriesAdded < 0) {
          throw new CommandException(StreamErrors.ENTRIES_ADDED_NEGATIVE);
        }
      } else if (call.argIs(i, "maxdeletedid") && more) {
        maxDeleted = StreamArguments.strictId(call, i + 1);
        if (id.compareTo(maxDeleted) < 0) {
          throw new CommandException(StreamErrors.XSETID_BELOW_MAX_DELETED);
        }
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.STREAM, call.now());
    if (write == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    StreamValue stream = stream(write);
    if (stream.length() > 0) {
      StreamId top = stream.edgeId(false);
      if (id.compareTo(top) < 0) {
        write.done();
        throw new CommandException(StreamErrors.XSETID_BELOW_TOP);
      }
      if (entriesAdded != -1 && stream.length() > entriesAdded) {
        write.done();
        throw new CommandException(StreamErrors.XSETID_ENTRIES_BELOW_LENGTH);
      }
    }
    stream.setId(id, entriesAdded, maxDeleted);
    write.done();
    call.dirty(1);
    call.propagateAsIs();
    call.reply().ok();
    call.notify(NotifyClass.STREAM, "xsetid", call.arg(1));
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
