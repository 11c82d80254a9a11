package io.redstone.storage.types.stream;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.BLOCKING;
import static io.redstone.storage.command.CommandFlag.MOVABLE_KEYS;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.RO;
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
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.notify.NotifyClass;
import io.redstone.storage.types.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * XREAD and XREADGROUP, as Redis 7.0's {@code xreadCommand}: serve at once what the streams have
 * past the given IDs, else (with BLOCK) wait through {@link Invocation#block} with {@code $} made
 * concrete and the count Redis gives a blocked read, else answer a null array. XREADGROUP delivers
 * into the group's pending lists; its effects for the log are the consumer's creation, one XCLAIM
 * per entry delivered (as Redis propagates it, with the delivery time and count) and an XGROUP
 * SETID with the group's new last ID and entries-read counter, so a reload restores the group.
 */
final class StreamReadCommands {
  /**
   * Redis's {@code XREAD_BLOCKED_DEFAULT_COUNT}: a blocked read without COUNT gets at most this.
   */
  private static final long BLOCKED_DEFAULT_COUNT = 1000;

  private static final byte[] XCLAIM = ascii("XCLAIM");
  private static final byte[] XGROUP = ascii("XGROUP");
  private static final byte[] SETID = ascii("SETID");
  private static final byte[] CREATECONSUMER = ascii("CREATECONSUMER");
  private static final byte[] ENTRIESREAD = ascii("ENTRIESREAD");
  private static final byte[] ZERO = ascii("0");
  private static final byte[] TIME = ascii("TIME");
  private static final byte[] RETRYCOUNT = ascii("RETRYCOUNT");
  private static final byte[] FORCE = ascii("FORCE");
  private static final byte[] JUSTID = ascii("JUSTID");
  private static final byte[] LASTID = ascii("LASTID");

  private StreamReadCommands() {}

  static void register(CommandTable.Builder table) {
    table.add(
        stream("xread", -4)
            .flags(READONLY, BLOCKING, MOVABLE_KEYS)
            .docs(
                "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.",
                "5.0.0",
                "For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.")
            .keySpecs(KeySpec.keyword("STREAMS", 1).range(-1, 1, 2).flags(RO, ACCESS))
            .arguments(
                integer("count").token("COUNT").optional(),
                integer("milliseconds").token("BLOCK").optional(),
                block("streams", key("key", 0).multiple(), string("id").multiple())
                    .token("STREAMS"))
            .handler(call -> read(call, false)));
    table.add(
        stream("xreadgroup", -7)
            .flags(WRITE, BLOCKING, MOVABLE_KEYS)
            .docs(
                "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.",
                "5.0.0",
                "For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.")
            .keySpecs(KeySpec.keyword("STREAMS", 4).range(-1, 1, 2).flags(RO, ACCESS))
            .arguments(
                block("group_consumer", string("group"), string("consumer")).token("GROUP"),
                integer("count").token("COUNT").optional(),
                integer("milliseconds").token("BLOCK").optional(),
                pureToken("noack", "NOACK").optional(),
                block("streams", key("key", 0).multiple(), string("id").multiple())
                    .token("STREAMS"))
            .handler(call -> read(call, true)));
  }

  /** What one read asks. */
  private static final class Request {
    long timeoutMillis = -1;
    int timeoutIndex = -1;
    long count;
    int streamsAt;
    int streams;
    boolean noAck;
    byte[] group;
    byte[] consumer;
  }

  private static Request parse(Invocation call, boolean xreadgroup) {
    Request r = new Request();
    for (int i = 1; i < call.argc(); i++) {
      int more = call.argc() - i - 1;
      if (call.argIs(i, "block") && more > 0) {
        if (call.session().scripted()) {
          // Redis refuses BLOCK in a script outright, where other blocking commands just time out.
          throw new CommandException(
              "ERR "
                  + new String(call.arg(0), StandardCharsets.UTF_8)
                  + " command is not allowed with BLOCK option from scripts");
        }
        i++;
        byte[] raw = call.arg(i);
        if (!Numbers.isLong(raw)) {
          throw new CommandException(StreamErrors.TIMEOUT_NOT_INTEGER);
        }
        r.timeoutMillis = Numbers.parseLong(raw);
        if (r.timeoutMillis < 0) {
          throw new CommandException(StreamErrors.TIMEOUT_NEGATIVE);
        }
        r.timeoutIndex = i;
      } else if (call.argIs(i, "count") && more > 0) {
        i++;
        r.count = Math.max(0, call.argLong(i));
      } else if (call.argIs(i, "streams") && more > 0) {
        r.streamsAt = i + 1;
        int rest = call.argc() - r.streamsAt;
        if (rest % 2 != 0) {
          throw new CommandException(StreamErrors.UNBALANCED);
        }
        r.streams = rest / 2;
        break;
      } else if (call.argIs(i, "group") && more >= 2) {
        if (!xreadgroup) {
          throw new CommandException(StreamErrors.GROUP_ONLY_XREADGROUP);
        }
        r.group = call.arg(i + 1);
        r.consumer = call.arg(i + 2);
        i += 2;
      } else if (call.argIs(i, "noack")) {
        if (!xreadgroup) {
          throw new CommandException(StreamErrors.NOACK_ONLY_XREADGROUP);
        }
        r.noAck = true;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if (r.streamsAt == 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (xreadgroup && r.group == null) {
      throw new CommandException(StreamErrors.MISSING_GROUP);
    }
    return r;
  }

  private static void read(Invocation call, boolean xreadgroup) {
    Request r = parse(call, xreadgroup);
    boolean serving = call.servingBlocked();
    StreamValue[] streams = new StreamValue[r.streams];
    ConsumerGroup[] groups = new ConsumerGroup[r.streams];
    StreamId[] after = new StreamId[r.streams];
    for (int i = 0; i < r.streams; i++) {
      byte[] key = call.arg(r.streamsAt + i);
      int idIndex = r.streamsAt + r.streams + i;
      Entry entry = call.db().lookupRead(key, call.now());
      if (entry != null
          && io.redstone.storage.types.Values.type(entry.value()) != ValueType.STREAM) {
        if (serving && !xreadgroup) {
          entry = null;
        } else if (serving) {
          throw new CommandException(StreamErrors.BLOCKED_KEY_GONE);
        } else {
          throw new CommandException(Errors.WRONGTYPE);
        }
      }
      StreamValue stream = entry == null ? null : (StreamValue) entry.value();
      streams[i] = stream;
      if (xreadgroup) {
        ConsumerGroup group = stream == null ? null : stream.group(r.group);
        if (group == null) {
          if (serving) {
            throw new CommandException(
                stream == null ? StreamErrors.BLOCKED_KEY_GONE : StreamErrors.BLOCKED_GROUP_GONE);
          }
          throw new CommandException(StreamErrors.noGroupInXreadgroup(key, r.group));
        }
        groups[i] = group;
      }
      byte[] id = call.arg(idIndex);
      if (id.length == 1 && id[0] == '$') {
        if (xreadgroup) {
          throw new CommandException(StreamErrors.DOLLAR_IN_XREADGROUP);
        }
        after[i] = stream == null ? StreamId.MIN : stream.lastId();
      } else if (id.length == 1 && id[0] == '>') {
        if (!xreadgroup) {
          throw new CommandException(StreamErrors.GREATER_ONLY_XREADGROUP);
        }
        after[i] = StreamId.MAX;
      } else {
        after[i] = StreamArguments.strictId(id);
      }
    }
    // Which streams can be served now, and from where.
    boolean[] history = new boolean[r.streams];
    int served = 0;
    for (int i = 0; i < r.streams; i++) {
      StreamValue stream = streams[i];
      if (stream == null) {
        continue;
      }
      boolean serve = false;
      if (xreadgroup) {
        if (!after[i].isMax()) {
          serve = true;
          history[i] = true;
        } else if (stream.length() > 0 && stream.edgeId(false).compareTo(groups[i].lastId()) > 0) {
          serve = true;
          after[i] = groups[i].lastId();
        }
      } else if (stream.length() > 0 && stream.edgeId(false).compareTo(after[i]) > 0) {
        serve = true;
      }
      if (serve) {
        served++;
      } else {
        streams[i] = null;
      }
    }
    if (served > 0) {
      reply(call, r, streams, groups, after, history, served);
      return;
    }
    if (r.timeoutMillis < 0) {
      call.reply().nullArray();
      return;
    }
    long deadline =
        r.timeoutMillis == 0
            ? 0
            : r.timeoutMillis > Long.MAX_VALUE - call.now()
                ? Long.MAX_VALUE
                : call.now() + r.timeoutMillis;
    Set<KeyBytes> keys = new LinkedHashSet<>();
    for (int i = 0; i < r.streams; i++) {
      keys.add(new KeyBytes(call.arg(r.streamsAt + i)));
    }
    byte[][] blockKeys = keys.stream().map(KeyBytes::bytes).toArray(byte[][]::new);
    call.block(blockKeys, deadline, ValueType.STREAM, runAgain(call, r, after, xreadgroup));
  }

  /** A key compared by its bytes, to block once per key named twice. */
  private record KeyBytes(byte[] bytes) {
    @Override
    public boolean equals(Object other) {
      return other instanceof KeyBytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  /**
   * The command the engine runs when a key is written: the same read with {@code $} as the IDs it
   * stood for now, and Redis's count for a blocked read without COUNT.
   */
  private static byte[][] runAgain(
      Invocation call, Request r, StreamId[] after, boolean xreadgroup) {
    List<byte[]> argv = new ArrayList<>();
    argv.add(call.arg(0));
    if (xreadgroup) {
      argv.addAll(List.of(ascii("GROUP"), r.group, r.consumer));
    }
    argv.add(ascii("COUNT"));
    argv.add(Numbers.toBytes(r.count > 0 ? r.count : BLOCKED_DEFAULT_COUNT));
    argv.add(ascii("BLOCK"));
    argv.add(call.arg(r.timeoutIndex));
    if (r.noAck) {
      argv.add(ascii("NOACK"));
    }
    argv.add(ascii("STREAMS"));
    for (int i = 0; i < r.streams; i++) {
      argv.add(call.arg(r.streamsAt + i));
    }
    for (int i = 0; i < r.streams; i++) {
      argv.add(xreadgroup ? ascii(">") : after[i].toBytes());
    }
    return argv.toArray(new byte[0][]);
  }

  private static void reply(
      Invocation call,
      Request r,
      StreamValue[] streams,
      ConsumerGroup[] groups,
      StreamId[] after,
      boolean[] history,
      int served) {
    ReplySink reply = call.reply();
    boolean resp3 = reply.protocol() == 3;
    if (resp3) {
      reply.mapHeader(served);
    } else {
      reply.arrayHeader(served);
    }
    long limit = r.count == 0 ? Long.MAX_VALUE : r.count;
    boolean grouped = groups[0] != null;
    // Redis emits "xgroup-createconsumer" in the middle of this reply; here it follows the reply,
    // so a RESP3 client listening to its own events never reads a push inside the array.
    List<byte[]> consumerCreatedOn = new ArrayList<>(0);
    if (grouped) {
      call.engine().beginEffectGroup();
    }
    try {
      for (int i = 0; i < streams.length; i++) {
        StreamValue stream = streams[i];
        if (stream == null) {
          continue;
        }
        byte[] key = call.arg(r.streamsAt + i);
        if (!resp3) {
          reply.arrayHeader(2);
        }
        reply.bulk(key);
        StreamId start = after[i].next();
        if (!grouped) {
          StreamCommands.writeRange(reply, stream, start, StreamId.MAX, limit, false);
          continue;
        }
        // A group read changes the stream (its group): opened for writing, so a point-in-time
        // walk saves it first and the memory figure follows the pending list.
        KeyWrite write = call.db().openForWrite(key, ValueType.STREAM, call.now());
        try {
          GroupRead read = new GroupRead(call, key, r.group, stream, groups[i]);
          if (read.consumer(r.consumer)) {
            consumerCreatedOn.add(key);
          }
          if (history[i]) {
            read.history(start, limit);
          } else {
            read.deliverNew(start, limit, r.noAck);
          }
        } finally {
          write.done();
        }
        call.dirty(1);
      }
    } finally {
      if (grouped) {
        call.engine().endEffectGroup();
      }
    }
    for (byte[] key : consumerCreatedOn) {
      call.notify(NotifyClass.STREAM, "xgroup-createconsumer", key);
    }
  }

  /** One XREADGROUP on one stream: the reply and the effects. */
  private static final class GroupRead {
    private final Invocation call;
    private final byte[] key;
    private final byte[] groupName;
    private final StreamValue stream;
    private final ConsumerGroup group;
    private Consumer consumer;

    GroupRead(
        Invocation call, byte[] key, byte[] groupName, StreamValue stream, ConsumerGroup group) {
      this.call = call;
      this.key = key;
      this.groupName = groupName;
      this.stream = stream;
      this.group = group;
    }

    /** Finds or creates the consumer; whether it was created. */
    boolean consumer(byte[] name) {
      consumer = group.consumer(name, call.now());
      if (consumer != null) {
        return false;
      }
      consumer = group.createConsumer(name, call.now());
      call.propagate(XGROUP, CREATECONSUMER, key, groupName, name);
      return true;
    }

    /** The consumer's own pending entries from {@code start}; a deleted entry shows as null. */
    void history(StreamId start, long limit) {
      ReplySink reply = call.reply();
      Map<StreamId, PendingEntry> pending = consumer.pending.tailMap(start, true);
      int n = (int) Math.min(limit, pending.size());
      reply.arrayHeader(n);
      int written = 0;
      for (var e : new ArrayList<>(pending.entrySet())) {
        if (written++ == n) {
          break;
        }
        StreamId id = e.getKey();
        boolean[] found = {false};
        stream.range(
            id,
            id,
            false,
            entry -> {
              entry.write(reply);
              found[0] = true;
              return false;
            });
        if (!found[0]) {
          reply.arrayHeader(2);
          reply.bulk(id.toBytes());
          reply.nullArray();
          continue;
        }
        PendingEntry entry = e.getValue();
        entry.deliveryTime = call.now();
        entry.deliveryCount++;
        logClaim(id, entry);
      }
    }

    /** New entries from {@code start}: delivered to the consumer, pending unless NOACK. */
    void deliverNew(StreamId start, long limit, boolean noAck) {
      ReplySink reply = call.reply();
      List<StreamEntry> entries = stream.collect(start, StreamId.MAX, false, limit);
      reply.arrayHeader(entries.size());
      StreamId lastBefore = group.lastId();
      for (StreamEntry e : entries) {
        StreamId id = e.id();
        if (id.compareTo(group.lastId()) > 0) {
          stream.deliveredTo(group, id);
        }
        e.write(reply);
        if (!noAck) {
          PendingEntry entry = group.assign(id, consumer, call.now(), 1);
          logClaim(id, entry);
        }
      }
      if (!group.lastId().equals(lastBefore)) {
        call.propagate(
            XGROUP,
            SETID,
            key,
            groupName,
            group.lastId().toBytes(),
            ENTRIESREAD,
            Numbers.toBytes(group.entriesRead()));
      }
    }

    private void logClaim(StreamId id, PendingEntry entry) {
      call.propagate(
          XCLAIM,
          key,
          groupName,
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
  }
}
