package io.redstone.storage.keys;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.keyPattern;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.CommandFlag.DENYOOM;
import static io.redstone.storage.command.CommandFlag.MOVABLE_KEYS;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.CommandSpec.command;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.OW;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.command.KeySpec.Flag.UPDATE;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.Database;
import io.redstone.storage.Engine;
import io.redstone.storage.Strtod;
import io.redstone.storage.command.Argument;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeyReference;
import io.redstone.storage.command.KeySpec;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.notify.NotifyClass;
import io.redstone.storage.types.Container;
import io.redstone.storage.types.MemberView;
import io.redstone.storage.types.ValueType;
import io.redstone.storage.types.Values;
import io.redstone.storage.types.hash.HashValue;
import io.redstone.storage.types.list.ListValue;
import io.redstone.storage.types.zset.SortedSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * SORT and SORT_RO, with Redis 7.0's options, replies, errors and quirks: the elements of a list,
 * set or sorted set, ordered by their own value or by weights read from other keys ({@code BY
 * weight_*}, {@code BY h_*->field}), numerically or with {@code ALPHA}, cut by {@code LIMIT}, each
 * replaced by values read from other keys ({@code GET}), answered or stored as a list ({@code
 * STORE}).
 *
 * <p>What Redis does and this follows: a BY pattern without {@code *} does not sort (a list or
 * sorted set keeps its order, DESC reverses it, LIMIT takes its range); with STORE, a set is then
 * sorted ALPHA anyway, so the stored result does not depend on the set's order. Numeric weights
 * that tie are ordered by the elements' bytes; ALPHA weights that tie keep the order the sort
 * leaves them in, which is why a limited sort BY a pattern uses Redis's own partial quicksort
 * ({@link PartialQuicksort}) and a full one a stable sort (glibc's {@code qsort} is a merge sort).
 * ALPHA compares as {@code strcoll} does in the C locale, up to a first NUL byte, except that with
 * STORE it compares whole values. Sorting a sorted set converts it to the skip-list encoding, as
 * Redis 7.0 does.
 *
 * <p>A STORE is logged as what it did (the destination deleted, and the list pushed), not as the
 * command: the result depends on keys the patterns read, which may have expired by the time the log
 * is replayed, and on a set's order when ALPHA weights tie.
 */
public final class SortCommand {
  private static final byte[] DEL = ascii("DEL");
  private static final byte[] RPUSH = ascii("RPUSH");

  /** Elements per logged RPUSH of a stored result. */
  private static final int PUSH_BATCH = 1024;

  private static final String COMPLEXITY =
      "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the"
          + " number of returned elements. When the elements are not sorted, complexity is O(N).";
  private static final String PATTERN_KEYS_NOTES =
      "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from"
          + " the content of the key we sort";
  private static final String STORE_KEY_NOTES =
      "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear"
          + " anywhere in the argument array";

  private SortCommand() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        command("sort", -2)
            .flags(WRITE, DENYOOM, MOVABLE_KEYS)
            .keys(1, 1, 1)
            .acl("set", "sortedset", "list", "dangerous")
            .docs("Sort the elements in a list, set or sorted set", "1.0.0", COMPLEXITY)
            .keySpecs(
                KeySpec.index(1).flags(RO, ACCESS),
                KeySpec.unknown().flags(RO, ACCESS).notes(PATTERN_KEYS_NOTES),
                KeySpec.unknown().flags(OW, UPDATE).notes(STORE_KEY_NOTES))
            .keyFinder(SortCommand::sortKeys)
            .arguments(arguments(true))
            .handler(call -> sort(call, false)));
    table.add(
        command("sort_ro", -2)
            .flags(READONLY, MOVABLE_KEYS)
            .keys(1, 1, 1)
            .acl("set", "sortedset", "list", "dangerous")
            .docs(
                "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
                "7.0.0",
                COMPLEXITY)
            .keySpecs(
                KeySpec.index(1).flags(RO, ACCESS),
                KeySpec.unknown().flags(RO, ACCESS).notes(PATTERN_KEYS_NOTES))
            .keyFinder(argv -> List.of(new KeyReference(1, EnumSet.of(RO, ACCESS))))
            .arguments(arguments(false))
            .handler(call -> sort(call, true)));
  }

  private static Argument[] arguments(boolean withStore) {
    List<Argument> args = new ArrayList<>();
    args.add(key("key", 0));
    args.add(keyPattern("pattern", 1).token("BY").optional());
    args.add(block("offset_count", integer("offset"), integer("count")).token("LIMIT").optional());
    args.add(keyPattern("pattern", 1).token("GET").optional().multiple().multipleToken());
    args.add(oneOf("order", pureToken("asc", "ASC"), pureToken("desc", "DESC")).optional());
    args.add(pureToken("sorting", "ALPHA").optional());
    if (withStore) {
      args.add(key("destination", 2).token("STORE").optional());
    }
    return args.toArray(new Argument[0]);
  }

  /**
   * SORT's keys as Redis's {@code sortGetKeys} finds them: the sorted key, and the argument after
   * the last STORE, skipping the arguments of LIMIT, GET and BY. Like Redis's, it does not check
   * the syntax: the command itself does.
   */
  private static List<KeyReference> sortKeys(byte[][] argv) {
    List<KeyReference> keys = new ArrayList<>(2);
    keys.add(new KeyReference(1, EnumSet.of(RO, ACCESS)));
    int store = -1;
    for (int i = 2; i < argv.length; i++) {
      byte[] arg = argv[i];
      if (isWord(arg, "limit")) {
        i += 2;
      } else if (isWord(arg, "get") || isWord(arg, "by")) {
        i += 1;
      } else if (isWord(arg, "store") && i + 1 < argv.length) {
        store = i + 1;
      }
    }
    if (store > 0) {
      keys.add(new KeyReference(store, EnumSet.of(OW, UPDATE)));
    }
    return keys;
  }

  /** {@code strcasecmp} of an argument, read as a C string, with a lower-case word. */
  private static boolean isWord(byte[] arg, String word) {
    int length = cLength(arg);
    return length == word.length()
        && io.redstone.protocol.text.Numbers.equalsIgnoreCase(Arrays.copyOf(arg, length), word);
  }

  // ---------------------------------------------------------------------------------------------
  // The command

  /** What the options asked for. */
  private static final class Options {
    boolean desc;
    boolean alpha;

    /** Whether to sort at all: false for a BY pattern without {@code *}. */
    boolean sort = true;

    byte[] by;
    byte[] store;
    long limitStart;
    long limitCount = -1;
    final List<byte[]> gets = new ArrayList<>();
  }

  /** One element being sorted, with what it sorts by. */
  private static final class Item {
    final byte[] element;

    /** The numeric weight; 0 when the BY key is missing. */
    double score;

    /** The ALPHA weight read through BY, or null (missing, or no BY). */
    byte[] weight;

    Item(byte[] element) {
      this.element = element;
    }
  }

  private static void sort(Invocation call, boolean readOnly) {
    Options o = parse(call, readOnly);
    Database db = call.db();
    long now = call.now();
    Entry entry = db.lookupRead(call.arg(1), now);
    ValueType type = entry == null ? ValueType.LIST : Values.type(entry.value());
    if (type != ValueType.LIST && type != ValueType.SET && type != ValueType.ZSET) {
      throw new CommandException(Errors.WRONGTYPE);
    }
    if (!o.sort && type == ValueType.SET && o.store != null) {
      // The stored result must not depend on the set's own order.
      o.sort = true;
      o.alpha = true;
      o.by = null;
    }
    if (type == ValueType.ZSET) {
      SortedSet zset = (SortedSet) entry.value();
      SortedSet converted = zset.inSkipListEncoding();
      if (converted != zset) {
        db.reencode(entry, converted);
      }
    }
    int size = entry == null ? 0 : ((Container) entry.value()).size();

    long start = Math.min(Math.max(o.limitStart, 0), size);
    long count = Math.min(Math.max(o.limitCount, -1), size);
    long end = count < 0 ? size - 1 : start + count - 1;
    if (start >= size) {
      start = size - 1;
      end = size - 2;
    }
    if (end >= size) {
      end = size - 1;
    }

    Item[] items;
    if (!o.sort && type != ValueType.SET) {
      // The range alone, in the container's order, reversed for DESC.
      int length = (int) (end - start + 1);
      items = new Item[Math.max(length, 0)];
      if (end >= start) {
        loadRange(entry, type, (int) start, items, o.desc);
      }
      if (type == ValueType.ZSET || end >= start) {
        end -= start;
        start = 0;
      }
    } else {
      items = loadAll(entry, type, size);
    }

    boolean unconvertible = false;
    if (o.sort) {
      for (Item item : items) {
        byte[] weight = o.by == null ? item.element : lookupByPattern(db, now, o.by, item.element);
        if (weight == null) {
          continue;
        }
        if (o.alpha) {
          if (o.by != null) {
            item.weight = weight;
          }
        } else {
          Strtod parsed = Strtod.parse(weight, 0, weight.length);
          item.score = parsed.value();
          int stop = parsed.end();
          if ((stop < weight.length && weight[stop] != 0)
              || parsed.outOfRange()
              || Double.isNaN(parsed.value())) {
            unconvertible = true;
          }
        }
      }
      Comparator<Item> order = comparator(o);
      if (o.by != null && (start != 0 || end != items.length - 1)) {
        PartialQuicksort.sort(items, order, (int) start, (int) end);
      } else {
        Arrays.sort(items, order); // stable, as glibc's merge sort
      }
    }

    int gets = o.gets.size();
    long rows = end - start + 1;
    long outputLength = gets > 0 ? gets * rows : rows;
    if (unconvertible) {
      throw new CommandException(Errors.SORT_SCORE_NOT_DOUBLE);
    }
    if (o.store == null) {
      reply(call, db, now, o, items, (int) start, (int) end, outputLength);
    } else {
      store(call, db, now, o, items, (int) start, (int) end, outputLength);
    }
  }

  private static Options parse(Invocation call, boolean readOnly) {
    Options o = new Options();
    for (int j = 2; j < call.argc(); j++) {
      int left = call.argc() - j - 1;
      if (call.argIs(j, "asc")) {
        o.desc = false;
      } else if (call.argIs(j, "desc")) {
        o.desc = true;
      } else if (call.argIs(j, "alpha")) {
        o.alpha = true;
      } else if (call.argIs(j, "limit") && left >= 2) {
        o.limitStart = call.argLong(j + 1);
        o.limitCount = call.argLong(j + 2);
        j += 2;
      } else if (!readOnly && call.argIs(j, "store") && left >= 1) {
        o.store = call.arg(j + 1);
        j++;
      } else if (call.argIs(j, "by") && left >= 1) {
        o.by = call.arg(j + 1);
        if (indexOf(o.by, (byte) '*', cLength(o.by)) < 0) {
          o.sort = false; // for good, as Redis: a later BY with a star does not undo it
        }
        j++;
      } else if (call.argIs(j, "get") && left >= 1) {
        o.gets.add(call.arg(j + 1));
        j++;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    return o;
  }

  /** {@code items.length} elements from {@code start}, in the container's order or reversed. */
  private static void loadRange(
      Entry entry, ValueType type, int start, Item[] items, boolean desc) {
    int[] next = {0};
    if (type == ValueType.ZSET) {
      SortedSet zset = (SortedSet) entry.value();
      int from = desc ? zset.size() - 1 - start : start;
      zset.forEachByRank(from, items.length, desc, member -> items[next[0]++] = new Item(member));
      return;
    }
    ListValue list = (ListValue) entry.value();
    int size = list.size();
    for (int i = 0; i < items.length; i++) {
      int index = desc ? size - 1 - start - i : start + i;
      items[i] = new Item(list.get(index));
    }
  }

  /** Every element: a list's in order, a set's in its own order, a sorted set's by rank. */
  private static Item[] loadAll(Entry entry, ValueType type, int size) {
    Item[] items = new Item[size];
    if (entry == null) {
      return items;
    }
    int[] next = {0};
    switch (type) {
      case LIST -> {
        ListValue list = (ListValue) entry.value();
        for (int i = 0; i < size; i++) {
          items[i] = new Item(list.get(i));
        }
      }
      case SET -> ((MemberView) entry.value()).forEachMember(m -> items[next[0]++] = new Item(m));
      default -> ((SortedSet) entry.value())
          .forEachByRank(0, size, false, m -> items[next[0]++] = new Item(m));
    }
    return items;
  }

  /** Redis's {@code sortCompare} for the options given; DESC reverses it whole. */
  private static Comparator<Item> comparator(Options o) {
    Comparator<Item> ascending;
    if (!o.alpha) {
      ascending =
          (a, b) -> {
            if (a.score > b.score) {
              return 1;
            }
            if (a.score < b.score) {
              return -1;
            }
            return Arrays.compareUnsigned(a.element, b.element);
          };
    } else if (o.by != null) {
      boolean binary = o.store != null;
      ascending =
          (a, b) -> {
            if (a.weight == null || b.weight == null) {
              return a.weight == b.weight ? 0 : a.weight == null ? -1 : 1;
            }
            return binary
                ? Arrays.compareUnsigned(a.weight, b.weight)
                : collate(a.weight, b.weight);
          };
    } else if (o.store != null) {
      ascending = (a, b) -> Arrays.compareUnsigned(a.element, b.element);
    } else {
      ascending = (a, b) -> collate(a.element, b.element);
    }
    return o.desc ? (a, b) -> -Integer.signum(ascending.compare(a, b)) : ascending;
  }

  /** {@code strcoll} in the C locale: unsigned bytes, up to the first NUL of each. */
  private static int collate(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, 0, cLength(a), b, 0, cLength(b));
  }

  private static void reply(
      Invocation call,
      Database db,
      long now,
      Options o,
      Item[] items,
      int start,
      int end,
      long outputLength) {
    ReplySink reply = call.reply();
    reply.arrayHeader((int) outputLength);
    for (int j = start; j <= end; j++) {
      byte[] element = items[j].element;
      if (o.gets.isEmpty()) {
        reply.bulk(element);
      }
      for (byte[] pattern : o.gets) {
        byte[] value = lookupByPattern(db, now, pattern, element);
        if (value == null) {
          reply.nullBulk();
        } else {
          reply.bulk(value);
        }
      }
    }
  }

  /**
   * STORE, as Redis's {@code setKey}: a non-empty result replaces whatever the destination held,
   * and its TTL, with a list; an empty one deletes the destination. Missing GET values are stored
   * as empty strings.
   */
  private static void store(
      Invocation call,
      Database db,
      long now,
      Options o,
      Item[] items,
      int start,
      int end,
      long outputLength) {
    byte[] destination = o.store;
    if (outputLength == 0) {
      if (db.delete(destination, now)) {
        call.notify(NotifyClass.GENERIC, "del", destination);
        call.propagate(DEL, destination);
        call.dirty(1);
      }
      call.reply().integer(0);
      return;
    }
    ListValue list = new ListValue();
    for (int j = start; j <= end; j++) {
      byte[] element = items[j].element;
      if (o.gets.isEmpty()) {
        list.addLast(element);
      }
      for (byte[] pattern : o.gets) {
        byte[] value = lookupByPattern(db, now, pattern, element);
        list.addLast(value == null ? new byte[0] : value);
      }
    }
    boolean replaced = db.exists(destination, now);
    db.put(destination, list, false, now);
    call.notify(NotifyClass.LIST, "sortstore", destination);
    logStored(call, destination, list, replaced);
    call.dirty(outputLength);
    call.reply().integer(outputLength);
  }

  /** The stored list as effects that reach the log together: DEL if it replaced a key, RPUSHes. */
  private static void logStored(
      Invocation call, byte[] destination, ListValue list, boolean replaced) {
    Engine engine = call.engine();
    engine.beginEffectGroup();
    try {
      if (replaced) {
        call.propagate(DEL, destination);
      }
      for (int from = 0; from < list.size(); from += PUSH_BATCH) {
        int to = Math.min(list.size(), from + PUSH_BATCH);
        byte[][] effect = new byte[2 + to - from][];
        effect[0] = RPUSH;
        effect[1] = destination;
        for (int i = from; i < to; i++) {
          effect[2 + i - from] = list.get(i);
        }
        call.propagate(effect);
      }
    } finally {
      engine.endEffectGroup();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Patterns

  /**
   * The value a BY or GET pattern names for {@code element}, as Redis's {@code lookupKeyByPattern}:
   * {@code #} is the element itself; otherwise the first {@code *} is replaced by the element to
   * make a key name, whose string value it is, or, with {@code ->field} somewhere after the {@code
   * *}, the field of the hash at the key before the arrow. A pattern without {@code *}, a missing
   * key or field, or a key of another type gives null. As in Redis, the pattern is read as a C
   * string up to a first NUL byte when looking for {@code #}, {@code *} and {@code ->}, while the
   * key and field names keep every byte.
   */
  static byte[] lookupByPattern(Database db, long now, byte[] pattern, byte[] element) {
    if (pattern.length > 0 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) {
      return element;
    }
    int textLength = cLength(pattern);
    int star = indexOf(pattern, (byte) '*', textLength);
    if (star < 0) {
      return null;
    }
    int arrow = -1;
    for (int i = star + 1; i + 1 < textLength; i++) {
      if (pattern[i] == '-' && pattern[i + 1] == '>') {
        arrow = i;
        break;
      }
    }
    boolean hashField = arrow >= 0 && arrow + 2 < textLength;
    int postfixEnd = hashField ? arrow : pattern.length;
    byte[] key = new byte[star + element.length + postfixEnd - star - 1];
    System.arraycopy(pattern, 0, key, 0, star);
    System.arraycopy(element, 0, key, star, element.length);
    System.arraycopy(pattern, star + 1, key, star + element.length, postfixEnd - star - 1);

    Entry entry = db.lookupRead(key, now);
    if (entry == null) {
      return null;
    }
    Object value = entry.value();
    if (!hashField) {
      return value instanceof byte[] string ? string : null;
    }
    if (Values.type(value) != ValueType.HASH) {
      return null;
    }
    return ((HashValue) value).fieldValue(Arrays.copyOfRange(pattern, arrow + 2, pattern.length));
  }

  /** The length of the C string at the start of {@code bytes}: up to its first NUL byte. */
  private static int cLength(byte[] bytes) {
    int zero = indexOf(bytes, (byte) 0, bytes.length);
    return zero < 0 ? bytes.length : zero;
  }

  private static int indexOf(byte[] bytes, byte wanted, int limit) {
    for (int i = 0; i < limit; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
