package io.redstone.storage.types.string;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.doubleValue;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.Argument.unixTime;
import static io.redstone.storage.command.CommandFlag.DENYOOM;
import static io.redstone.storage.command.CommandFlag.FAST;
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
import static io.redstone.storage.command.KeySpec.Flag.VARIABLE_FLAGS;

import io.redstone.protocol.ReplySink;
import io.redstone.protocol.text.Numbers;
import io.redstone.storage.Database;
import io.redstone.storage.LongDouble;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeyReference;
import io.redstone.storage.command.KeySpec;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.notify.NotifyClass;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * String commands, with Redis 7's options, replies, errors and propagated effects.
 *
 * <p>A string value is a {@code byte[]} in the keyspace, and it is never changed in place once
 * stored: the same array may be an argument still travelling in the mutation stream, so SETRANGE
 * and APPEND build a new array. Any other value type under the key answers WRONGTYPE.
 */
public final class StringCommands {
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] SET = ascii("SET");
  private static final byte[] DEL = ascii("DEL");
  private static final byte[] PXAT = ascii("PXAT");
  private static final byte[] KEEPTTL = ascii("KEEPTTL");
  private static final byte[] PEXPIREAT = ascii("PEXPIREAT");
  private static final byte[] PERSIST = ascii("PERSIST");

  /**
   * The largest array the JVM allocates; a string longer than this is refused with the same error
   * as one over {@code proto-max-bulk-len}, whatever the configured limit.
   */
  private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private StringCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        stringCommand("get", 2)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Get the value of a key", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0))
            .handler(StringCommands::get));
    table.add(
        stringCommand("set", -3)
            .flags(WRITE, DENYOOM)
            .keys(1, 1, 1)
            .keyFinder(StringCommands::setKeys)
            .docs("Set the string value of a key", "1.0.0", "O(1)")
            .history("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options.")
            .history("6.0.0", "Added the `KEEPTTL` option.")
            .history("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option.")
            .history("7.0.0", "Allowed the `NX` and `GET` options to be used together.")
            .keySpecs(
                KeySpec.index(1)
                    .flags(RW, ACCESS, UPDATE, VARIABLE_FLAGS)
                    .notes("RW and ACCESS due to the optional `GET` argument"))
            .arguments(
                key("key", 0),
                string("value"),
                oneOf("condition", pureToken("nx", "NX"), pureToken("xx", "XX"))
                    .since("2.6.12")
                    .optional(),
                pureToken("get", "GET").since("6.2.0").optional(),
                oneOf(
                        "expiration",
                        integer("seconds").token("EX").since("2.6.12"),
                        integer("milliseconds").token("PX").since("2.6.12"),
                        unixTime("unix-time-seconds").token("EXAT").since("6.2.0"),
                        unixTime("unix-time-milliseconds").token("PXAT").since("6.2.0"),
                        pureToken("keepttl", "KEEPTTL").since("6.0.0"))
                    .optional())
            .handler(StringCommands::set));
    table.add(
        stringCommand("setnx", 3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs("Set the value of a key, only if the key does not exist", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(OW, INSERT))
            .arguments(key("key", 0), string("value"))
            .handler(StringCommands::setnx));
    table.add(
        stringCommand("setex", 4)
            .flags(WRITE, DENYOOM)
            .keys(1, 1, 1)
            .docs("Set the value and expiration of a key", "2.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(OW, UPDATE))
            .arguments(key("key", 0), integer("seconds"), string("value"))
            .handler(call -> setWithTtl(call, Expiry.EX)));
    table.add(
        stringCommand("psetex", 4)
            .flags(WRITE, DENYOOM)
            .keys(1, 1, 1)
            .docs("Set the value and expiration in milliseconds of a key", "2.6.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(OW, UPDATE))
            .arguments(key("key", 0), integer("milliseconds"), string("value"))
            .handler(call -> setWithTtl(call, Expiry.PX)));
    table.add(
        stringCommand("getset", 3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs("Set the string value of a key and return its old value", "1.0.0", "O(1)")
            .deprecated("6.2.0", "`SET` with the `!GET` argument")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, UPDATE))
            .arguments(key("key", 0), string("value"))
            .handler(StringCommands::getset));
    table.add(
        stringCommand("getdel", 2)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs("Get the value of a key and delete the key", "6.2.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, DELETE))
            .arguments(key("key", 0))
            .handler(StringCommands::getdel));
    table.add(
        stringCommand("getex", -2)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs("Get the value of a key and optionally set its expiration", "6.2.0", "O(1)")
            .keySpecs(
                KeySpec.index(1)
                    .flags(RW, ACCESS, UPDATE)
                    .notes("RW and UPDATE because it changes the TTL"))
            .arguments(
                key("key", 0),
                oneOf(
                        "expiration",
                        integer("seconds").token("EX"),
                        integer("milliseconds").token("PX"),
                        unixTime("unix-time-seconds").token("EXAT"),
                        unixTime("unix-time-milliseconds").token("PXAT"),
                        pureToken("persist", "PERSIST"))
                    .optional())
            .handler(StringCommands::getex));
    table.add(
        stringCommand("mget", -2)
            .flags(READONLY, FAST)
            .keys(1, -1, 1)
            .docs(
                "Get the values of all the given keys",
                "1.0.0",
                "O(N) where N is the number of keys to retrieve.")
            .tips("request_policy:multi_shard")
            .keySpecs(KeySpec.index(1).range(-1, 1, 0).flags(RO, ACCESS))
            .arguments(key("key", 0).multiple())
            .handler(StringCommands::mget));
    table.add(
        stringCommand("mset", -3)
            .flags(WRITE, DENYOOM)
            .keys(1, -1, 2)
            .docs(
                "Set multiple keys to multiple values",
                "1.0.1",
                "O(N) where N is the number of keys to set.")
            .tips("request_policy:multi_shard", "response_policy:all_succeeded")
            .keySpecs(KeySpec.index(1).range(-1, 2, 0).flags(OW, UPDATE))
            .arguments(block("key_value", key("key", 0), string("value")).multiple())
            .handler(call -> mset(call, false)));
    table.add(
        stringCommand("msetnx", -3)
            .flags(WRITE, DENYOOM)
            .keys(1, -1, 2)
            .docs(
                "Set multiple keys to multiple values, only if none of the keys exist",
                "1.0.1",
                "O(N) where N is the number of keys to set.")
            .tips("request_policy:multi_shard", "response_policy:agg_min")
            .keySpecs(KeySpec.index(1).range(-1, 2, 0).flags(OW, INSERT))
            .arguments(block("key_value", key("key", 0), string("value")).multiple())
            .handler(call -> mset(call, true)));
    table.add(
        stringCommand("append", 3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs(
                "Append a value to a key",
                "2.0.0",
                "O(1). The amortized time complexity is O(1) assuming the appended value is small"
                    + " and the already present value is of any size, since the dynamic string"
                    + " library used by Redis will double the free space available on every"
                    + " reallocation.")
            .keySpecs(KeySpec.index(1).flags(RW, INSERT))
            .arguments(key("key", 0), string("value"))
            .handler(StringCommands::append));
    table.add(
        stringCommand("strlen", 2)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Get the length of the value stored in a key", "2.2.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO))
            .arguments(key("key", 0))
            .handler(StringCommands::strlen));
    table.add(
        stringCommand("incr", 2)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs("Increment the integer value of a key by one", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, UPDATE))
            .arguments(key("key", 0))
            .handler(call -> incrementBy(call, 1)));
    table.add(
        stringCommand("decr", 2)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs("Decrement the integer value of a key by one", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, UPDATE))
            .arguments(key("key", 0))
            .handler(call -> incrementBy(call, -1)));
    table.add(
        stringCommand("incrby", 3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs("Increment the integer value of a key by the given amount", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, UPDATE))
            .arguments(key("key", 0), integer("increment"))
            .handler(call -> incrementBy(call, call.argLong(2))));
    table.add(
        stringCommand("decrby", 3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs("Decrement the integer value of a key by the given number", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, UPDATE))
            .arguments(key("key", 0), integer("decrement"))
            .handler(StringCommands::decrby));
    table.add(
        stringCommand("incrbyfloat", 3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs("Increment the float value of a key by the given amount", "2.6.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, UPDATE))
            .arguments(key("key", 0), doubleValue("increment"))
            .handler(StringCommands::incrbyfloat));
    String rangeComplexity =
        "O(N) where N is the length of the returned string. The complexity is ultimately"
            + " determined by the returned length, but because creating a substring from an"
            + " existing string is very cheap, it can be considered O(1) for small strings.";
    table.add(
        stringCommand("getrange", 4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs("Get a substring of the string stored at a key", "2.4.0", rangeComplexity)
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), integer("start"), integer("end"))
            .handler(StringCommands::getrange));
    table.add(
        stringCommand("substr", 4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs("Get a substring of the string stored at a key", "1.0.0", rangeComplexity)
            .deprecated("2.0.0", "`GETRANGE`")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), integer("start"), integer("end"))
            .handler(StringCommands::getrange));
    table.add(
        stringCommand("setrange", 4)
            .flags(WRITE, DENYOOM)
            .keys(1, 1, 1)
            .docs(
                "Overwrite part of a string at key starting at the specified offset",
                "2.2.0",
                "O(1), not counting the time taken to copy the new string in place. Usually, this"
                    + " string is very small so the amortized complexity is O(1). Otherwise,"
                    + " complexity is O(M) with M being the length of the value argument.")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(key("key", 0), integer("offset"), string("value"))
            .handler(StringCommands::setrange));
    table.add(
        stringCommand("lcs", -3)
            .flags(READONLY)
            .keys(1, 2, 1)
            .docs(
                "Find longest common substring",
                "7.0.0",
                "O(N*M) where N and M are the lengths of s1 and s2, respectively")
            .keySpecs(KeySpec.index(1).range(1, 1, 0).flags(RO, ACCESS))
            .arguments(
                key("key1", 0),
                key("key2", 0),
                pureToken("len", "LEN").optional(),
                pureToken("idx", "IDX").optional(),
                integer("len").token("MINMATCHLEN").optional(),
                pureToken("withmatchlen", "WITHMATCHLEN").optional())
            .handler(StringCommands::lcs));
  }

  private static CommandSpec.Builder stringCommand(String name, int arity) {
    return command(name, arity).group(CommandGroup.STRING);
  }

  /**
   * SET's key and how it is used, which depends on GET: with it (anywhere after the value, any
   * case) the old value is read, RW and ACCESS; without it the key is only overwritten.
   */
  private static List<KeyReference> setKeys(byte[][] argv) {
    for (int i = 3; i < argv.length; i++) {
      // Redis compares the first four bytes as a C string: "GET" followed by NUL matches too.
      byte[] arg = argv[i];
      if (arg.length >= 3
          && (arg.length == 3 || arg[3] == 0)
          && Numbers.equalsIgnoreCase(Arrays.copyOf(arg, 3), "GET")) {
        return List.of(new KeyReference(1, EnumSet.of(RW, ACCESS, UPDATE)));
      }
    }
    return List.of(new KeyReference(1, EnumSet.of(OW, UPDATE)));
  }

  // ---------------------------------------------------------------------------------------------
  // GET, SET and their relatives

  private static void get(Invocation call) {
    call.reply().bulk(stringValue(call.db().lookupRead(call.arg(1), call.now())));
  }

  /** The TTL options of SET and GETEX; relative ones are added to the command's clock reading. */
  private enum Expiry {
    NONE(false, false),
    EX(true, true),
    PX(false, true),
    EXAT(true, false),
    PXAT(false, false);

    final boolean seconds;
    final boolean relative;

    Expiry(boolean seconds, boolean relative) {
      this.seconds = seconds;
      this.relative = relative;
    }
  }

  /** What SET or GETEX was asked to do, once the options parsed. */
  private static final class Options {
    boolean nx;
    boolean xx;
    boolean get;
    boolean keepTtl;
    boolean persist;
    Expiry expiry = Expiry.NONE;
    int expiryArg;

    boolean hasExpiry() {
      return expiry != Expiry.NONE;
    }
  }

  /**
   * Options after the key (GETEX) or the value (SET), in any order, with Redis's conflict rules: a
   * repeated option is fine (the last TTL wins), NX with XX, two different TTL forms, or a TTL with
   * KEEPTTL/PERSIST is a syntax error, as is a TTL keyword without its argument.
   */
  private static Options parseOptions(Invocation call, boolean forSet) {
    Options o = new Options();
    for (int j = forSet ? 3 : 2; j < call.argc(); j++) {
      boolean hasNext = j + 1 < call.argc();
      if (forSet && call.argIs(j, "NX") && !o.xx) {
        o.nx = true;
      } else if (forSet && call.argIs(j, "XX") && !o.nx) {
        o.xx = true;
      } else if (forSet && call.argIs(j, "GET")) {
        o.get = true;
      } else if (forSet && call.argIs(j, "KEEPTTL") && !o.hasExpiry()) {
        o.keepTtl = true;
      } else if (!forSet && call.argIs(j, "PERSIST") && !o.hasExpiry()) {
        o.persist = true;
      } else if (hasNext && !o.keepTtl && !o.persist && ttlOption(call, j, o)) {
        o.expiryArg = ++j;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    return o;
  }

  private static final Expiry[] TTL_OPTIONS = {Expiry.EX, Expiry.PX, Expiry.EXAT, Expiry.PXAT};

  /** Takes EX/PX/EXAT/PXAT at j unless a different TTL form came before it. */
  private static boolean ttlOption(Invocation call, int j, Options o) {
    for (Expiry candidate : TTL_OPTIONS) {
      if (call.argIs(j, candidate.name())) {
        if (o.expiry != Expiry.NONE && o.expiry != candidate) {
          return false;
        }
        o.expiry = candidate;
        return true;
      }
    }
    return false;
  }

  /**
   * The absolute expiry in unix milliseconds, as Redis validates it: positive, no overflow when
   * scaled to milliseconds or added to now, else {@code ERR invalid expire time in '<cmd>'}.
   */
  private static long expireAtMillis(Invocation call, int argIndex, Expiry expiry) {
    long value = call.argLong(argIndex);
    if (value <= 0 || (expiry.seconds && value > Long.MAX_VALUE / 1000)) {
      throw new CommandException(Errors.invalidExpireTime(call.spec().name()));
    }
    if (expiry.seconds) {
      value *= 1000;
    }
    if (expiry.relative) {
      value += call.now();
    }
    if (value <= 0) {
      // The addition wrapped around.
      throw new CommandException(Errors.invalidExpireTime(call.spec().name()));
    }
    return value;
  }

  private static void set(Invocation call) {
    Options o = parseOptions(call, true);
    long expireAt = o.hasExpiry() ? expireAtMillis(call, o.expiryArg, o.expiry) : Entry.NO_EXPIRY;
    byte[] key = call.arg(1);
    byte[] value = call.arg(2);
    Database db = call.db();
    byte[] old = o.get ? stringValue(db.lookupRead(key, call.now())) : null;
    if (o.get) {
      // Answered before the write, as Redis does: the events of the write follow the old value.
      call.reply().bulk(old);
    }
    Entry existing = db.lookupWrite(key, call.now());
    boolean found = existing != null;
    if ((o.nx && found) || (o.xx && !found)) {
      replySetOutcome(call, o, false);
      return;
    }
    if (o.hasExpiry() && expireAt <= call.now()) {
      // Already expired (an EXAT/PXAT in the past): the key is gone at once rather than stored and
      // left to lazy expiry, so the effect is a plain DEL, or nothing if there was no key. This is
      // newer Redis's behaviour; 7.x stores the key and deletes it on the next access.
      if (found) {
        db.remove(key);
        call.propagate(DEL, key);
        call.dirty(1);
      }
      // The events a subscriber of Redis 7.0 sees: the key set with its TTL, then expired.
      if (!found) {
        call.notify(NotifyClass.NEW, "new", key);
      }
      call.notify(NotifyClass.STRING, "set", key);
      call.notify(NotifyClass.GENERIC, "expire", key);
      call.notify(NotifyClass.EXPIRED, "expired", key);
      call.engine().stats().expiredKeys++;
      replySetOutcome(call, o, true);
      return;
    }
    Entry entry = db.put(existing, key, value, o.keepTtl || o.hasExpiry(), call.now());
    call.notify(NotifyClass.STRING, "set", key);
    if (o.hasExpiry()) {
      db.setExpireAt(entry, expireAt);
      call.propagate(SET, key, value, PXAT, Numbers.toBytes(expireAt));
      call.notify(NotifyClass.GENERIC, "expire", key);
    } else if (o.keepTtl) {
      call.propagate(SET, key, value, KEEPTTL);
    } else {
      call.propagate(SET, key, value);
    }
    call.dirty(1);
    replySetOutcome(call, o, true);
  }

  /** SET answers OK or null (NX/XX not met); with GET, the old value, already written. */
  private static void replySetOutcome(Invocation call, Options o, boolean done) {
    if (o.get) {
      return;
    } else if (done) {
      call.reply().ok();
    } else {
      call.reply().nullBulk();
    }
  }

  private static void setnx(Invocation call) {
    Database db = call.db();
    byte[] key = call.arg(1);
    if (db.lookupWrite(key, call.now()) != null) {
      call.reply().integer(0);
      return;
    }
    db.add(key, call.arg(2), call.now());
    call.notify(NotifyClass.STRING, "set", key);
    call.propagateAsIs();
    call.dirty(1);
    call.reply().integer(1);
  }

  /** SETEX and PSETEX: {@code key ttl value}, the TTL always relative and positive. */
  private static void setWithTtl(Invocation call, Expiry unit) {
    long expireAt = expireAtMillis(call, 2, unit);
    byte[] key = call.arg(1);
    byte[] value = call.arg(3);
    Database db = call.db();
    Entry entry = db.put(key, value, true, call.now());
    call.notify(NotifyClass.STRING, "set", key);
    db.setExpireAt(entry, expireAt);
    call.notify(NotifyClass.GENERIC, "expire", key);
    call.propagate(SET, key, value, PXAT, Numbers.toBytes(expireAt));
    call.dirty(1);
    call.reply().ok();
  }

  private static void getset(Invocation call) {
    byte[] key = call.arg(1);
    byte[] value = call.arg(2);
    Database db = call.db();
    byte[] old = stringValue(db.lookupRead(key, call.now()));
    db.put(key, value, false, call.now());
    call.notify(NotifyClass.STRING, "set", key);
    call.propagate(SET, key, value);
    call.dirty(1);
    call.reply().bulk(old);
  }

  private static void getdel(Invocation call) {
    byte[] key = call.arg(1);
    Database db = call.db();
    byte[] value = stringValue(db.lookupRead(key, call.now()));
    if (value != null) {
      db.remove(key);
      call.notify(NotifyClass.GENERIC, "del", key);
      call.propagate(DEL, key);
      call.dirty(1);
    }
    call.reply().bulk(value);
  }

  private static void getex(Invocation call) {
    Options o = parseOptions(call, false);
    byte[] key = call.arg(1);
    Database db = call.db();
    Entry entry = db.lookupRead(key, call.now());
    byte[] value = stringValue(entry);
    if (value == null) {
      // A missing key answers null before the TTL argument is even looked at, as in Redis.
      call.reply().nullBulk();
      return;
    }
    long expireAt = o.hasExpiry() ? expireAtMillis(call, o.expiryArg, o.expiry) : Entry.NO_EXPIRY;
    if (o.hasExpiry() && expireAt <= call.now()) {
      db.remove(key);
      call.notify(NotifyClass.GENERIC, "del", key);
      call.propagate(DEL, key);
      call.dirty(1);
    } else if (o.hasExpiry()) {
      db.setExpireAt(entry, expireAt);
      call.notify(NotifyClass.GENERIC, "expire", key);
      call.propagate(PEXPIREAT, key, Numbers.toBytes(expireAt));
      call.dirty(1);
    } else if (o.persist && db.persist(entry)) {
      call.notify(NotifyClass.GENERIC, "persist", key);
      call.propagate(PERSIST, key);
      call.dirty(1);
    }
    call.reply().bulk(value);
  }

  private static void mget(Invocation call) {
    Database db = call.db();
    ReplySink reply = call.reply();
    reply.arrayHeader(call.argc() - 1);
    for (int i = 1; i < call.argc(); i++) {
      Entry entry = db.lookupRead(call.arg(i), call.now());
      // MGET never fails: a key of another type reads as missing.
      if (entry != null && entry.value() instanceof byte[] value) {
        reply.bulk(value);
      } else {
        reply.nullBulk();
      }
    }
  }

  private static void mset(Invocation call, boolean onlyIfNoneExists) {
    if (call.argc() % 2 == 0) {
      throw new CommandException(Errors.wrongArity(call.spec().fullName()));
    }
    Database db = call.db();
    if (onlyIfNoneExists) {
      for (int i = 1; i < call.argc(); i += 2) {
        if (db.lookupWrite(call.arg(i), call.now()) != null) {
          call.reply().integer(0);
          return;
        }
      }
    }
    // A key named twice ends with its last value, as in Redis.
    for (int i = 1; i < call.argc(); i += 2) {
      db.put(call.arg(i), call.arg(i + 1), false, call.now());
      call.notify(NotifyClass.STRING, "set", call.arg(i));
    }
    call.propagateAsIs();
    call.dirty((call.argc() - 1) / 2);
    if (onlyIfNoneExists) {
      call.reply().integer(1);
    } else {
      call.reply().ok();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lengths and ranges

  private static void append(Invocation call) {
    byte[] key = call.arg(1);
    byte[] suffix = call.arg(2);
    Database db = call.db();
    Entry entry = db.lookupWrite(key, call.now());
    int length;
    if (entry == null) {
      db.add(key, suffix, call.now());
      length = suffix.length;
    } else {
      byte[] current = stringValue(entry);
      checkStringLength(call, current.length, suffix.length);
      byte[] joined = Arrays.copyOf(current, current.length + suffix.length);
      System.arraycopy(suffix, 0, joined, current.length, suffix.length);
      db.replaceValue(entry, joined);
      entry.encodingHint(Entry.ENCODING_RAW);
      length = joined.length;
    }
    call.notify(NotifyClass.STRING, "append", key);
    call.propagateAsIs();
    call.dirty(1);
    call.reply().integer(length);
  }

  private static void strlen(Invocation call) {
    byte[] value = stringValue(call.db().lookupRead(call.arg(1), call.now()));
    call.reply().integer(value == null ? 0 : value.length);
  }

  /**
   * GETRANGE and SUBSTR, with Redis's index rules: negative indexes count from the end, both ends
   * are clamped into the string, and an empty range answers the empty string (so an end far below
   * the start of the string still clamps to the first byte, as in Redis 7).
   */
  private static void getrange(Invocation call) {
    long start = call.argLong(2);
    long end = call.argLong(3);
    byte[] value = stringValue(call.db().lookupRead(call.arg(1), call.now()));
    if (value == null) {
      call.reply().bulk(EMPTY);
      return;
    }
    long length = value.length;
    if (start < 0 && end < 0 && start > end) {
      call.reply().bulk(EMPTY);
      return;
    }
    if (start < 0) {
      start = length + start;
    }
    if (end < 0) {
      end = length + end;
    }
    start = Math.max(start, 0);
    end = Math.max(end, 0);
    end = Math.min(end, length - 1);
    if (start > end || length == 0) {
      call.reply().bulk(EMPTY);
    } else {
      call.reply().bulk(value, (int) start, (int) (end - start + 1));
    }
  }

  private static void setrange(Invocation call) {
    long offset = call.argLong(2);
    if (offset < 0) {
      throw new CommandException(Errors.OFFSET_OUT_OF_RANGE);
    }
    byte[] key = call.arg(1);
    byte[] patch = call.arg(3);
    Database db = call.db();
    Entry entry = db.lookupWrite(key, call.now());
    if (entry == null) {
      if (patch.length == 0) {
        call.reply().integer(0);
        return;
      }
      checkStringLength(call, offset, patch.length);
      byte[] created = new byte[(int) offset + patch.length];
      System.arraycopy(patch, 0, created, (int) offset, patch.length);
      db.add(key, created, call.now()).encodingHint(Entry.ENCODING_RAW);
      wroteRange(call, created.length);
      return;
    }
    byte[] current = stringValue(entry);
    if (patch.length == 0) {
      call.reply().integer(current.length);
      return;
    }
    checkStringLength(call, offset, patch.length);
    byte[] updated = Arrays.copyOf(current, Math.max(current.length, (int) offset + patch.length));
    System.arraycopy(patch, 0, updated, (int) offset, patch.length);
    db.replaceValue(entry, updated);
    entry.encodingHint(Entry.ENCODING_RAW);
    wroteRange(call, updated.length);
  }

  private static void wroteRange(Invocation call, int newLength) {
    call.notify(NotifyClass.STRING, "setrange", call.arg(1));
    call.propagateAsIs();
    call.dirty(1);
    call.reply().integer(newLength);
  }

  /**
   * Refuses a string that would grow past {@code proto-max-bulk-len}, overflow included, as Redis
   * 7.2 checks it (7.0 let {@code offset + length} wrap around).
   */
  private static void checkStringLength(Invocation call, long size, long appended) {
    long limit = Math.min(call.engine().config().getLong("proto-max-bulk-len"), MAX_ARRAY_LENGTH);
    long total = size + appended;
    if (total > limit || total < size) {
      throw new CommandException(Errors.STRING_TOO_LONG);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Counters

  private static void decrby(Invocation call) {
    long decrement = call.argLong(2);
    if (decrement == Long.MIN_VALUE) {
      // Its negation does not exist.
      throw new CommandException(Errors.DECREMENT_OVERFLOW);
    }
    incrementBy(call, -decrement);
  }

  private static void incrementBy(Invocation call, long increment) {
    byte[] key = call.arg(1);
    Database db = call.db();
    Entry entry = db.lookupWrite(key, call.now());
    byte[] current = stringValue(entry);
    long value = 0;
    if (current != null) {
      if (!Numbers.isLong(current)) {
        throw new CommandException(Errors.NOT_INTEGER);
      }
      value = Numbers.parseLong(current);
    }
    if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
        || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
      throw new CommandException(Errors.OVERFLOW);
    }
    value += increment;
    byte[] updated = Numbers.toBytes(value);
    if (entry == null) {
      db.add(key, updated, call.now());
    } else {
      // The TTL stays, as in Redis.
      db.replaceValue(entry, updated);
    }
    call.notify(NotifyClass.STRING, "incrby", key);
    call.propagateAsIs();
    call.dirty(1);
    call.reply().integer(value);
  }

  /**
   * Adds in x87 extended precision and stores the sum in Redis's human-friendly form; propagated as
   * the resulting SET (with KEEPTTL, since the TTL is unchanged) so a replay does not depend on
   * float arithmetic.
   */
  private static void incrbyfloat(Invocation call) {
    byte[] key = call.arg(1);
    Database db = call.db();
    Entry entry = db.lookupWrite(key, call.now());
    byte[] current = stringValue(entry);
    LongDouble value = current == null ? LongDouble.ZERO : LongDouble.parse(current);
    if (value == null) {
      throw new CommandException(Errors.NOT_FLOAT);
    }
    LongDouble increment = LongDouble.parse(call.arg(2));
    if (increment == null) {
      throw new CommandException(Errors.NOT_FLOAT);
    }
    LongDouble sum = value.add(increment);
    if (!sum.isFinite()) {
      throw new CommandException(Errors.NAN_OR_INFINITY);
    }
    byte[] updated = ascii(sum.toHumanString());
    if (entry == null) {
      entry = db.add(key, updated, call.now());
    } else {
      db.replaceValue(entry, updated);
    }
    entry.encodingHint(Entry.ENCODING_NOT_INT);
    call.notify(NotifyClass.STRING, "incrbyfloat", key);
    call.propagate(SET, key, updated, KEEPTTL);
    call.dirty(1);
    call.reply().bulk(updated);
  }

  // ---------------------------------------------------------------------------------------------
  // LCS

  private static void lcs(Invocation call) {
    Database db = call.db();
    Entry first = db.lookupRead(call.arg(1), call.now());
    Entry second = db.lookupRead(call.arg(2), call.now());
    if ((first != null && !(first.value() instanceof byte[]))
        || (second != null && !(second.value() instanceof byte[]))) {
      throw new CommandException(Errors.LCS_NOT_STRINGS);
    }
    byte[] a = first == null ? EMPTY : (byte[]) first.value();
    byte[] b = second == null ? EMPTY : (byte[]) second.value();

    boolean wantLength = false;
    boolean wantIndexes = false;
    boolean withMatchLength = false;
    long minMatchLength = 0;
    for (int j = 3; j < call.argc(); j++) {
      if (call.argIs(j, "IDX")) {
        wantIndexes = true;
      } else if (call.argIs(j, "LEN")) {
        wantLength = true;
      } else if (call.argIs(j, "WITHMATCHLEN")) {
        withMatchLength = true;
      } else if (call.argIs(j, "MINMATCHLEN") && j + 1 < call.argc()) {
        minMatchLength = Math.max(0, call.argLong(++j));
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if (wantIndexes && wantLength) {
      throw new CommandException(Errors.LCS_LEN_AND_IDX);
    }
    long cells = Lcs.cells(a.length, b.length);
    if (cells * Integer.BYTES > call.engine().config().getLong("proto-max-bulk-len")) {
      throw new CommandException(Errors.LCS_TABLE_TOO_LARGE);
    }
    if (cells > MAX_ARRAY_LENGTH) {
      // Only reachable with proto-max-bulk-len raised past what one Java array can hold.
      throw new CommandException(Errors.LCS_TABLE_ALLOCATION_FAILED);
    }
    Lcs.Result result;
    try {
      result = Lcs.compute(a, b);
    } catch (OutOfMemoryError e) {
      throw new CommandException(Errors.LCS_TABLE_ALLOCATION_FAILED);
    }

    ReplySink reply = call.reply();
    if (!wantIndexes) {
      if (wantLength) {
        reply.integer(result.subsequence().length);
      } else {
        reply.bulk(result.subsequence());
      }
      return;
    }
    int shown = 0;
    for (Lcs.Match match : result.matches()) {
      if (match.length() >= minMatchLength) {
        shown++;
      }
    }
    reply.mapHeader(2);
    reply.bulk("matches");
    reply.arrayHeader(shown);
    for (Lcs.Match match : result.matches()) {
      if (match.length() < minMatchLength) {
        continue;
      }
      reply.arrayHeader(withMatchLength ? 3 : 2);
      reply.arrayHeader(2);
      reply.integer(match.aStart());
      reply.integer(match.aEnd());
      reply.arrayHeader(2);
      reply.integer(match.bStart());
      reply.integer(match.bEnd());
      if (withMatchLength) {
        reply.integer(match.length());
      }
    }
    reply.bulk("len");
    reply.integer(result.subsequence().length);
  }

  // ---------------------------------------------------------------------------------------------

  /** The entry's string value; null when there is no entry; WRONGTYPE for any other type. */
  private static byte[] stringValue(Entry entry) {
    if (entry == null) {
      return null;
    }
    if (entry.value() instanceof byte[] value) {
      return value;
    }
    throw new CommandException(Errors.WRONGTYPE);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
