package io.redstone.storage.types.list;

import static io.redstone.storage.command.Argument.doubleValue;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.BLOCKING;
import static io.redstone.storage.command.CommandFlag.DENYOOM;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.MOVABLE_KEYS;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.CommandSpec.command;
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
import io.redstone.storage.command.Argument;
import io.redstone.storage.command.BlockingTimeout;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;
import io.redstone.storage.command.MultiPopArguments;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.notify.NotifyClass;
import io.redstone.storage.types.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * List commands, with Redis 7.0's options, replies, errors, order of checks and propagated effects.
 * The blocking ones serve at once when they can and otherwise wait through {@link
 * Invocation#block}, which runs them again when one of their keys is written; once served they are
 * logged as the non-blocking command that did the same (BLPOP as LPOP, BLMOVE as LMOVE).
 */
public final class ListCommands {
  private static final byte[] LPOP = ascii("LPOP");
  private static final byte[] RPOP = ascii("RPOP");
  private static final byte[] LMOVE = ascii("LMOVE");
  private static final byte[] LEFT = ascii("LEFT");
  private static final byte[] RIGHT = ascii("RIGHT");

  private ListCommands() {}

  /** Which end of a list. */
  private enum End {
    HEAD,
    TAIL;

    byte[] popCommand() {
      return this == HEAD ? LPOP : RPOP;
    }

    byte[] word() {
      return this == HEAD ? LEFT : RIGHT;
    }

    /** The keyspace event of a push onto this end. */
    String pushEvent() {
      return this == HEAD ? "lpush" : "rpush";
    }

    /** The keyspace event of a pop from this end. */
    String popEvent() {
      return this == HEAD ? "lpop" : "rpop";
    }
  }

  public static void register(CommandTable.Builder table) {
    for (End end : End.values()) {
      String side = end == End.HEAD ? "l" : "r";
      boolean head = end == End.HEAD;
      table.add(
          list(side + "push", -3)
              .flags(WRITE, DENYOOM, FAST)
              .keys(1, 1, 1)
              .docs(
                  head
                      ? "Prepend one or multiple elements to a list"
                      : "Append one or multiple elements to a list",
                  "1.0.0",
                  "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
              .history("2.4.0", "Accepts multiple `element` arguments.")
              .keySpecs(KeySpec.index(1).flags(RW, INSERT))
              .arguments(key("key", 0), string("element").multiple())
              .handler(call -> push(call, end, false)));
      table.add(
          list(side + "pushx", -3)
              .flags(WRITE, DENYOOM, FAST)
              .keys(1, 1, 1)
              .docs(
                  head
                      ? "Prepend an element to a list, only if the list exists"
                      : "Append an element to a list, only if the list exists",
                  "2.2.0",
                  "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
              .history("4.0.0", "Accepts multiple `element` arguments.")
              .keySpecs(KeySpec.index(1).flags(RW, INSERT))
              .arguments(key("key", 0), string("element").multiple())
              .handler(call -> push(call, end, true)));
      table.add(
          list(side + "pop", -2)
              .flags(WRITE, FAST)
              .keys(1, 1, 1)
              .docs(
                  head
                      ? "Remove and get the first elements in a list"
                      : "Remove and get the last elements in a list",
                  "1.0.0",
                  "O(N) where N is the number of elements returned")
              .history("6.2.0", "Added the `count` argument.")
              .keySpecs(KeySpec.index(1).flags(RW, ACCESS, DELETE))
              .arguments(key("key", 0), integer("count").since("6.2.0").optional())
              .handler(call -> pop(call, end)));
      table.add(
          list("b" + side + "pop", -3)
              .flags(WRITE, NOSCRIPT, BLOCKING)
              .keys(1, -2, 1)
              .docs(
                  head
                      ? "Remove and get the first element in a list, or block until one is available"
                      : "Remove and get the last element in a list, or block until one is available",
                  "2.0.0",
                  "O(N) where N is the number of provided keys.")
              .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
              .keySpecs(KeySpec.index(1).range(-2, 1, 0).flags(RW, ACCESS, DELETE))
              .arguments(key("key", 0).multiple(), doubleValue("timeout"))
              .handler(call -> blockingPop(call, end)));
    }
    table.add(
        list("llen", 2)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Get the length of a list", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO))
            .arguments(key("key", 0))
            .handler(ListCommands::llen));
    table.add(
        list("lrange", 4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Get a range of elements from a list",
                "1.0.0",
                "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), integer("start"), integer("stop"))
            .handler(ListCommands::lrange));
    table.add(
        list("lindex", 3)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Get an element from a list by its index",
                "1.0.0",
                "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), integer("index"))
            .handler(ListCommands::lindex));
    table.add(
        list("lset", 4)
            .flags(WRITE, DENYOOM)
            .keys(1, 1, 1)
            .docs(
                "Set the value of an element in a list by its index",
                "1.0.0",
                "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(key("key", 0), integer("index"), string("element"))
            .handler(ListCommands::lset));
    table.add(
        list("linsert", 5)
            .flags(WRITE, DENYOOM)
            .keys(1, 1, 1)
            .docs(
                "Insert an element before or after another element in a list",
                "2.2.0",
                "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).")
            .keySpecs(KeySpec.index(1).flags(RW, INSERT))
            .arguments(
                key("key", 0),
                oneOf("where", pureToken("before", "BEFORE"), pureToken("after", "AFTER")),
                string("pivot"),
                string("element"))
            .handler(ListCommands::linsert));
    table.add(
        list("lrem", 4)
            .flags(WRITE)
            .keys(1, 1, 1)
            .docs(
                "Remove elements from a list",
                "1.0.0",
                "O(N+M) where N is the length of the list and M is the number of elements removed.")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(key("key", 0), integer("count"), string("element"))
            .handler(ListCommands::lrem));
    table.add(
        list("ltrim", 4)
            .flags(WRITE)
            .keys(1, 1, 1)
            .docs(
                "Trim a list to the specified range",
                "1.0.0",
                "O(N) where N is the number of elements to be removed by the operation.")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(key("key", 0), integer("start"), integer("stop"))
            .handler(ListCommands::ltrim));
    table.add(
        list("lpos", -3)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Return the index of matching elements on a list",
                "6.0.6",
                "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                string("element"),
                integer("rank").token("RANK").optional(),
                integer("num-matches").token("COUNT").optional(),
                integer("len").token("MAXLEN").optional())
            .handler(ListCommands::lpos));
    table.add(
        list("lmove", 5)
            .flags(WRITE, DENYOOM)
            .keys(1, 2, 1)
            .docs(
                "Pop an element from a list, push it to another list and return it",
                "6.2.0",
                "O(1)")
            .keySpecs(
                KeySpec.index(1).flags(RW, ACCESS, DELETE), KeySpec.index(2).flags(RW, INSERT))
            .arguments(key("source", 0), key("destination", 1), ends("wherefrom"), ends("whereto"))
            .handler(call -> move(call, parseEnd(call, 3), parseEnd(call, 4), -1)));
    table.add(
        list("rpoplpush", 3)
            .flags(WRITE, DENYOOM)
            .keys(1, 2, 1)
            .docs(
                "Remove the last element in a list, prepend it to another list and return it",
                "1.2.0",
                "O(1)")
            .deprecated("6.2.0", "`LMOVE` with the `RIGHT` and `LEFT` arguments")
            .keySpecs(
                KeySpec.index(1).flags(RW, ACCESS, DELETE), KeySpec.index(2).flags(RW, INSERT))
            .arguments(key("source", 0), key("destination", 1))
            .handler(call -> move(call, End.TAIL, End.HEAD, -1)));
    table.add(
        list("lmpop", -4)
            .flags(WRITE, MOVABLE_KEYS)
            .keys(0, 0, 0)
            .docs(
                "Pop elements from a list",
                "7.0.0",
                "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
            .keySpecs(KeySpec.index(1).keyNum(0, 1, 1).flags(RW, ACCESS, DELETE))
            .arguments(
                integer("numkeys"),
                key("key", 0).multiple(),
                ends("where"),
                integer("count").token("COUNT").optional())
            .handler(call -> multiPop(call, 1, -1)));
    table.add(
        list("blmove", 6)
            .flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING)
            .keys(1, 2, 1)
            .docs(
                "Pop an element from a list, push it to another list and return it; or block until one is available",
                "6.2.0",
                "O(1)")
            .keySpecs(
                KeySpec.index(1).flags(RW, ACCESS, DELETE), KeySpec.index(2).flags(RW, INSERT))
            .arguments(
                key("source", 0),
                key("destination", 1),
                ends("wherefrom"),
                ends("whereto"),
                doubleValue("timeout"))
            .handler(
                call -> {
                  End from = parseEnd(call, 3);
                  End to = parseEnd(call, 4);
                  move(call, from, to, BlockingTimeout.parse(call, 5));
                }));
    table.add(
        list("brpoplpush", 4)
            .flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING)
            .keys(1, 2, 1)
            .docs(
                "Pop an element from a list, push it to another list and return it; or block until one is available",
                "2.2.0",
                "O(1)")
            .deprecated("6.2.0", "`BLMOVE` with the `RIGHT` and `LEFT` arguments")
            .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
            .keySpecs(
                KeySpec.index(1).flags(RW, ACCESS, DELETE), KeySpec.index(2).flags(RW, INSERT))
            .arguments(key("source", 0), key("destination", 1), doubleValue("timeout"))
            .handler(call -> move(call, End.TAIL, End.HEAD, BlockingTimeout.parse(call, 3))));
    table.add(
        list("blmpop", -5)
            .flags(WRITE, BLOCKING, MOVABLE_KEYS)
            .keys(0, 0, 0)
            .docs(
                "Pop elements from a list, or block until one is available",
                "7.0.0",
                "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
            .keySpecs(KeySpec.index(2).keyNum(0, 1, 1).flags(RW, ACCESS, DELETE))
            .arguments(
                doubleValue("timeout"),
                integer("numkeys"),
                key("key", 0).multiple(),
                ends("where"),
                integer("count").token("COUNT").optional())
            .handler(call -> multiPop(call, 2, 1)));
  }

  private static CommandSpec.Builder list(String name, int arity) {
    return command(name, arity).group(CommandGroup.LIST);
  }

  private static Argument ends(String name) {
    return oneOf(name, pureToken("left", "LEFT"), pureToken("right", "RIGHT"));
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups

  /** The list under {@code key} for reading, or null; WRONGTYPE for another type. */
  private static ListValue read(Invocation call, byte[] key) {
    Entry entry = call.db().lookupRead(key, call.now());
    if (entry == null) {
      return null;
    }
    Database.checkType(entry, ValueType.LIST);
    return (ListValue) entry.value();
  }

  private static ListValue list(KeyWrite write) {
    return (ListValue) write.value();
  }

  // ---------------------------------------------------------------------------------------------
  // Handlers

  private static void push(Invocation call, End end, boolean onlyIfExists) {
    byte[] key = call.arg(1);
    Database db = call.db();
    KeyWrite write =
        onlyIfExists
            ? db.openForWrite(key, ValueType.LIST, call.now())
            : db.openOrCreate(key, ValueType.LIST, ListValue::new, call.now());
    if (write == null) {
      call.reply().integer(0);
      return;
    }
    ListValue list = list(write);
    for (int i = 2; i < call.argc(); i++) {
      pushEnd(list, end, call.arg(i));
    }
    int length = list.size();
    write.done();
    call.dirty(call.argc() - 2);
    call.propagateAsIs();
    call.reply().integer(length);
    // After the reply, as Redis: a RESP3 client listening to its own key reads the reply first.
    call.notify(NotifyClass.LIST, end.pushEvent(), key);
  }

  private static void pop(Invocation call, End end) {
    if (call.argc() > 3) {
      throw new CommandException(Errors.wrongArity(call.spec().fullName()));
    }
    boolean hasCount = call.argc() == 3;
    long count = hasCount ? positiveCount(call, 2) : 1;
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.LIST, call.now());
    if (write == null) {
      if (hasCount) {
        call.reply().nullArray();
      } else {
        call.reply().nullBulk();
      }
      return;
    }
    if (hasCount && count == 0) {
      write.done();
      call.reply().arrayHeader(0);
      return;
    }
    ListValue list = list(write);
    if (!hasCount) {
      byte[] element = popEnd(list, end);
      boolean deleted = write.done();
      call.dirty(1);
      call.propagateAsIs();
      call.reply().bulk(element);
      call.notifyChange(NotifyClass.LIST, end.popEvent(), call.arg(1), deleted);
      return;
    }
    int popped = (int) Math.min(count, list.size());
    call.reply().arrayHeader(popped);
    for (int i = 0; i < popped; i++) {
      call.reply().bulk(popEnd(list, end));
    }
    call.notifyChange(NotifyClass.LIST, end.popEvent(), call.arg(1), write.done());
    call.dirty(popped);
    call.propagateAsIs();
  }

  /** Redis's {@code getPositiveLongFromObjectOrReply}: a non-negative integer. */
  private static long positiveCount(Invocation call, int index) {
    long count = call.argLong(index, Errors.NOT_POSITIVE);
    if (count < 0) {
      throw new CommandException(Errors.NOT_POSITIVE);
    }
    return count;
  }

  private static byte[] popEnd(ListValue list, End end) {
    return end == End.HEAD ? list.removeFirst() : list.removeLast();
  }

  private static void pushEnd(ListValue list, End end, byte[] element) {
    if (end == End.HEAD) {
      list.addFirst(element);
    } else {
      list.addLast(element);
    }
  }

  private static void llen(Invocation call) {
    ListValue list = read(call, call.arg(1));
    call.reply().integer(list == null ? 0 : list.size());
  }

  private static void lrange(Invocation call) {
    long start = call.argLong(2);
    long stop = call.argLong(3);
    ListValue list = read(call, call.arg(1));
    ReplySink reply = call.reply();
    if (list == null) {
      reply.arrayHeader(0);
      return;
    }
    long[] range = range(start, stop, list.size());
    if (range == null) {
      reply.arrayHeader(0);
      return;
    }
    int from = (int) range[0];
    int to = (int) range[1];
    reply.arrayHeader(to - from + 1);
    for (int i = from; i <= to; i++) {
      reply.bulk(list.get(i));
    }
  }

  /**
   * Redis's range rule for LRANGE and LTRIM: negative indexes count from the end, start is clamped
   * to 0 and stop to the last index; null when the range is empty.
   */
  private static long[] range(long start, long stop, int size) {
    if (start < 0) {
      start = size + start;
    }
    if (stop < 0) {
      stop = size + stop;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > stop || start >= size) {
      return null;
    }
    if (stop >= size) {
      stop = size - 1;
    }
    return new long[] {start, stop};
  }

  private static void lindex(Invocation call) {
    ListValue list = read(call, call.arg(1));
    if (list == null) {
      call.reply().nullBulk();
      return;
    }
    long index = call.argLong(2);
    int at = position(index, list.size());
    if (at < 0) {
      call.reply().nullBulk();
    } else {
      call.reply().bulk(list.get(at));
    }
  }

  /** The position of a possibly negative index, or -1 when outside the list. */
  private static int position(long index, int size) {
    long at = index < 0 ? size + index : index;
    return at < 0 || at >= size ? -1 : (int) at;
  }

  private static void lset(Invocation call) {
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.LIST, call.now());
    if (write == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    long index;
    try {
      index = call.argLong(2);
    } catch (CommandException e) {
      write.done(false);
      throw e;
    }
    ListValue list = list(write);
    int at = position(index, list.size());
    if (at < 0) {
      write.done(false);
      throw new CommandException(Errors.INDEX_OUT_OF_RANGE);
    }
    list.set(at, call.arg(3));
    write.done();
    call.dirty(1);
    call.propagateAsIs();
    call.reply().ok();
    call.notify(NotifyClass.LIST, "lset", call.arg(1));
  }

  private static void linsert(Invocation call) {
    boolean after;
    if (call.argIs(2, "after")) {
      after = true;
    } else if (call.argIs(2, "before")) {
      after = false;
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.LIST, call.now());
    if (write == null) {
      call.reply().integer(0);
      return;
    }
    ListValue list = list(write);
    byte[] pivot = call.arg(3);
    int found = -1;
    for (int i = 0; i < list.size(); i++) {
      if (Arrays.equals(list.get(i), pivot)) {
        found = i;
        break;
      }
    }
    if (found < 0) {
      write.done(false);
      call.reply().integer(-1);
      return;
    }
    list.insert(after ? found + 1 : found, call.arg(4));
    int length = list.size();
    write.done();
    call.notify(NotifyClass.LIST, "linsert", call.arg(1));
    call.dirty(1);
    call.propagateAsIs();
    call.reply().integer(length);
  }

  private static void lrem(Invocation call) {
    long count = call.argLong(2);
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.LIST, call.now());
    if (write == null) {
      call.reply().integer(0);
      return;
    }
    ListValue list = list(write);
    byte[] element = call.arg(3);
    int removed;
    if (count >= 0) {
      long limit = count == 0 ? Long.MAX_VALUE : count;
      long[] seen = {0};
      removed =
          list.removeIf((i, e) -> seen[0] < limit && Arrays.equals(e, element) && ++seen[0] > 0);
    } else {
      // From the tail: find the positions first, then remove them in one pass.
      long limit = -count;
      boolean[] doomed = new boolean[list.size()];
      long marked = 0;
      for (int i = list.size() - 1; i >= 0 && marked < limit; i--) {
        if (Arrays.equals(list.get(i), element)) {
          doomed[i] = true;
          marked++;
        }
      }
      removed = list.removeIf((i, e) -> doomed[i]);
    }
    boolean deleted = write.done(removed > 0);
    if (removed > 0) {
      call.notifyChange(NotifyClass.LIST, "lrem", call.arg(1), deleted);
      call.dirty(removed);
      call.propagateAsIs();
    }
    call.reply().integer(removed);
  }

  private static void ltrim(Invocation call) {
    long start = call.argLong(2);
    long stop = call.argLong(3);
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.LIST, call.now());
    if (write == null) {
      call.reply().ok();
      return;
    }
    ListValue list = list(write);
    int before = list.size();
    long[] range = range(start, stop, before);
    if (range == null) {
      list.removeIf((i, e) -> true);
    } else {
      list.trim((int) range[0], (int) range[1]);
    }
    int removed = before - list.size();
    call.notifyChange(NotifyClass.LIST, "ltrim", call.arg(1), write.done());
    call.dirty(removed);
    call.propagateAsIs();
    call.reply().ok();
  }

  private static void lpos(Invocation call) {
    long rank = 1;
    long count = -1;
    long maxLength = 0;
    for (int i = 3; i < call.argc(); i += 2) {
      boolean hasValue = i + 1 < call.argc();
      if (hasValue && call.argIs(i, "rank")) {
        rank = call.argLong(i + 1);
        if (rank == 0) {
          throw new CommandException(Errors.LPOS_RANK_ZERO);
        }
      } else if (hasValue && call.argIs(i, "count")) {
        count = nonNegative(call, i + 1, Errors.LPOS_COUNT_NEGATIVE);
      } else if (hasValue && call.argIs(i, "maxlen")) {
        maxLength = nonNegative(call, i + 1, Errors.LPOS_MAXLEN_NEGATIVE);
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    // Redis 7.0 negates a negative rank to search from the tail; the most negative one stays
    // negative, so every match passes its "matches >= rank" test: the first one from the tail.
    if (rank == Long.MIN_VALUE) {
      rank = -1;
    }
    ListValue list = read(call, call.arg(1));
    ReplySink reply = call.reply();
    if (list == null) {
      if (count >= 0) {
        reply.arrayHeader(0);
      } else {
        reply.nullBulk();
      }
      return;
    }
    byte[] element = call.arg(2);
    int size = list.size();
    boolean fromTail = rank < 0;
    long skip = Math.abs(rank) - 1;
    long wanted = count < 0 ? 1 : count == 0 ? Long.MAX_VALUE : count;
    long limit = maxLength == 0 ? size : Math.min(maxLength, size);
    java.util.List<Integer> matches = new java.util.ArrayList<>();
    for (int step = 0; step < limit && matches.size() < wanted; step++) {
      int i = fromTail ? size - 1 - step : step;
      if (Arrays.equals(list.get(i), element)) {
        if (skip > 0) {
          skip--;
        } else {
          matches.add(i);
        }
      }
    }
    if (count < 0) {
      if (matches.isEmpty()) {
        reply.nullBulk();
      } else {
        reply.integer(matches.get(0));
      }
      return;
    }
    reply.arrayHeader(matches.size());
    for (int match : matches) {
      reply.integer(match);
    }
  }

  /** An option's integer in 0..LONG_MAX, with one error for a non-integer and a negative alike. */
  private static long nonNegative(Invocation call, int index, String error) {
    long value = call.argLong(index, error);
    if (value < 0) {
      throw new CommandException(error);
    }
    return value;
  }

  private static End parseEnd(Invocation call, int index) {
    if (call.argIs(index, "left")) {
      return End.HEAD;
    }
    if (call.argIs(index, "right")) {
      return End.TAIL;
    }
    throw new CommandException(Errors.SYNTAX);
  }

  /**
   * LMOVE, RPOPLPUSH and, with a timeout (-1 for none), BLMOVE and BRPOPLPUSH: pops from the
   * source's {@code from} end and pushes onto the destination's {@code to} end, both checked for
   * type before anything moves.
   */
  private static void move(Invocation call, End from, End to, long timeoutDeadline) {
    byte[] sourceKey = call.arg(1);
    byte[] destinationKey = call.arg(2);
    Database db = call.db();
    Entry source = db.lookupWrite(sourceKey, call.now());
    if (source == null) {
      if (timeoutDeadline >= 0 && !call.blockingDenied()) {
        call.block(new byte[][] {sourceKey}, timeoutDeadline, ValueType.LIST);
      } else {
        call.reply().nullBulk();
      }
      return;
    }
    Database.checkType(source, ValueType.LIST);
    Entry destination = db.peek(destinationKey, call.now());
    if (destination != null) {
      Database.checkType(destination, ValueType.LIST);
    }
    // As Redis: the element is pushed onto the destination (created if absent) before the source
    // is left, or deleted if emptied, which is also the order of the events.
    KeyWrite pop = db.openForWrite(sourceKey, ValueType.LIST, call.now());
    byte[] element = popEnd(list(pop), from);
    boolean deleted;
    if (Arrays.equals(sourceKey, destinationKey)) {
      pushEnd(list(pop), to, element);
      deleted = pop.done();
    } else {
      KeyWrite push = db.openOrCreate(destinationKey, ValueType.LIST, ListValue::new, call.now());
      pushEnd(list(push), to, element);
      push.done();
      deleted = pop.done();
    }
    call.notify(NotifyClass.LIST, to.pushEvent(), destinationKey);
    call.notifyChange(NotifyClass.LIST, from.popEvent(), sourceKey, deleted);
    call.dirty(2);
    if (timeoutDeadline >= 0) {
      call.propagate(LMOVE, sourceKey, destinationKey, from.word(), to.word());
    } else {
      call.propagateAsIs();
    }
    call.reply().bulk(element);
  }

  /** BLPOP and BRPOP: the first non-empty list of the keys, in order, or wait for one. */
  private static void blockingPop(Invocation call, End end) {
    long deadline = BlockingTimeout.parse(call, call.argc() - 1);
    Database db = call.db();
    for (int i = 1; i < call.argc() - 1; i++) {
      byte[] key = call.arg(i);
      KeyWrite write = db.openForWrite(key, ValueType.LIST, call.now());
      if (write == null) {
        continue;
      }
      byte[] element = popEnd(list(write), end);
      boolean deleted = write.done();
      call.dirty(1);
      call.propagate(end.popCommand(), key);
      call.reply().arrayHeader(2);
      call.reply().bulk(key);
      call.reply().bulk(element);
      call.notifyChange(NotifyClass.LIST, end.popEvent(), key, deleted);
      return;
    }
    call.block(Arrays.copyOfRange(call.argv(), 1, call.argc() - 1), deadline, ValueType.LIST);
  }

  /**
   * LMPOP and BLMPOP: {@code numkeys} at argument {@code numKeysIndex}, the keys, LEFT or RIGHT,
   * and an optional COUNT; for BLMPOP the timeout at {@code timeoutIndex} (-1 for LMPOP), read
   * after the rest as Redis reads it.
   */
  private static void multiPop(Invocation call, int numKeysIndex, int timeoutIndex) {
    MultiPopArguments args = MultiPopArguments.parse(call, numKeysIndex, "left", "right");
    End end = args.second() ? End.TAIL : End.HEAD;
    long count = args.count();
    long deadline = timeoutIndex < 0 ? -1 : BlockingTimeout.parse(call, timeoutIndex);
    Database db = call.db();
    for (byte[] key : args.keys()) {
      KeyWrite write = db.openForWrite(key, ValueType.LIST, call.now());
      if (write == null) {
        continue;
      }
      ListValue list = list(write);
      int popped = (int) Math.min(count, list.size());
      ReplySink reply = call.reply();
      reply.arrayHeader(2);
      reply.bulk(key);
      reply.arrayHeader(popped);
      for (int n = 0; n < popped; n++) {
        reply.bulk(popEnd(list, end));
      }
      call.notifyChange(NotifyClass.LIST, end.popEvent(), key, write.done());
      call.dirty(popped);
      call.propagate(end.popCommand(), key, Numbers.toBytes(popped));
      return;
    }
    if (deadline >= 0) {
      call.block(args.keys(), deadline, ValueType.LIST);
    } else {
      call.reply().nullArray();
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
