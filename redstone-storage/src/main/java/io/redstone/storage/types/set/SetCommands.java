package io.redstone.storage.types.set;

import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.pattern;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.DENYOOM;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.MOVABLE_KEYS;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.CommandSpec.command;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.DELETE;
import static io.redstone.storage.command.KeySpec.Flag.INSERT;
import static io.redstone.storage.command.KeySpec.Flag.OW;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.command.KeySpec.Flag.RW;
import static io.redstone.storage.command.KeySpec.Flag.UPDATE;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.Database;
import io.redstone.storage.KeyWrite;
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
import io.redstone.storage.types.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Set commands with Redis 7.0's options, replies, errors and propagated effects.
 *
 * <p>Replies follow the order of the set they are read from, as Redis's do: ascending for an
 * intset, table order for a hash table. SUNION, SDIFF and a whole-set SPOP build their result as a
 * new set first, as Redis does, so a result of few integers comes back sorted. Random commands are
 * logged as what they did: SPOP as SREM of the members it popped (DEL when it took them all).
 */
public final class SetCommands {
  private static final byte[] SREM = ascii("SREM");
  private static final byte[] DEL = ascii("DEL");

  /** SPOP's SREM effects carry at most this many members each, as Redis batches them. */
  private static final int SREM_BATCH = 1024;

  /** Redis's strategy switch for SRANDMEMBER with a positive count. */
  private static final int SRANDMEMBER_SUB_STRATEGY_MUL = 3;

