package io.redstone.storage.keys;

import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pattern;
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
import static io.redstone.storage.command.KeySpec.Flag.OW;
import static io.redstone.storage.command.KeySpec.Flag.RM;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.command.KeySpec.Flag.RW;
import static io.redstone.storage.command.KeySpec.Flag.UPDATE;

import io.redstone.protocol.ReplySink;
import io.redstone.protocol.text.Glob;
import io.redstone.protocol.text.Numbers;
import io.redstone.storage.Database;
import io.redstone.storage.Engine;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;
import io.redstone.storage.command.ScanArguments;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.notify.NotifyClass;
import io.redstone.storage.types.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Generic key commands and expiry: DEL, UNLINK, EXISTS, TYPE, KEYS, SCAN, RANDOMKEY, RENAME,
 * RENAMENX, COPY, MOVE, TOUCH, the EXPIRE family, TTL and its siblings, PERSIST and OBJECT. What
 * they need to know of a value (its TYPE name, encoding, copy) its type answers through {@link
 * Values}.
 */
public final class KeyCommands {
  private KeyCommands() {}

  private static final byte[] DEL = ascii("DEL");
  private static final byte[] UNLINK = ascii("UNLINK");
  private static final byte[] PEXPIREAT = ascii("PEXPIREAT");

  /** What OBJECT REFCOUNT reports for a shared object (Redis's OBJ_SHARED_REFCOUNT, INT_MAX). */
  private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

  /** The LFU counter a new key starts with (Redis's LFU_INIT_VAL). */
  private static final int LFU_INIT_VAL = 5;

  private static final String[] OBJECT_HELP = {
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
  };

