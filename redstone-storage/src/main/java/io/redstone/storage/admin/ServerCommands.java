package io.redstone.storage.admin;

import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.ADMIN;
import static io.redstone.storage.command.CommandFlag.ALLOW_BUSY;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.NO_MULTI;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.CommandSpec.command;

import io.redstone.storage.Database;
import io.redstone.storage.command.CommandDocs;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.HelpReply;
import io.redstone.storage.command.Invocation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Server commands: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, SHUTDOWN, DEBUG and INFO. */
public final class ServerCommands {
  private static final Logger log = LoggerFactory.getLogger(ServerCommands.class);

  /** The leading number strtod would read, which is all DEBUG SLEEP looks at. */
  private static final Pattern LEADING_DOUBLE =
      Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private ServerCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        command("dbsize", 1)
            .flags(READONLY, FAST)
            .group(CommandGroup.SERVER)
            .acl("keyspace")
            .docs("Return the number of keys in the selected database", "1.0.0", "O(1)")
            .tips("request_policy:all_shards", "response_policy:agg_sum")
            .handler(call -> call.reply().integer(call.db().size())));
    table.add(
        command("flushdb", -1)
            .flags(WRITE)
            .group(CommandGroup.SERVER)
            .acl("keyspace", "dangerous")
            .docs(
                "Remove all keys from the current database",
                "1.0.0",
                "O(N) where N is the number of keys in the selected database")
            .history("4.0.0", "Added the `ASYNC` flushing mode modifier.")
            .history("6.2.0", "Added the `SYNC` flushing mode modifier.")
            .tips("request_policy:all_shards", "response_policy:all_succeeded")
            .arguments(
                oneOf(
                        "async",
                        pureToken("async", "ASYNC").since("4.0.0"),
                        pureToken("sync", "SYNC").since("6.2.0"))
                    .optional())
            .handler(ServerCommands::flushdb));
    table.add(
        command("flushall", -1)
            .flags(WRITE)
            .group(CommandGroup.SERVER)
            .acl("keyspace", "dangerous")
            .docs(
                "Remove all keys from all databases",
                "1.0.0",
                "O(N) where N is the total number of keys in all databases")
            .history("4.0.0", "Added the `ASYNC` flushing mode modifier.")
            .history("6.2.0", "Added the `SYNC` flushing mode modifier.")
            .tips("request_policy:all_shards", "response_policy:all_succeeded")
            .arguments(
                oneOf(
                        "async",
                        pureToken("async", "ASYNC").since("4.0.0"),
                        pureToken("sync", "SYNC").since("6.2.0"))
                    .optional())
            .handler(ServerCommands::flushall));
    table.add(
        command("swapdb", 3)
            .flags(WRITE, FAST)
            .group(CommandGroup.SERVER)
            .acl("keyspace", "dangerous")
            .docs(
                "Swaps two Redis databases",
                "4.0.0",
                "O(N) where N is the count of clients watching or blocking on keys from both"
                    + " databases.")
            .arguments(integer("index1"), integer("index2"))
            .handler(ServerCommands::swapdb));
    table.add(
        command("time", 1)
            .flags(LOADING, STALE, FAST)
            .group(CommandGroup.SERVER)
            .docs("Return the current server time", "2.6.0", "O(1)")
            .tips("nondeterministic_output")
            .handler(ServerCommands::time));
    table.add(
        command("shutdown", -1)
            .flags(ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, ALLOW_BUSY)
            .group(CommandGroup.SERVER)
            .docs(
                "Synchronously save the dataset to disk and then shut down the server",
                "1.0.0",
                "O(N) when saving, where N is the total number of keys in all databases when"
                    + " saving data, otherwise O(1)")
            .history("7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers.")
            .arguments(
                oneOf("nosave_save", pureToken("nosave", "NOSAVE"), pureToken("save", "SAVE"))
                    .optional(),
                pureToken("now", "NOW").since("7.0.0").optional(),
                pureToken("force", "FORCE").since("7.0.0").optional(),
                pureToken("abort", "ABORT").since("7.0.0").optional())
            .handler(ServerCommands::shutdown));
    table.add(
        command("debug", -2)
            .flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .group(CommandGroup.SERVER)
            .docs("A container for debugging commands", "1.0.0", "Depends on subcommand.")
            .docFlags(CommandDocs.DocFlag.SYSCMD)
            .protectedBy("enable-debug-command")
            .handler(ServerCommands::debug));
    table.add(
        command("info", -1)
            .flags(LOADING, STALE)
            .group(CommandGroup.SERVER)
            .acl("dangerous")
            .docs("Get information and statistics about the server", "1.0.0", "O(1)")
            .history("7.0.0", "Added support for taking multiple section arguments.")
            .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
            .arguments(string("section").optional().multiple())
            .handler(ServerCommands::info));
  }

  /**
   * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. On success there is no reply: the connection
   * closes as the server stops. SHUTDOWN does not save on the way out (SAVE and BGSAVE do, but this
   * command does not call them), so an explicit SAVE fails as a failed save does in Redis; a plain
   * SHUTDOWN stops, as Redis does without save points.
   */
  private static void shutdown(Invocation call) {
    boolean save = false;
    boolean nosave = false;
    boolean abort = false;
    boolean nowOrForce = false;
    for (int i = 1; i < call.argc(); i++) {
      if (call.argIs(i, "nosave")) {
        nosave = true;
      } else if (call.argIs(i, "save")) {
        save = true;
      } else if (call.argIs(i, "now") || call.argIs(i, "force")) {
        nowOrForce = true;
      } else if (call.argIs(i, "abort")) {
        abort = true;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if ((save && nosave) || (abort && (save || nosave || nowOrForce))) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (abort) {
      // A shutdown here is immediate, so there is never one in progress to abort.
      throw new CommandException(Errors.NO_SHUTDOWN_IN_PROGRESS);
    }
    if (save) {
      log.warn("SHUTDOWN SAVE refused: this server cannot save a snapshot yet");
      throw new CommandException(Errors.SHUTDOWN_FAILED);
    }
    if (!call.engine().requestShutdown()) {
      log.warn("SHUTDOWN refused: no server owns this engine");
      throw new CommandException(Errors.SHUTDOWN_FAILED);
    }
    call.session().close();
  }

  private static void flushdb(Invocation call) {
    parseFlushMode(call);
    Database db = call.db();
    long removed = db.size();
    db.clear();
    call.engine().flushed();
    call.dirty(removed);
    call.propagateAsIs();
    call.reply().ok();
  }

  /** Logged once as FLUSHALL, not as one FLUSHDB per database. */
  private static void flushall(Invocation call) {
    parseFlushMode(call);
    long removed = 0;
    for (int i = 0; i < call.engine().databaseCount(); i++) {
      Database db = call.engine().database(i);
      removed += db.size();
      db.clear();
    }
    call.engine().flushed();
    call.dirty(removed);
    call.propagateAsIs();
    call.reply().ok();
  }

  /** [ASYNC|SYNC]: both free at once here; the word only has to be one of the two. */
  private static void parseFlushMode(Invocation call) {
    if (call.argc() > 2
        || (call.argc() == 2 && !call.argIs(1, "ASYNC") && !call.argIs(1, "SYNC"))) {
      throw new CommandException(Errors.SYNTAX);
    }
  }

  private static void swapdb(Invocation call) {
    int first = databaseIndex(call, 1, Errors.INVALID_FIRST_DB);
    int second = databaseIndex(call, 2, Errors.INVALID_SECOND_DB);
    int count = call.engine().databaseCount();
    if (first < 0 || first >= count || second < 0 || second >= count) {
      throw new CommandException(Errors.DB_INDEX_OUT_OF_RANGE);
    }
    call.engine().swapDatabases(first, second);
    call.dirty(1);
    call.propagateAsIs();
    call.reply().ok();
  }

  /** An int argument, with the command's own error for anything that is not one. */
  private static int databaseIndex(Invocation call, int index, String error) {
    long value = call.argLong(index, error);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new CommandException(error);
    }
    return (int) value;
  }

  /** Unix seconds and microseconds, from the command's clock reading. */
  private static void time(Invocation call) {
    long now = call.now();
    call.reply().arrayHeader(2);
    call.reply().bulk(Long.toString(Math.floorDiv(now, 1000)));
    call.reply().bulk(Long.toString(Math.floorMod(now, 1000) * 1000));
  }

  /** The subcommands tests and operators use; the rest answer Redis's DEBUG error. */
  private static void debug(Invocation call) {
    String sub = call.argString(1).toLowerCase(Locale.ROOT);
    int operands = call.argc() - 2;
    if (sub.equals("help") && operands == 0) {
      HelpReply.write(
          call,
          "LOG <message>",
          "    Write <message> to the server log.",
          "OBJECT <key>",
          "    Show low level info about `key` and associated value.",
          "RELOAD",
          "    Save the dataset to disk and reload it back to memory.",
          "SET-ACTIVE-EXPIRE <0|1>",
          "    Setting it to 0 disables expiring keys in background when they are not accessed"
              + " (otherwise the Redis behavior). Setting it to 1 reenables back the default.",
          "SLEEP <seconds>",
          "    Stop the server for <seconds>. Decimals allowed.");
    } else if (sub.equals("log") && operands == 1) {
      log.warn("DEBUG LOG: {}", call.argString(2));
      call.reply().ok();
    } else if (sub.equals("sleep") && operands == 1) {
      sleep(leadingDouble(call.argString(2)));
      call.reply().ok();
    } else if (sub.equals("object") && operands == 1) {
      DebugObject.reply(call, call.arg(2));
    } else if (sub.equals("reload") && operands == 0) {
      call.engine().persistence().reload();
      call.reply().ok();
    } else if (sub.equals("set-active-expire") && operands == 1) {
      call.engine().activeExpireEnabled(leadingInt(call.argString(2)) != 0);
      call.reply().ok();
    } else {
      throw new CommandException(Errors.subcommandSyntax(call.argString(1), call.argString(0)));
    }
  }

  /**
   * Blocks the storage thread, and so every client, as DEBUG SLEEP blocks Redis. Fractions of a
   * second are honoured; zero, negative and non-numbers return at once.
   */
  private static void sleep(double seconds) {
    long micros = (long) (seconds * 1_000_000);
    if (micros <= 0) {
      return;
    }
    try {
      Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** As C's strtod: the leading number, 0 when there is none. */
  private static double leadingDouble(String text) {
    Matcher matcher = LEADING_DOUBLE.matcher(text);
    return matcher.find() ? Double.parseDouble(matcher.group().trim()) : 0;
  }

  /** As C's atoi: optional sign and the leading digits, 0 when there are none. */
  private static long leadingInt(String text) {
    String trimmed = text.stripLeading();
    int end = 0;
    if (end < trimmed.length() && (trimmed.charAt(end) == '-' || trimmed.charAt(end) == '+')) {
      end++;
    }
    int digitsStart = end;
    while (end < trimmed.length()
        && end - digitsStart < 18
        && Character.isDigit(trimmed.charAt(end))) {
      end++;
    }
    return end == digitsStart ? 0 : Long.parseLong(trimmed.substring(0, end));
  }

  private static void info(Invocation call) {
    List<String> sections = new ArrayList<>();
    for (int i = 1; i < call.argc(); i++) {
      sections.add(call.argString(i));
    }
    String text = InfoReport.render(call.engine(), call.now(), sections);
    call.reply().verbatim("txt", text.getBytes(StandardCharsets.UTF_8));
  }
}