  private SetCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        setCommand("sadd", -3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs(
                "Add one or more members to a set",
                "1.0.0",
                "O(1) for each element added, so O(N) to add N elements when the command is called"
                    + " with multiple arguments.")
            .history("2.4.0", "Accepts multiple `member` arguments.")
            .keySpecs(KeySpec.index(1).flags(RW, INSERT))
            .arguments(key("key", 0), string("member").multiple())
            .handler(SetCommands::sadd));
    table.add(
        setCommand("srem", -3)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs(
                "Remove one or more members from a set",
                "1.0.0",
                "O(N) where N is the number of members to be removed.")
            .history("2.4.0", "Accepts multiple `member` arguments.")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(key("key", 0), string("member").multiple())
            .handler(SetCommands::srem));
    table.add(
        setCommand("scard", 2)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Get the number of members in a set", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO))
            .arguments(key("key", 0))
            .handler(SetCommands::scard));
    table.add(
        setCommand("sismember", 3)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Determine if a given value is a member of a set", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO))
            .arguments(key("key", 0), string("member"))
            .handler(SetCommands::sismember));
    table.add(
        setCommand("smismember", -3)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs(
                "Returns the membership associated with the given elements for a set",
                "6.2.0",
                "O(N) where N is the number of elements being checked for membership")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("member").multiple())
            .handler(SetCommands::smismember));
    table.add(
        setCommand("smembers", 2)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs("Get all the members in a set", "1.0.0", "O(N) where N is the set cardinality.")
            .tips("nondeterministic_output_order")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0))
            .handler(call -> sinter(call, 1, null)));
    table.add(
        setCommand("spop", -2)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs(
                "Remove and return one or multiple random members from a set",
                "1.0.0",
                "Without the count argument O(1), otherwise O(N) where N is the value of the"
                    + " passed count.")
            .history("3.2.0", "Added the `count` argument.")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, DELETE))
            .arguments(key("key", 0), integer("count").since("3.2.0").optional())
            .handler(SetCommands::spop));
    table.add(
        setCommand("srandmember", -2)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Get one or multiple random members from a set",
                "1.0.0",
                "Without the count argument O(1), otherwise O(N) where N is the absolute value of"
                    + " the passed count.")
            .history("2.6.0", "Added the optional `count` argument.")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), integer("count").since("2.6.0").optional())
            .handler(SetCommands::srandmember));
    table.add(
        setCommand("smove", 4)
            .flags(WRITE, FAST)
            .keys(1, 2, 1)
            .docs("Move a member from one set to another", "1.0.0", "O(1)")
            .keySpecs(
                KeySpec.index(1).flags(RW, ACCESS, DELETE), KeySpec.index(2).flags(RW, INSERT))
            .arguments(key("source", 0), key("destination", 1), string("member"))
            .handler(SetCommands::smove));
    String interComplexity =
        "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of"
            + " sets.";
    String unionComplexity = "O(N) where N is the total number of elements in all given sets.";
    table.add(
        setCommand("sinter", -2)
            .flags(READONLY)
            .keys(1, -1, 1)
            .docs("Intersect multiple sets", "1.0.0", interComplexity)
            .tips("nondeterministic_output_order")
            .keySpecs(KeySpec.index(1).range(-1, 1, 0).flags(RO, ACCESS))
            .arguments(key("key", 0).multiple())
            .handler(call -> sinter(call, 1, null)));
    table.add(
        setCommand("sintercard", -3)
            .flags(READONLY, MOVABLE_KEYS)
            .docs(
                "Intersect multiple sets and return the cardinality of the result",
                "7.0.0",
                interComplexity)
            .keySpecs(KeySpec.index(1).keyNum(0, 1, 1).flags(RO, ACCESS))
            .arguments(
                integer("numkeys"),
                key("key", 0).multiple(),
                integer("limit").token("LIMIT").optional())
            .handler(SetCommands::sintercard));
    table.add(
        setCommand("sinterstore", -3)
            .flags(WRITE, DENYOOM)
            .keys(1, -1, 1)
            .docs(
                "Intersect multiple sets and store the resulting set in a key",
                "1.0.0",
                interComplexity)
            .keySpecs(
                KeySpec.index(1).flags(RW, UPDATE),
                KeySpec.index(2).range(-1, 1, 0).flags(RO, ACCESS))
            .arguments(key("destination", 0), key("key", 1).multiple())
            .handler(call -> sinter(call, 2, call.arg(1))));
    table.add(
        setCommand("sunion", -2)
            .flags(READONLY)
            .keys(1, -1, 1)
            .docs("Add multiple sets", "1.0.0", unionComplexity)
            .tips("nondeterministic_output_order")
            .keySpecs(KeySpec.index(1).range(-1, 1, 0).flags(RO, ACCESS))
            .arguments(key("key", 0).multiple())
            .handler(call -> unionOrDiff(call, 1, null, false)));
    table.add(
        setCommand("sunionstore", -3)
            .flags(WRITE, DENYOOM)
            .keys(1, -1, 1)
            .docs(
                "Add multiple sets and store the resulting set in a key", "1.0.0", unionComplexity)
            .keySpecs(
                KeySpec.index(1).flags(OW, UPDATE),
                KeySpec.index(2).range(-1, 1, 0).flags(RO, ACCESS))
            .arguments(key("destination", 0), key("key", 1).multiple())
            .handler(call -> unionOrDiff(call, 2, call.arg(1), false)));
    table.add(
        setCommand("sdiff", -2)
            .flags(READONLY)
            .keys(1, -1, 1)
            .docs("Subtract multiple sets", "1.0.0", unionComplexity)
            .tips("nondeterministic_output_order")
            .keySpecs(KeySpec.index(1).range(-1, 1, 0).flags(RO, ACCESS))
            .arguments(key("key", 0).multiple())
            .handler(call -> unionOrDiff(call, 1, null, true)));
    table.add(
        setCommand("sdiffstore", -3)
            .flags(WRITE, DENYOOM)
            .keys(1, -1, 1)
            .docs(
                "Subtract multiple sets and store the resulting set in a key",
                "1.0.0",
                unionComplexity)
            .keySpecs(
                KeySpec.index(1).flags(OW, UPDATE),
                KeySpec.index(2).range(-1, 1, 0).flags(RO, ACCESS))
            .arguments(key("destination", 0), key("key", 1).multiple())
            .handler(call -> unionOrDiff(call, 2, call.arg(1), true)));
    table.add(
        setCommand("sscan", -3)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Incrementally iterate Set elements",
                "2.8.0",
                "O(1) for every call. O(N) for a complete iteration, including enough command"
                    + " calls for the cursor to return back to 0. N is the number of elements"
                    + " inside the collection..")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                integer("cursor"),
                pattern("pattern").token("MATCH").optional(),
                integer("count").token("COUNT").optional())
            .handler(SetCommands::sscan));
  }

  private static CommandSpec.Builder setCommand(String name, int arity) {
    return command(name, arity).group(CommandGroup.SET);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading and writing a set

  /** {@code set-max-intset-entries}, with Redis's cap. */
  private static long maxIntsetEntries(Invocation call) {
    return call.engine().encodingLimits().setMaxIntsetEntries();
  }

  /** The set under the key for reading (counted as a hit or miss); null if absent; WRONGTYPE. */
  private static SetValue readSet(Invocation call, byte[] key) {
    Entry entry = call.db().lookupRead(key, call.now());
    if (entry == null) {
      return null;
    }
    Database.checkType(entry, ValueType.SET);
    return (SetValue) entry.value();
  }

  /** Adds to an open set, putting a converted set in its place; returns whether it was added. */
  private static boolean addTo(KeyWrite write, byte[] member, long maxIntsetEntries) {
    SetValue set = (SetValue) write.value();
    int before = set.size();
    SetValue after = set.add(member, maxIntsetEntries);
    if (after != set) {
      write.replace(after);
    }
    return after.size() > before;
  }

  private static void replyMembers(ReplySink reply, SetValue set) {
    reply.setHeader(set.size());
    set.forEach(reply::bulk);
  }

  // ---------------------------------------------------------------------------------------------
  // Single-set commands

  private static void sadd(Invocation call) {
    long max = maxIntsetEntries(call);
    KeyWrite write =
        call.db()
            .openOrCreate(
                call.arg(1), ValueType.SET, () -> SetValue.createFor(call.arg(2)), call.now());
    int added = 0;
    for (int i = 2; i < call.argc(); i++) {
      if (addTo(write, call.arg(i), max)) {
        added++;
      }
    }
    write.done(added > 0);
    if (added > 0) {
      call.notify(NotifyClass.SET, "sadd", call.arg(1));
      call.propagateAsIs();
      call.dirty(added);
    }
    call.reply().integer(added);
  }

  private static void srem(Invocation call) {
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.SET, call.now());
    if (write == null) {
      call.reply().integer(0);
      return;
    }
    SetValue set = (SetValue) write.value();
    int removed = 0;
    for (int i = 2; i < call.argc() && set.size() > 0; i++) {
      if (set.remove(call.arg(i))) {
        removed++;
      }
    }
    boolean deleted = write.done(removed > 0);
    if (removed > 0) {
      call.notifyChange(NotifyClass.SET, "srem", call.arg(1), deleted);
      call.propagateAsIs();
      call.dirty(removed);
    }
    call.reply().integer(removed);
  }

  private static void scard(Invocation call) {
    SetValue set = readSet(call, call.arg(1));
    call.reply().integer(set == null ? 0 : set.size());
  }

  private static void sismember(Invocation call) {
    SetValue set = readSet(call, call.arg(1));
    call.reply().integer(set != null && set.contains(call.arg(2)) ? 1 : 0);
  }

  private static void smismember(Invocation call) {
    SetValue set = readSet(call, call.arg(1));
    ReplySink reply = call.reply();
    reply.arrayHeader(call.argc() - 2);
    for (int i = 2; i < call.argc(); i++) {
      reply.integer(set != null && set.contains(call.arg(i)) ? 1 : 0);
    }
  }

  private static void smove(Invocation call) {
    byte[] source = call.arg(1);
    byte[] destination = call.arg(2);
    byte[] member = call.arg(3);
    Database db = call.db();
    Entry from = db.lookupWrite(source, call.now());
    Entry to = db.lookupWrite(destination, call.now());
    if (from == null) {
      call.reply().integer(0);
      return;
    }
    Database.checkType(from, ValueType.SET);
    if (to != null) {
      Database.checkType(to, ValueType.SET);
    }
    if (from == to) {
      call.reply().integer(((SetValue) from.value()).contains(member) ? 1 : 0);
      return;
    }
    KeyWrite removeFrom = db.openForWrite(source, ValueType.SET, call.now());
    boolean removed = ((SetValue) removeFrom.value()).remove(member);
    boolean deleted = removeFrom.done(removed);
    if (!removed) {
      call.reply().integer(0);
      return;
    }
    call.notifyChange(NotifyClass.SET, "srem", source, deleted);
    KeyWrite addTo =
        db.openOrCreate(destination, ValueType.SET, () -> SetValue.createFor(member), call.now());
    boolean added = addTo(addTo, member, maxIntsetEntries(call));
    addTo.done();
    if (added) {
      call.notify(NotifyClass.SET, "sadd", destination);
    }
    call.propagateAsIs();
    call.dirty(added ? 2 : 1);
    call.reply().integer(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Random members

  private static void spop(Invocation call) {
    if (call.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (call.argc() == 3) {
      spopCount(call);
      return;
    }
    byte[] key = call.arg(1);
    KeyWrite write = call.db().openForWrite(key, ValueType.SET, call.now());
    if (write == null) {
      call.reply().nullBulk();
      return;
    }
    SetValue set = (SetValue) write.value();
    byte[] member = set.random(call.engine().random());
    set.remove(member);
    call.notifyChange(NotifyClass.SET, "spop", key, write.done());
    call.propagate(SREM, key, member);
    call.dirty(1);
    call.reply().bulk(member);
  }

  private static void spopCount(Invocation call) {
    // Redis reads it with getPositiveLongFromObjectOrReply: one message for both failures.
    long count = call.argLong(2, Errors.NOT_POSITIVE);
    if (count < 0) {
      throw new CommandException(Errors.NOT_POSITIVE);
    }
    byte[] key = call.arg(1);
    Database db = call.db();
    Entry entry = db.lookupWrite(key, call.now());
    if (entry == null) {
      call.reply().setHeader(0);
      return;
    }
    Database.checkType(entry, ValueType.SET);
    if (count == 0) {
      call.reply().setHeader(0);
      return;
    }
    SetValue set = (SetValue) entry.value();
    int size = set.size();
    if (count >= size) {
      // The whole set, read as SUNION of the one key would read it, and the key is gone.
      SetValue all = union(List.of(set), maxIntsetEntries(call));
      db.remove(key);
      call.notifyChange(NotifyClass.SET, "spop", key, true);
      call.propagate(DEL, key);
      call.dirty(size);
      replyMembers(call.reply(), all);
      return;
    }
    KeyWrite write = db.openForWrite(key, ValueType.SET, call.now());
    SplittableRandom random = call.engine().random();
    byte[][] popped = new byte[(int) count][];
    for (int i = 0; i < popped.length; i++) {
      popped[i] = set.random(random);
      set.remove(popped[i]);
    }
    write.done();
    call.notify(NotifyClass.SET, "spop", key);
    for (int start = 0; start < popped.length; start += SREM_BATCH) {
      int end = Math.min(popped.length, start + SREM_BATCH);
      byte[][] effect = new byte[2 + end - start][];
      effect[0] = SREM;
      effect[1] = key;
      System.arraycopy(popped, start, effect, 2, end - start);
      call.propagate(effect);
    }
    call.dirty(count);
    ReplySink reply = call.reply();
    reply.setHeader(popped.length);
    for (byte[] member : popped) {
      reply.bulk(member);
    }
  }

  private static void srandmember(Invocation call) {
    if (call.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (call.argc() == 3) {
      srandmemberCount(call);
      return;
    }
    SetValue set = readSet(call, call.arg(1));
    if (set == null) {
      call.reply().nullBulk();
      return;
    }
    call.reply().bulk(set.random(call.engine().random()));
  }

  private static void srandmemberCount(Invocation call) {
    long requested = call.argLong(2);
    if (requested == Long.MIN_VALUE) {
      throw new CommandException(Errors.valueOutOfRange(-Long.MAX_VALUE, Long.MAX_VALUE));
    }
    boolean distinct = requested >= 0;
    long count = Math.abs(requested);
    SetValue set = readSet(call, call.arg(1));
    ReplySink reply = call.reply();
    if (set == null || count == 0) {
      reply.arrayHeader(0);
      return;
    }
    SplittableRandom random = call.engine().random();
    int size = set.size();
    if (!distinct || count == 1) {
      // Every pick from the whole set, repeats allowed. Redis would try any count and fill its
      // memory; one reply of more elements than a bulk string may have bytes is refused.
      if (count > call.engine().config().getLong("proto-max-bulk-len")) {
        throw new CommandException(Errors.replyTooLarge(call.spec().name()));
      }
      reply.arrayHeader((int) count);
      for (long i = 0; i < count; i++) {
        reply.bulk(set.random(random));
      }
      return;
    }
    if (count >= size) {
      reply.arrayHeader(size);
      set.forEach(reply::bulk);
      return;
    }
    byte[][] chosen;
    if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
      // Near the whole set: shuffle the members and keep the first count.
      byte[][] members = set.toArray();
      for (int i = 0; i < count; i++) {
        int j = i + random.nextInt(members.length - i);
        byte[] swap = members[i];
        members[i] = members[j];
        members[j] = swap;
      }
      chosen = Arrays.copyOf(members, (int) count);
    } else {
      // Far from it: draw until count different members came up.
      Set<ByteBuffer> seen = new HashSet<>();
      List<byte[]> picked = new ArrayList<>();
      while (picked.size() < count) {
        byte[] member = set.random(random);
        if (seen.add(ByteBuffer.wrap(member))) {
          picked.add(member);
        }
      }
      chosen = picked.toArray(byte[][]::new);
    }
    reply.arrayHeader(chosen.length);
    for (byte[] member : chosen) {
      reply.bulk(member);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Intersections, unions, differences

  /**
   * The sets under the keys from argv[first] (to argv[last], exclusive), looked up for reading in
   * order; a missing key is null. WRONGTYPE for the first key of another type, whatever keys before
   * it were missing, as Redis 7.0.
   */
  private static SetValue[] readSets(Invocation call, int first, int end) {
    SetValue[] sets = new SetValue[end - first];
    for (int i = first; i < end; i++) {
      sets[i - first] = readSet(call, call.arg(i));
    }
    return sets;
  }

  private static boolean anyMissing(SetValue[] sets) {
    for (SetValue set : sets) {
      if (set == null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The members of the smallest set that all others hold, in that set's order, stopping after
   * {@code limit} (0 for none). Redis sorts the sets by size; the first of the smallest leads.
   */
  private static List<byte[]> intersection(SetValue[] sets, long limit) {
    SetValue[] bySize = sets.clone();
    Arrays.sort(bySize, Comparator.comparingInt(SetValue::size));
    List<byte[]> result = new ArrayList<>();
    SetValue smallest = bySize[0];
    byte[][] candidates = smallest.toArray();
    for (byte[] member : candidates) {
      boolean everywhere = true;
      for (int j = 1; j < bySize.length && everywhere; j++) {
        everywhere = bySize[j] == smallest || bySize[j].contains(member);
      }
      if (everywhere) {
        result.add(member);
        if (limit > 0 && result.size() >= limit) {
          break;
        }
      }
    }
    return result;
  }

  /** SINTER, SMEMBERS and SINTERSTORE (with {@code destination}). */
  private static void sinter(Invocation call, int first, byte[] destination) {
    SetValue[] sets = readSets(call, first, call.argc());
    List<byte[]> members = anyMissing(sets) ? List.of() : intersection(sets, 0);
    if (destination == null) {
      ReplySink reply = call.reply();
      reply.setHeader(members.size());
      members.forEach(reply::bulk);
      return;
    }
    long max = maxIntsetEntries(call);
    SetValue result = SetValue.createEmpty();
    for (byte[] member : members) {
      result = result.add(member, max);
    }
    store(call, destination, result, "sinterstore");
  }

  private static void sintercard(Invocation call) {
    long numkeys = call.argLong(1, Errors.NUMKEYS_NOT_POSITIVE);
    if (numkeys < 1) {
      throw new CommandException(Errors.NUMKEYS_NOT_POSITIVE);
    }
    if (numkeys > call.argc() - 2) {
      throw new CommandException(Errors.NUMKEYS_OVER_ARGS);
    }
    int end = 2 + (int) numkeys;
    long limit = 0;
    for (int i = end; i < call.argc(); i++) {
      if (call.argIs(i, "LIMIT") && i + 1 < call.argc()) {
        limit = call.argLong(++i, Errors.LIMIT_NEGATIVE);
        if (limit < 0) {
          throw new CommandException(Errors.LIMIT_NEGATIVE);
        }
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    SetValue[] sets = readSets(call, 2, end);
    call.reply().integer(anyMissing(sets) ? 0 : intersection(sets, limit).size());
  }

  /** The union of the sets (nulls are empty), built as a new set by Redis's encoding rules. */
  private static SetValue union(List<SetValue> sets, long max) {
    SetValue result = SetValue.createEmpty();
    for (SetValue set : sets) {
      if (set != null) {
        for (byte[] member : set.toArray()) {
          result = result.add(member, max);
        }
      }
    }
    return result;
  }

  /**
   * The first set less the others (nulls are empty), built as a new set. A key named again after
   * the first leaves nothing.
   */
  private static SetValue difference(SetValue[] sets, long max) {
    SetValue result = SetValue.createEmpty();
    SetValue first = sets[0];
    if (first == null) {
      return result;
    }
    for (int j = 1; j < sets.length; j++) {
      if (sets[j] == first) {
        return result;
      }
    }
    for (byte[] member : first.toArray()) {
      boolean elsewhere = false;
      for (int j = 1; j < sets.length && !elsewhere; j++) {
        elsewhere = sets[j] != null && sets[j].contains(member);
      }
      if (!elsewhere) {
        result = result.add(member, max);
      }
    }
    return result;
  }

  /** SUNION, SDIFF and their STORE forms (with {@code destination}). */
  private static void unionOrDiff(Invocation call, int first, byte[] destination, boolean diff) {
    SetValue[] sets = readSets(call, first, call.argc());
    long max = maxIntsetEntries(call);
    SetValue result = diff ? difference(sets, max) : union(Arrays.asList(sets), max);
    if (destination == null) {
      replyMembers(call.reply(), result);
    } else {
      store(call, destination, result, diff ? "sdiffstore" : "sunionstore");
    }
  }

  /**
   * The STORE commands' end, as Redis's {@code setKey}: a non-empty result replaces whatever the
   * destination held, of any type, and its TTL; an empty one deletes the destination. Logged as the
   * command itself when it changed anything (it is deterministic). Emits {@code event} for a stored
   * result, {@code del} for a deleted destination.
   */
  private static void store(Invocation call, byte[] destination, SetValue result, String event) {
    Database db = call.db();
    int size = result.size();
    if (size > 0) {
      db.put(destination, result, false, call.now());
      call.notify(NotifyClass.SET, event, destination);
    } else if (db.delete(destination, call.now())) {
      call.notify(NotifyClass.GENERIC, "del", destination);
    } else {
      call.reply().integer(0);
      return;
    }
    call.propagateAsIs();
    call.dirty(1);
    call.reply().integer(size);
  }

  // ---------------------------------------------------------------------------------------------
  // SSCAN

  private static void sscan(Invocation call) {
    long cursor = ScanArguments.parseCursor(call.arg(2));
    SetValue set = readSet(call, call.arg(1));
    ReplySink reply = call.reply();
    if (set == null) {
      reply.arrayHeader(2);
      reply.bulk("0");
      reply.arrayHeader(0);
      return;
    }
    ScanArguments options = ScanArguments.parse(call, 3, false);
    List<byte[]> found = new ArrayList<>();
    long next =
        set.scan(
            cursor,
            options.count(),
            member -> {
              if (options.matches(member)) {
                found.add(member);
              }
            });
    reply.arrayHeader(2);
    reply.bulk(Long.toUnsignedString(next));
    reply.arrayHeader(found.size());
    found.forEach(reply::bulk);
  }
}