  public static void register(CommandTable.Builder table) {
    table.add(
        command("del", -2)
            .flags(WRITE)
            .keys(1, -1, 1)
            .docs(
                "Delete a key",
                "1.0.0",
                "O(N) where N is the number of keys that will be removed. When a key to remove"
                    + " holds a value other than a string, the individual complexity for this key"
                    + " is O(M) where M is the number of elements in the list, set, sorted set or"
                    + " hash. Removing a single key that holds a string value is O(1).")
            .tips("request_policy:multi_shard", "response_policy:agg_sum")
            .keySpecs(KeySpec.index(1).range(-1, 1, 0).flags(RM, DELETE))
            .arguments(key("key", 0).multiple())
            .handler(call -> delete(call, DEL)));
    table.add(
        command("unlink", -2)
            .flags(WRITE, FAST)
            .keys(1, -1, 1)
            .docs(
                "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but"
                    + " non blocking.",
                "4.0.0",
                "O(1) for each key removed regardless of its size. Then the command does O(N) work"
                    + " in a different thread in order to reclaim memory, where N is the number of"
                    + " allocations the deleted objects where composed of.")
            .tips("request_policy:multi_shard", "response_policy:agg_sum")
            .keySpecs(KeySpec.index(1).range(-1, 1, 0).flags(RM, DELETE))
            .arguments(key("key", 0).multiple())
            .handler(call -> delete(call, UNLINK)));
    table.add(
        command("exists", -2)
            .flags(READONLY, FAST)
            .keys(1, -1, 1)
            .docs(
                "Determine if a key exists",
                "1.0.0",
                "O(N) where N is the number of keys to check.")
            .history("3.0.3", "Accepts multiple `key` arguments.")
            .tips("request_policy:multi_shard", "response_policy:agg_sum")
            .keySpecs(KeySpec.index(1).range(-1, 1, 0).flags(RO))
            .arguments(key("key", 0).multiple())
            .handler(KeyCommands::exists));
    table.add(
        command("type", 2)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Determine the type stored at key", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO))
            .arguments(key("key", 0))
            .handler(KeyCommands::type));
    table.add(
        command("keys", 2)
            .flags(READONLY)
            .acl("dangerous")
            .docs(
                "Find all keys matching the given pattern",
                "1.0.0",
                "O(N) with N being the number of keys in the database, under the assumption that"
                    + " the key names in the database and the given pattern have limited length.")
            .tips("request_policy:all_shards", "nondeterministic_output_order")
            .arguments(pattern("pattern"))
            .handler(KeyCommands::keys));
    table.add(
        command("scan", -2)
            .flags(READONLY)
            .docs(
                "Incrementally iterate the keys space",
                "2.8.0",
                "O(1) for every call. O(N) for a complete iteration, including enough command"
                    + " calls for the cursor to return back to 0. N is the number of elements"
                    + " inside the collection.")
            .history("6.0.0", "Added the `TYPE` subcommand.")
            .tips("nondeterministic_output", "request_policy:special")
            .arguments(
                integer("cursor"),
                pattern("pattern").token("MATCH").optional(),
                integer("count").token("COUNT").optional(),
                string("type").token("TYPE").since("6.0.0").optional())
            .handler(KeyCommands::scan));
    table.add(
        command("randomkey", 1)
            .flags(READONLY)
            .docs("Return a random key from the keyspace", "1.0.0", "O(1)")
            .tips("request_policy:all_shards", "nondeterministic_output")
            .handler(KeyCommands::randomKey));
    table.add(
        command("rename", 3)
            .flags(WRITE)
            .keys(1, 2, 1)
            .docs("Rename a key", "1.0.0", "O(1)")
            .keySpecs(
                KeySpec.index(1).flags(RW, ACCESS, DELETE), KeySpec.index(2).flags(OW, UPDATE))
            .arguments(key("key", 0), key("newkey", 1))
            .handler(call -> rename(call, false)));
    table.add(
        command("renamenx", 3)
            .flags(WRITE, FAST)
            .keys(1, 2, 1)
            .docs("Rename a key, only if the new key does not exist", "1.0.0", "O(1)")
            .history(
                "3.2.0",
                "The command no longer returns an error when source and destination names are the"
                    + " same.")
            .keySpecs(
                KeySpec.index(1).flags(RW, ACCESS, DELETE), KeySpec.index(2).flags(OW, INSERT))
            .arguments(key("key", 0), key("newkey", 1))
            .handler(call -> rename(call, true)));
    table.add(
        command("copy", -3)
            .flags(WRITE, DENYOOM)
            .keys(1, 2, 1)
            .docs(
                "Copy a key",
                "6.2.0",
                "O(N) worst case for collections, where N is the number of nested items. O(1) for"
                    + " string values.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS), KeySpec.index(2).flags(OW, UPDATE))
            .arguments(
                key("source", 0),
                key("destination", 1),
                integer("destination-db").token("DB").optional(),
                pureToken("replace", "REPLACE").optional())
            .handler(KeyCommands::copy));
    table.add(
        command("move", 3)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs("Move a key to another database", "1.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, UPDATE))
            .arguments(key("key", 0), integer("db"))
            .handler(KeyCommands::move));
    table.add(
        command("touch", -2)
            .flags(READONLY, FAST)
            .keys(1, -1, 1)
            .docs(
                "Alters the last access time of a key(s). Returns the number of existing keys"
                    + " specified.",
                "3.2.1",
                "O(N) where N is the number of keys that will be touched.")
            .tips("request_policy:multi_shard", "response_policy:agg_sum")
            .keySpecs(KeySpec.index(1).range(-1, 1, 0).flags(RO))
            .arguments(key("key", 0).multiple())
            .handler(KeyCommands::touch));
    table.add(
        expireCommand("expire")
            .docs("Set a key's time to live in seconds", "1.0.0", "O(1)")
            .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(
                key("key", 0),
                integer("seconds"),
                oneOf(
                        "condition",
                        pureToken("nx", "NX"),
                        pureToken("xx", "XX"),
                        pureToken("gt", "GT"),
                        pureToken("lt", "LT"))
                    .since("7.0.0")
                    .optional())
            .handler(call -> expire(call, call.now(), true)));
    table.add(
        expireCommand("pexpire")
            .docs("Set a key's time to live in milliseconds", "2.6.0", "O(1)")
            .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(
                key("key", 0),
                integer("milliseconds"),
                oneOf(
                        "condition",
                        pureToken("nx", "NX"),
                        pureToken("xx", "XX"),
                        pureToken("gt", "GT"),
                        pureToken("lt", "LT"))
                    .since("7.0.0")
                    .optional())
            .handler(call -> expire(call, call.now(), false)));
    table.add(
        expireCommand("expireat")
            .docs("Set the expiration for a key as a UNIX timestamp", "1.2.0", "O(1)")
            .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(
                key("key", 0),
                unixTime("unix-time-seconds"),
                oneOf(
                        "condition",
                        pureToken("nx", "NX"),
                        pureToken("xx", "XX"),
                        pureToken("gt", "GT"),
                        pureToken("lt", "LT"))
                    .since("7.0.0")
                    .optional())
            .handler(call -> expire(call, 0, true)));
    table.add(
        expireCommand("pexpireat")
            .docs(
                "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
                "2.6.0",
                "O(1)")
            .history("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(
                key("key", 0),
                unixTime("unix-time-milliseconds"),
                oneOf(
                        "condition",
                        pureToken("nx", "NX"),
                        pureToken("xx", "XX"),
                        pureToken("gt", "GT"),
                        pureToken("lt", "LT"))
                    .since("7.0.0")
                    .optional())
            .handler(call -> expire(call, 0, false)));
    table.add(
        ttlCommand("ttl")
            .docs("Get the time to live for a key in seconds", "1.0.0", "O(1)")
            .history("2.8.0", "Added the -2 reply.")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0))
            .handler(call -> ttl(call, false, false)));
    table.add(
        ttlCommand("pttl")
            .docs("Get the time to live for a key in milliseconds", "2.6.0", "O(1)")
            .history("2.8.0", "Added the -2 reply.")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0))
            .handler(call -> ttl(call, true, false)));
    table.add(
        ttlCommand("expiretime")
            .docs("Get the expiration Unix timestamp for a key", "7.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0))
            .handler(call -> ttl(call, false, true)));
    table.add(
        ttlCommand("pexpiretime")
            .docs("Get the expiration Unix timestamp for a key in milliseconds", "7.0.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0))
            .handler(call -> ttl(call, true, true)));
    table.add(
        command("persist", 2)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs("Remove the expiration from a key", "2.2.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(key("key", 0))
            .handler(KeyCommands::persist));
    table.add(
        command("object", -2)
            .docs(
                "A container for object introspection commands", "2.2.3", "Depends on subcommand.")
            .subcommand(
                objectSubcommand("encoding")
                    .docs("Inspect the internal encoding of a Redis object", "2.2.3", "O(1)")
                    .tips("nondeterministic_output")
                    .keySpecs(KeySpec.index(2).flags(RO))
                    .arguments(key("key", 0))
                    .handler(KeyCommands::objectEncoding))
            .subcommand(
                objectSubcommand("freq")
                    .docs(
                        "Get the logarithmic access frequency counter of a Redis object",
                        "4.0.0",
                        "O(1)")
                    .tips("nondeterministic_output")
                    .keySpecs(KeySpec.index(2).flags(RO))
                    .arguments(key("key", 0))
                    .handler(KeyCommands::objectFreq))
            .subcommand(
                command("help", 2)
                    .flags(LOADING, STALE)
                    .docs("Show helpful text about the different subcommands", "6.2.0", "O(1)")
                    .handler(KeyCommands::objectHelp))
            .subcommand(
                objectSubcommand("idletime")
                    .docs("Get the time since a Redis object was last accessed", "2.2.3", "O(1)")
                    .tips("nondeterministic_output")
                    .keySpecs(KeySpec.index(2).flags(RO))
                    .arguments(key("key", 0))
                    .handler(KeyCommands::objectIdleTime))
            .subcommand(
                objectSubcommand("refcount")
                    .docs("Get the number of references to the value of the key", "2.2.3", "O(1)")
                    .tips("nondeterministic_output")
                    .keySpecs(KeySpec.index(2).flags(RO))
                    .arguments(key("key", 0))
                    .handler(KeyCommands::objectRefCount)));
  }

  private static CommandSpec.Builder expireCommand(String name) {
    return command(name, -3).flags(WRITE, FAST).keys(1, 1, 1);
  }

  private static CommandSpec.Builder ttlCommand(String name) {
    return command(name, 2).flags(READONLY, FAST).keys(1, 1, 1);
  }

  private static CommandSpec.Builder objectSubcommand(String name) {
    return command(name, 3).flags(READONLY).keys(2, 2, 1);
  }

  // ---------------------------------------------------------------------------------------------
  // Existence and deletion

  /** DEL and UNLINK: the effect names only the keys that were really deleted. */
  private static void delete(Invocation call, byte[] effectName) {
    Database db = call.db();
    List<byte[]> deleted = new ArrayList<>();
    for (int i = 1; i < call.argc(); i++) {
      if (db.delete(call.arg(i), call.now())) {
        deleted.add(call.arg(i));
        call.notify(NotifyClass.GENERIC, "del", call.arg(i));
      }
    }
    if (!deleted.isEmpty()) {
      byte[][] effect = new byte[deleted.size() + 1][];
      effect[0] = effectName;
      for (int i = 0; i < deleted.size(); i++) {
        effect[i + 1] = deleted.get(i);
      }
      call.propagate(effect);
      call.dirty(deleted.size());
    }
    call.reply().integer(deleted.size());
  }

  /** A key named twice counts twice, as in Redis. */
  private static void exists(Invocation call) {
    Database db = call.db();
    long found = 0;
    for (int i = 1; i < call.argc(); i++) {
      if (db.lookupReadNoTouch(call.arg(i), call.now()) != null) {
        found++;
      }
    }
    call.reply().integer(found);
  }

  private static void touch(Invocation call) {
    Database db = call.db();
    long touched = 0;
    for (int i = 1; i < call.argc(); i++) {
      if (db.lookupRead(call.arg(i), call.now()) != null) {
        touched++;
      }
    }
    call.reply().integer(touched);
  }

  private static void type(Invocation call) {
    Entry entry = call.db().lookupReadNoTouch(call.arg(1), call.now());
    call.reply().simpleString(entry == null ? "none" : Values.type(entry.value()).typeName());
  }

  // ---------------------------------------------------------------------------------------------
  // Iteration

  /** KEYS skips expired keys without deleting them: the visitor must not change the table. */
  private static void keys(Invocation call) {
    byte[] pattern = call.arg(1);
    boolean all = pattern.length == 1 && pattern[0] == '*';
    long now = call.now();
    List<byte[]> matched = new ArrayList<>();
    call.db()
        .forEach(
            entry -> {
              if ((all || Glob.matches(pattern, entry.key(), false)) && !isExpired(entry, now)) {
                matched.add(entry.key());
              }
            });
    ReplySink reply = call.reply();
    reply.arrayHeader(matched.size());
    for (byte[] key : matched) {
      reply.bulk(key);
    }
  }

  /**
   * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. Like Redis, a call walks buckets until
   * it holds COUNT keys or has made COUNT × 10 steps, then filters by pattern, expiry (deleting
   * expired keys it meets) and type; so a call may answer fewer than COUNT keys, even none, with a
   * cursor that is not 0.
   */
  private static void scan(Invocation call) {
    long cursor = ScanArguments.parseCursor(call.arg(1));
    ScanArguments options = ScanArguments.parse(call, 2, true);
    long count = options.count();

    Database db = call.db();
    List<byte[]> visited = new ArrayList<>();
    long maxSteps = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
    do {
      cursor = db.scan(cursor, entry -> visited.add(entry.key()));
    } while (cursor != 0 && maxSteps-- != 0 && visited.size() < count);

    List<byte[]> keys = new ArrayList<>(visited.size());
    for (byte[] key : visited) {
      if (!options.matches(key)) {
        continue;
      }
      Entry live = db.peek(key, call.now());
      if (live == null) {
        continue;
      }
      if (options.typeFilter() != null
          && !options.typeFilter().equalsIgnoreCase(Values.type(live.value()).typeName())) {
        continue;
      }
      keys.add(key);
    }

    ReplySink reply = call.reply();
    reply.arrayHeader(2);
    reply.bulk(Long.toUnsignedString(cursor));
    reply.arrayHeader(keys.size());
    for (byte[] key : keys) {
      reply.bulk(key);
    }
  }

  /**
   * A key chosen at random. Expired candidates are deleted as they are met, so every failed try
   * shrinks the database and the loop ends within as many tries as there are keys.
   */
  private static void randomKey(Invocation call) {
    Database db = call.db();
    while (true) {
      Entry candidate = db.randomEntry(call.engine().random());
      if (candidate == null) {
        call.reply().nullBulk();
        return;
      }
      if (!db.expireIfNeeded(candidate, call.now())) {
        call.reply().bulk(candidate.key());
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Renaming, copying, moving

  private static void rename(Invocation call, boolean onlyIfAbsent) {
    Database db = call.db();
    byte[] source = call.arg(1);
    byte[] target = call.arg(2);
    Entry entry = db.lookupWrite(source, call.now());
    if (entry == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    if (Arrays.equals(source, target)) {
      // Nothing changes, so nothing is streamed; a missing key was still an error above.
      if (onlyIfAbsent) {
        call.reply().integer(0);
      } else {
        call.reply().ok();
      }
      return;
    }
    if (db.lookupWrite(target, call.now()) != null) {
      if (onlyIfAbsent) {
        call.reply().integer(0);
        return;
      }
      db.remove(target);
    }
    long expireAt = entry.expireAt();
    Object value = entry.value();
    int encodingHint = entry.encodingHint();
    db.remove(source);
    Entry renamed = db.add(target, value, call.now());
    renamed.encodingHint(encodingHint);
    if (expireAt != Entry.NO_EXPIRY) {
      db.setExpireAt(renamed, expireAt);
    }
    call.notify(NotifyClass.GENERIC, "rename_from", source);
    call.notify(NotifyClass.GENERIC, "rename_to", target);
    call.propagateAsIs();
    call.dirty(1);
    if (onlyIfAbsent) {
      call.reply().integer(1);
    } else {
      call.reply().ok();
    }
  }

  /** COPY source destination [DB destination-db] [REPLACE]; the copy keeps the source's TTL. */
  private static void copy(Invocation call) {
    Engine engine = call.engine();
    int sourceIndex = call.session().db();
    int targetIndex = sourceIndex;
    boolean replace = false;
    for (int i = 3; i < call.argc(); i++) {
      if (call.argIs(i, "replace")) {
        replace = true;
      } else if (call.argIs(i, "db") && i + 1 < call.argc()) {
        targetIndex = databaseIndex(call, i + 1);
        i++;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    byte[] source = call.arg(1);
    byte[] target = call.arg(2);
    if (sourceIndex == targetIndex && Arrays.equals(source, target)) {
      throw new CommandException(Errors.SAME_OBJECT);
    }
    Database sourceDb = engine.database(sourceIndex);
    Database targetDb = engine.database(targetIndex);
    Entry entry = sourceDb.lookupRead(source, call.now());
    if (entry == null) {
      call.reply().integer(0);
      return;
    }
    if (targetDb.lookupWrite(target, call.now()) != null) {
      if (!replace) {
        call.reply().integer(0);
        return;
      }
      targetDb.remove(target);
    }
    Entry copied = targetDb.add(target, Values.duplicate(entry.value()), call.now());
    copied.encodingHint(entry.encodingHint());
    if (entry.hasExpiry()) {
      targetDb.setExpireAt(copied, entry.expireAt());
    }
    call.notify(NotifyClass.GENERIC, "copy_to", target, targetIndex);
    call.propagateAsIs();
    call.dirty(1);
    call.reply().integer(1);
  }

  /** MOVE key db: the key keeps its TTL; nothing moves when the target already has the key. */
  private static void move(Invocation call) {
    Engine engine = call.engine();
    int sourceIndex = call.session().db();
    int targetIndex = databaseIndex(call, 2);
    if (sourceIndex == targetIndex) {
      throw new CommandException(Errors.SAME_OBJECT);
    }
    Database sourceDb = engine.database(sourceIndex);
    Database targetDb = engine.database(targetIndex);
    byte[] key = call.arg(1);
    Entry entry = sourceDb.lookupWrite(key, call.now());
    if (entry == null || targetDb.lookupWrite(key, call.now()) != null) {
      call.reply().integer(0);
      return;
    }
    long expireAt = entry.expireAt();
    Object value = entry.value();
    int encodingHint = entry.encodingHint();
    sourceDb.remove(key);
    Entry moved = targetDb.add(key, value, call.now());
    moved.encodingHint(encodingHint);
    if (expireAt != Entry.NO_EXPIRY) {
      targetDb.setExpireAt(moved, expireAt);
    }
    call.notify(NotifyClass.GENERIC, "move_from", key, sourceIndex);
    call.notify(NotifyClass.GENERIC, "move_to", key, targetIndex);
    call.propagateAsIs();
    call.dirty(1);
    call.reply().integer(1);
  }

  /** A database number argument: an int (else Redis's range error), then a database we have. */
  private static int databaseIndex(Invocation call, int argIndex) {
    long index = call.argLong(argIndex);
    if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
      throw new CommandException(Errors.INT_OUT_OF_RANGE);
    }
    if (index < 0 || index >= call.engine().databaseCount()) {
      throw new CommandException(Errors.DB_INDEX_OUT_OF_RANGE);
    }
    return (int) index;
  }

  // ---------------------------------------------------------------------------------------------
  // Expiry

  private static final int EXPIRE_NX = 1;
  private static final int EXPIRE_XX = 2;
  private static final int EXPIRE_GT = 4;
  private static final int EXPIRE_LT = 8;

  /**
   * EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT: {@code basetime} is now for the relative forms and 0
   * for the absolute ones. Options are checked before the number, as Redis does. The effect is
   * always {@code PEXPIREAT key <absolute ms>}, or {@code DEL key} when the time has already
   * passed.
   */
  private static void expire(Invocation call, long basetime, boolean seconds) {
    int conditions = parseExpireConditions(call);
    long when = call.argLong(2);
    if (seconds) {
      if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
        throw new CommandException(Errors.invalidExpireTime(call.spec().fullName()));
      }
      when *= 1000;
    }
    if (when > Long.MAX_VALUE - basetime) {
      throw new CommandException(Errors.invalidExpireTime(call.spec().fullName()));
    }
    when += basetime;

    Database db = call.db();
    byte[] key = call.arg(1);
    Entry entry = db.lookupWrite(key, call.now());
    if (entry == null || !expireConditionsHold(conditions, entry, when)) {
      call.reply().integer(0);
      return;
    }
    if (when <= call.now()) {
      db.remove(key);
      call.notify(NotifyClass.GENERIC, "del", key);
      call.propagate(DEL, key);
    } else {
      db.setExpireAt(entry, when);
      call.notify(NotifyClass.GENERIC, "expire", key);
      call.propagate(PEXPIREAT, key, Numbers.toBytes(when));
    }
    call.dirty(1);
    call.reply().integer(1);
  }

  private static int parseExpireConditions(Invocation call) {
    int conditions = 0;
    for (int i = 3; i < call.argc(); i++) {
      if (call.argIs(i, "nx")) {
        conditions |= EXPIRE_NX;
      } else if (call.argIs(i, "xx")) {
        conditions |= EXPIRE_XX;
      } else if (call.argIs(i, "gt")) {
        conditions |= EXPIRE_GT;
      } else if (call.argIs(i, "lt")) {
        conditions |= EXPIRE_LT;
      } else {
        throw new CommandException(Errors.unsupportedOption(call.argString(i)));
      }
    }
    if ((conditions & EXPIRE_NX) != 0 && (conditions & ~EXPIRE_NX) != 0) {
      throw new CommandException(Errors.EXPIRE_NX_WITH_OTHERS);
    }
    if ((conditions & EXPIRE_GT) != 0 && (conditions & EXPIRE_LT) != 0) {
      throw new CommandException(Errors.EXPIRE_GT_WITH_LT);
    }
    return conditions;
  }

  /** A key without a TTL counts as expiring never: GT always fails on it, LT always holds. */
  private static boolean expireConditionsHold(int conditions, Entry entry, long when) {
    boolean hasTtl = entry.hasExpiry();
    if ((conditions & EXPIRE_NX) != 0 && hasTtl) {
      return false;
    }
    if ((conditions & EXPIRE_XX) != 0 && !hasTtl) {
      return false;
    }
    if ((conditions & EXPIRE_GT) != 0 && (!hasTtl || when <= entry.expireAt())) {
      return false;
    }
    return (conditions & EXPIRE_LT) == 0 || !hasTtl || when < entry.expireAt();
  }

  /** TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 without the key, -1 without a TTL. */
  private static void ttl(Invocation call, boolean millis, boolean absolute) {
    Entry entry = call.db().lookupReadNoTouch(call.arg(1), call.now());
    if (entry == null) {
      call.reply().integer(-2);
      return;
    }
    if (!entry.hasExpiry()) {
      call.reply().integer(-1);
      return;
    }
    long value = Math.max(0, absolute ? entry.expireAt() : entry.expireAt() - call.now());
    call.reply().integer(millis ? value : roundedSeconds(value));
  }

  /** Milliseconds to the nearest second, half up, without overflowing near Long.MAX_VALUE. */
  private static long roundedSeconds(long millis) {
    return millis / 1000 + (millis % 1000 + 500) / 1000;
  }

  private static void persist(Invocation call) {
    Entry entry = call.db().lookupWrite(call.arg(1), call.now());
    if (entry == null || !call.db().persist(entry)) {
      call.reply().integer(0);
      return;
    }
    call.notify(NotifyClass.GENERIC, "persist", call.arg(1));
    call.propagateAsIs();
    call.dirty(1);
    call.reply().integer(1);
  }

  // ---------------------------------------------------------------------------------------------
  // OBJECT

  private static void objectEncoding(Invocation call) {
    Entry entry = call.db().lookupReadQuiet(call.arg(2), call.now());
    if (entry == null) {
      call.reply().nullBulk();
      return;
    }
    call.reply().bulk(Values.encoding(entry));
  }

  /**
   * Redstone keeps no LFU counter, so under an LFU policy this answers what Redis would for a key
   * not read since it was written: the initial counter, decayed by one per {@code lfu-decay-time}
   * minutes of idleness.
   */
  private static void objectFreq(Invocation call) {
    Entry entry = call.db().lookupReadQuiet(call.arg(2), call.now());
    if (entry == null) {
      call.reply().nullBulk();
      return;
    }
    if (!isLfuPolicy(call)) {
      throw new CommandException(Errors.LFU_NOT_SELECTED);
    }
    long decayMinutes = configLong(call, "lfu-decay-time", 1);
    long idleMinutes = idleSeconds(call, entry) / 60;
    long decayed = decayMinutes <= 0 ? 0 : idleMinutes / decayMinutes;
    call.reply().integer(Math.max(0, LFU_INIT_VAL - decayed));
  }

  private static void objectIdleTime(Invocation call) {
    Entry entry = call.db().lookupReadQuiet(call.arg(2), call.now());
    if (entry == null) {
      call.reply().nullBulk();
      return;
    }
    if (isLfuPolicy(call)) {
      throw new CommandException(Errors.LFU_SELECTED);
    }
    call.reply().integer(idleSeconds(call, entry));
  }

  /**
   * 1, except where Redis would hand out one of its shared integer objects (0 to 9999, unless an
   * LRU or LFU policy with a memory limit needs per-key access data): those report INT_MAX.
   */
  private static void objectRefCount(Invocation call) {
    Entry entry = call.db().lookupReadQuiet(call.arg(2), call.now());
    if (entry == null) {
      call.reply().nullBulk();
      return;
    }
    call.reply().integer(refCount(call, entry));
  }

  /** What OBJECT REFCOUNT and DEBUG OBJECT report for the entry's value. */
  public static long refCount(Invocation call, Entry entry) {
    boolean shared = Values.mayBeShared(entry.value()) && sharedIntegersUsable(call);
    return shared ? SHARED_REFCOUNT : 1;
  }

  private static void objectHelp(Invocation call) {
    ReplySink reply = call.reply();
    reply.arrayHeader(OBJECT_HELP.length);
    for (String line : OBJECT_HELP) {
      reply.simpleString(line);
    }
  }

  /** Seconds since the key was last read or written: OBJECT IDLETIME, DEBUG OBJECT. */
  public static long idleSeconds(Invocation call, Entry entry) {
    // The clock wraps; the difference modulo its range is right for any idle time under 194 days.
    return (Database.accessClock(call.now()) - entry.accessClock()) & Entry.CLOCK_MASK;
  }

  private static boolean isLfuPolicy(Invocation call) {
    return maxmemoryPolicy(call).endsWith("-lfu");
  }

  private static boolean sharedIntegersUsable(Invocation call) {
    String policy = maxmemoryPolicy(call);
    boolean needsPerKeyData = policy.endsWith("-lru") || policy.endsWith("-lfu");
    return configLong(call, "maxmemory", 0) == 0 || !needsPerKeyData;
  }

  /** Read only if the directive exists; without it Redstone behaves as {@code noeviction}. */
  private static String maxmemoryPolicy(Invocation call) {
    String policy = call.engine().config().get("maxmemory-policy");
    return policy == null ? "noeviction" : policy;
  }

  /**
   * A numeric directive, or the fallback when it is absent; a value we cannot read counts as set.
   */
  private static long configLong(Invocation call, String name, long fallback) {
    String value = call.engine().config().get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static boolean isExpired(Entry entry, long now) {
    return entry.hasExpiry() && now > entry.expireAt();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
