package io.redstone.storage.types.hash;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.doubleValue;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.pattern;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.DENYOOM;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.DELETE;
import static io.redstone.storage.command.KeySpec.Flag.INSERT;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.command.KeySpec.Flag.RW;
import static io.redstone.storage.command.KeySpec.Flag.UPDATE;

import io.redstone.protocol.ReplySink;
import io.redstone.protocol.text.Numbers;
import io.redstone.storage.Database;
import io.redstone.storage.KeyWrite;
import io.redstone.storage.LongDouble;
import io.redstone.storage.command.Argument;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;
import io.redstone.storage.command.ScanArguments;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.notify.NotifyClass;
import io.redstone.storage.types.EncodingLimits;
import io.redstone.storage.types.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hash commands, with Redis 7's options, replies, errors, encodings and propagated effects (in the
 * manner of {@code t_hash.c}): writes open the key through {@link Database#openOrCreate} or {@link
 * Database#openForWrite} and finish with {@link KeyWrite#done()}; a write that changes nothing
 * streams nothing, and HINCRBYFLOAT streams the HSET of its result.
 */
public final class HashCommands {
  private static final byte[] HSET = "HSET".getBytes(StandardCharsets.US_ASCII);

  /** Redis refuses a WITHVALUES count past this, whose RESP2 reply length would overflow. */
  private static final long MAX_COUNT_WITH_VALUES = Long.MAX_VALUE / 2;

  private HashCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        hashCommand("hset", -4)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs(
                "Set the string value of a hash field",
                "2.0.0",
                "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the"
                    + " command is called with multiple field/value pairs.")
            .history("4.0.0", "Accepts multiple `field` and `value` arguments.")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(key("key", 0), fieldValuePairs())
            .handler(call -> hset(call, false)));
    table.add(
        hashCommand("hsetnx", 4)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs(
                "Set the value of a hash field, only if the field does not exist", "2.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, INSERT))
            .arguments(key("key", 0), string("field"), string("value"))
            .handler(HashCommands::hsetnx));
    table.add(
        hashCommand("hmset", -4)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs(
                "Set multiple hash fields to multiple values",
                "2.0.0",
                "O(N) where N is the number of fields being set.")
            .deprecated("4.0.0", "`HSET` with multiple field-value pairs")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(key("key", 0), fieldValuePairs())
            .handler(call -> hset(call, true)));
    table.add(
        hashCommand("hget", 3)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Get the value of a hash field", "2.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("field"))
            .handler(HashCommands::hget));
    table.add(
        hashCommand("hmget", -3)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs(
                "Get the values of all the given hash fields",
                "2.0.0",
                "O(N) where N is the number of fields being requested.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("field").multiple())
            .handler(HashCommands::hmget));
    table.add(
        hashCommand("hdel", -3)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs(
                "Delete one or more hash fields",
                "2.0.0",
                "O(N) where N is the number of fields to be removed.")
            .history("2.4.0", "Accepts multiple `field` arguments.")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(key("key", 0), string("field").multiple())
            .handler(HashCommands::hdel));
    table.add(
        hashCommand("hlen", 2)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Get the number of fields in a hash", "2.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO))
            .arguments(key("key", 0))
            .handler(HashCommands::hlen));
    table.add(
        hashCommand("hstrlen", 3)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Get the length of the value of a hash field", "3.2.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO))
            .arguments(key("key", 0), string("field"))
            .handler(HashCommands::hstrlen));
    table.add(
        hashCommand("hexists", 3)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Determine if a hash field exists", "2.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO))
            .arguments(key("key", 0), string("field"))
            .handler(HashCommands::hexists));
    table.add(
        wholeHashCommand("hkeys", "Get all the fields in a hash")
            .handler(call -> listAll(call, Part.FIELDS)));
    table.add(
        wholeHashCommand("hvals", "Get all the values in a hash")
            .handler(call -> listAll(call, Part.VALUES)));
    table.add(
        wholeHashCommand("hgetall", "Get all the fields and values in a hash")
            .handler(call -> listAll(call, Part.PAIRS)));
    table.add(
        hashCommand("hincrby", 4)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs(
                "Increment the integer value of a hash field by the given number", "2.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, UPDATE))
            .arguments(key("key", 0), string("field"), integer("increment"))
            .handler(HashCommands::hincrby));
    table.add(
        hashCommand("hincrbyfloat", 4)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs("Increment the float value of a hash field by the given amount", "2.6.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, UPDATE))
            .arguments(key("key", 0), string("field"), doubleValue("increment"))
            .handler(HashCommands::hincrbyfloat));
    table.add(
        hashCommand("hrandfield", -2)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Get one or multiple random fields from a hash",
                "6.2.0",
                "O(N) where N is the number of fields returned")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                block("options", integer("count"), pureToken("withvalues", "WITHVALUES").optional())
                    .optional())
            .handler(HashCommands::hrandfield));
    table.add(
        hashCommand("hscan", -3)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Incrementally iterate hash fields and associated values",
                "2.8.0",
                "O(1) for every call. O(N) for a complete iteration, including enough command calls"
                    + " for the cursor to return back to 0. N is the number of elements inside the"
                    + " collection..")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                integer("cursor"),
                pattern("pattern").token("MATCH").optional(),
                integer("count").token("COUNT").optional())
            .handler(HashCommands::hscan));
  }

  private static CommandSpec.Builder hashCommand(String name, int arity) {
    return CommandSpec.command(name, arity).group(CommandGroup.HASH);
  }

  private static CommandSpec.Builder wholeHashCommand(String name, String summary) {
    return hashCommand(name, 2)
        .flags(READONLY)
        .keys(1, 1, 1)
        .docs(summary, "2.0.0", "O(N) where N is the size of the hash.")
        .tips("nondeterministic_output_order")
        .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
        .arguments(key("key", 0));
  }

  private static Argument fieldValuePairs() {
    return block("field_value", string("field"), string("value")).multiple();
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** The hash under the key for reading; null when absent; WRONGTYPE for another type. */
  private static HashValue readHash(Invocation call) {
    Entry entry = call.db().lookupRead(call.arg(1), call.now());
    if (entry == null) {
      return null;
    }
    Database.checkType(entry, ValueType.HASH);
    return (HashValue) entry.value();
  }

  private static void hget(Invocation call) {
    HashValue hash = readHash(call);
    call.reply().bulk(hash == null ? null : hash.get(call.arg(2)));
  }

  private static void hmget(Invocation call) {
    HashValue hash = readHash(call);
    ReplySink reply = call.reply();
    reply.arrayHeader(call.argc() - 2);
    for (int i = 2; i < call.argc(); i++) {
      byte[] value = hash == null ? null : hash.get(call.arg(i));
      if (value == null) {
        reply.nullBulk();
      } else {
        reply.bulk(value);
      }
    }
  }

  private static void hlen(Invocation call) {
    HashValue hash = readHash(call);
    call.reply().integer(hash == null ? 0 : hash.size());
  }

  private static void hstrlen(Invocation call) {
    HashValue hash = readHash(call);
    call.reply().integer(hash == null ? 0 : Math.max(0, hash.valueLength(call.arg(2))));
  }

  private static void hexists(Invocation call) {
    HashValue hash = readHash(call);
    call.reply().integer(hash != null && hash.contains(call.arg(2)) ? 1 : 0);
  }

  private enum Part {
    FIELDS,
    VALUES,
    PAIRS
  }

  /** HKEYS, HVALS and HGETALL (a map in RESP3); an absent key is the empty array or map. */
  private static void listAll(Invocation call, Part part) {
    HashValue hash = readHash(call);
    ReplySink reply = call.reply();
    int size = hash == null ? 0 : hash.size();
    if (part == Part.PAIRS) {
      reply.mapHeader(size);
    } else {
      reply.arrayHeader(size);
    }
    if (hash == null) {
      return;
    }
    hash.forEach(
        (field, fo, fl, value, vo, vl) -> {
          if (part != Part.VALUES) {
            reply.bulk(field, fo, fl);
          }
          if (part != Part.FIELDS) {
            reply.bulk(value, vo, vl);
          }
        });
  }

  /**
   * HRANDFIELD key [count [WITHVALUES]]. The count is read before the key (an error there wins over
   * WRONGTYPE). A negative count allows repeats and answers exactly |count| fields in random order;
   * a positive one answers distinct fields, the whole hash (in its order) when count reaches its
   * size. In RESP3, WITHVALUES pairs each field with its value in an array of two.
   */
  private static void hrandfield(Invocation call) {
    if (call.argc() == 2) {
      HashValue hash = readHash(call);
      if (hash == null) {
        call.reply().nullBulk();
        return;
      }
      hash.sampler(call.engine().random())
          .visitRandom((field, fo, fl, value, vo, vl) -> call.reply().bulk(field, fo, fl));
      return;
    }
    long count = call.argLong(2);
    if (count < -Long.MAX_VALUE) {
      throw new CommandException(Errors.valueOutOfRange(-Long.MAX_VALUE, Long.MAX_VALUE));
    }
    if (call.argc() > 4 || (call.argc() == 4 && !call.argIs(3, "withvalues"))) {
      throw new CommandException(Errors.SYNTAX);
    }
    boolean withValues = call.argc() == 4;
    if (withValues && (count < -MAX_COUNT_WITH_VALUES || count > MAX_COUNT_WITH_VALUES)) {
      throw new CommandException(Errors.VALUE_OUT_OF_RANGE);
    }
    HashValue hash = readHash(call);
    ReplySink reply = call.reply();
    if (hash == null || count == 0) {
      reply.arrayHeader(0);
      return;
    }
    boolean nested = withValues && reply.protocol() >= 3;
    HashValue.PairVisitor emit =
        (field, fo, fl, value, vo, vl) -> {
          if (nested) {
            reply.arrayHeader(2);
          }
          reply.bulk(field, fo, fl);
          if (withValues) {
            reply.bulk(value, vo, vl);
          }
        };
    HashValue.Sampler sampler = hash.sampler(call.engine().random());
    int size = sampler.size();
    long picks = count < 0 ? -count : Math.min(count, size);
    long elements = withValues && !nested ? picks * 2 : picks;
    if (elements > Integer.MAX_VALUE) {
      // Beyond what one reply can hold; Redis would try, and fill the client's output buffer.
      throw new CommandException(Errors.VALUE_OUT_OF_RANGE);
    }
    reply.arrayHeader((int) elements);
    if (count < 0) {
      for (long i = 0; i < picks; i++) {
        sampler.visitRandom(emit);
      }
    } else if (count >= size) {
      hash.forEach(emit);
    } else {
      sampler.visitDistinct((int) count, emit);
    }
  }

  /**
   * HSCAN key cursor [MATCH pattern] [COUNT count], with Redis's order of checks (cursor, key,
   * options). A packed hash answers whole with cursor 0; a table walks buckets until it holds COUNT
   * pairs or has made ten times as many steps as it may hold elements, as Redis's {@code
   * scanGenericCommand} does for a hash (which counts a field and its value as two).
   */
  private static void hscan(Invocation call) {
    long cursor = ScanArguments.parseCursor(call.arg(2));
    HashValue hash = readHash(call);
    ReplySink reply = call.reply();
    if (hash == null) {
      reply.arrayHeader(2);
      reply.bulk("0");
      reply.arrayHeader(0);
      return;
    }
    ScanArguments options = ScanArguments.parse(call, 3, false);
    List<byte[]> found = new ArrayList<>();
    HashValue.PairVisitor collect =
        (field, fo, fl, value, vo, vl) -> {
          byte[] name = Arrays.copyOfRange(field, fo, fo + fl);
          if (options.matches(name)) {
            found.add(name);
            found.add(Arrays.copyOfRange(value, vo, vo + vl));
          }
        };
    if (hash.isPacked()) {
      cursor = hash.scan(cursor, collect);
    } else {
      long elements = options.count() > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : options.count() * 2;
      long maxSteps = elements > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : elements * 10;
      List<byte[]> visited = new ArrayList<>();
      HashValue.PairVisitor all =
          (field, fo, fl, value, vo, vl) -> {
            visited.add(Arrays.copyOfRange(field, fo, fo + fl));
            visited.add(Arrays.copyOfRange(value, vo, vo + vl));
          };
      do {
        cursor = hash.scan(cursor, all);
      } while (cursor != 0 && maxSteps-- != 0 && visited.size() < elements);
      for (int i = 0; i < visited.size(); i += 2) {
        if (options.matches(visited.get(i))) {
          found.add(visited.get(i));
          found.add(visited.get(i + 1));
        }
      }
    }
    reply.arrayHeader(2);
    reply.bulk(Long.toUnsignedString(cursor));
    reply.arrayHeader(found.size());
    for (byte[] element : found) {
      reply.bulk(element);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  private static HashValue.Limits limits(Invocation call) {
    EncodingLimits limits = call.engine().encodingLimits();
    return new HashValue.Limits(limits.hashMaxListpackEntries(), limits.hashMaxListpackValue());
  }

  private static KeyWrite openOrCreate(Invocation call) {
    return call.db().openOrCreate(call.arg(1), ValueType.HASH, HashValue::new, call.now());
  }

  /** HSET answers how many fields were added; HMSET, OK. Both stream themselves unchanged. */
  private static void hset(Invocation call, boolean hmset) {
    if (call.argc() % 2 == 1) {
      throw new CommandException(Errors.wrongArity(call.spec().fullName()));
    }
    HashValue.Limits limits = limits(call);
    KeyWrite write = openOrCreate(call);
    int added = 0;
    try {
      HashValue hash = (HashValue) write.value();
      for (int i = 2; i < call.argc(); i += 2) {
        if (hash.set(call.arg(i), call.arg(i + 1), limits)) {
          added++;
        }
      }
    } finally {
      write.done();
    }
    call.propagateAsIs();
    call.dirty((call.argc() - 2) / 2);
    if (hmset) {
      call.reply().ok();
    } else {
      call.reply().integer(added);
    }
    // After the reply, as Redis: a RESP3 client listening to its own key reads the reply first.
    call.notify(NotifyClass.HASH, "hset", call.arg(1));
  }

  private static void hsetnx(Invocation call) {
    HashValue.Limits limits = limits(call);
    KeyWrite write = openOrCreate(call);
    boolean added = false;
    try {
      HashValue hash = (HashValue) write.value();
      if (!hash.contains(call.arg(2))) {
        added = hash.set(call.arg(2), call.arg(3), limits);
      }
    } finally {
      write.done(added);
    }
    if (added) {
      call.propagateAsIs();
      call.dirty(1);
    }
    call.reply().integer(added ? 1 : 0);
    if (added) {
      call.notify(NotifyClass.HASH, "hset", call.arg(1));
    }
  }

  /** HDEL; the key goes when its last field does. Streams itself only when it deleted a field. */
  private static void hdel(Invocation call) {
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.HASH, call.now());
    if (write == null) {
      call.reply().integer(0);
      return;
    }
    int deleted = 0;
    boolean keyDeleted;
    try {
      HashValue hash = (HashValue) write.value();
      for (int i = 2; i < call.argc() && hash.size() > 0; i++) {
        if (hash.delete(call.arg(i))) {
          deleted++;
        }
      }
    } finally {
      keyDeleted = write.done(deleted > 0);
    }
    if (deleted > 0) {
      call.notifyChange(NotifyClass.HASH, "hdel", call.arg(1), keyDeleted);
      call.propagateAsIs();
      call.dirty(deleted);
    }
    call.reply().integer(deleted);
  }

  /** HINCRBY: the increment is checked before the key, the field's value after. */
  private static void hincrby(Invocation call) {
    long increment = call.argLong(3);
    HashValue.Limits limits = limits(call);
    byte[] field = call.arg(2);
    KeyWrite write = openOrCreate(call);
    long value;
    try {
      HashValue hash = (HashValue) write.value();
      byte[] current = hash.get(field);
      value = 0;
      if (current != null) {
        if (!Numbers.isLong(current)) {
          throw new CommandException(Errors.HASH_VALUE_NOT_INTEGER);
        }
        value = Numbers.parseLong(current);
      }
      if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
          || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
        throw new CommandException(Errors.OVERFLOW);
      }
      value += increment;
      hash.set(field, Numbers.toBytes(value), limits);
    } finally {
      write.done();
    }
    call.propagateAsIs();
    call.dirty(1);
    call.reply().integer(value);
    call.notify(NotifyClass.HASH, "hincrby", call.arg(1));
  }

  /**
   * HINCRBYFLOAT, in x87 extended precision with Redis's human-friendly formatting; streamed as the
   * HSET of the result, so a replay does not depend on float arithmetic.
   */
  private static void hincrbyfloat(Invocation call) {
    LongDouble increment = LongDouble.parse(call.arg(3));
    if (increment == null) {
      throw new CommandException(Errors.NOT_FLOAT);
    }
    if (!increment.isFinite()) {
      throw new CommandException(Errors.VALUE_NAN_OR_INFINITY);
    }
    HashValue.Limits limits = limits(call);
    byte[] field = call.arg(2);
    KeyWrite write = openOrCreate(call);
    byte[] updated;
    try {
      HashValue hash = (HashValue) write.value();
      byte[] current = hash.get(field);
      LongDouble value = current == null ? LongDouble.ZERO : LongDouble.parse(current);
      if (value == null) {
        throw new CommandException(Errors.HASH_VALUE_NOT_FLOAT);
      }
      LongDouble sum = value.add(increment);
      if (!sum.isFinite()) {
        throw new CommandException(Errors.NAN_OR_INFINITY);
      }
      updated = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
      hash.set(field, updated, limits);
    } finally {
      write.done();
    }
    call.propagate(HSET, call.arg(1), field, updated);
    call.dirty(1);
    call.reply().bulk(updated);
    call.notify(NotifyClass.HASH, "hincrbyfloat", call.arg(1));
  }
}
