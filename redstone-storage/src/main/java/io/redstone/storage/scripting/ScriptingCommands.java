package io.redstone.storage.scripting;

import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.ALLOW_BUSY;
import static io.redstone.storage.command.CommandFlag.DENYOOM;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.MOVABLE_KEYS;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.NO_MANDATORY_KEYS;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.SKIP_MONITOR;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.CommandSpec.command;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.command.KeySpec.Flag.RW;
import static io.redstone.storage.command.KeySpec.Flag.UPDATE;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.HelpReply;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT, FUNCTION, FCALL and FCALL_RO, declared as Redis 7.0
 * declares them.
 */
public final class ScriptingCommands {
  private ScriptingCommands() {}

  static final String NOSCRIPT_ERROR = "NOSCRIPT No matching script. Please use EVAL.";

  public static void register(CommandTable.Builder table) {
    for (String name : new String[] {"eval", "evalsha", "eval_ro", "evalsha_ro"}) {
      boolean ro = name.endsWith("_ro");
      boolean sha = name.startsWith("evalsha");
      table.add(
          scriptCommand(
                  name,
                  ro,
                  ro
                      ? "Execute a read-only Lua script server side"
                      : "Execute a Lua script server side",
                  ro ? "7.0.0" : "2.6.0",
                  "Depends on the script that is executed.",
                  sha ? "sha1" : "script",
                  name.equals("eval") || name.equals("eval_ro"))
              .handler(call -> eval(call, sha, ro)));
    }
    for (String name : new String[] {"fcall", "fcall_ro"}) {
      boolean ro = name.endsWith("_ro");
      table.add(
          scriptCommand(
                  name,
                  ro,
                  ro ? "Invoke a read-only function" : "Invoke a function",
                  "7.0.0",
                  "Depends on the function that is executed.",
                  "function",
                  true)
              .handler(call -> fcall(call, ro)));
    }
    table.add(scriptContainer());
    table.add(functionContainer());
  }

  private static CommandSpec.Builder scriptCommand(
      String name,
      boolean ro,
      String summary,
      String since,
      String complexity,
      String first,
      boolean notes) {
    KeySpec keys = KeySpec.index(2).keyNum(0, 1, 1);
    keys = ro ? keys.flags(RO, ACCESS) : keys.flags(RW, ACCESS, UPDATE);
    if (notes) {
      keys =
          keys.notes(
              ro
                  ? "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS"
                  : "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE");
    }
    CommandSpec.Builder spec = command(name, -3);
    if (ro) {
      spec.flags(READONLY);
    }
    return spec.flags(NOSCRIPT, STALE, SKIP_MONITOR, NO_MANDATORY_KEYS, MOVABLE_KEYS)
        .group(CommandGroup.SCRIPTING)
        .docs(summary, since, complexity)
        .keySpecs(keys)
        .arguments(
            string(first),
            integer("numkeys"),
            key("key", 0).optional().multiple(),
            string("arg").optional().multiple());
  }

  private static CommandSpec.Builder scriptContainer() {
    return command("script", -2)
        .group(CommandGroup.SCRIPTING)
        .docs("A container for Lua scripts management commands", "2.6.0", "Depends on subcommand.")
        .subcommand(
            command("load", 3)
                .flags(NOSCRIPT, STALE)
                .docs(
                    "Load the specified Lua script into the script cache.",
                    "2.6.0",
                    "O(N) with N being the length in bytes of the script body.")
                .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                .arguments(string("script"))
                .handler(ScriptingCommands::scriptLoad))
        .subcommand(
            command("exists", -3)
                .flags(NOSCRIPT)
                .docs(
                    "Check existence of scripts in the script cache.",
                    "2.6.0",
                    "O(N) with N being the number of scripts to check (so checking a single script"
                        + " is an O(1) operation).")
                .tips("request_policy:all_shards", "response_policy:agg_logical_and")
                .arguments(string("sha1").multiple())
                .handler(ScriptingCommands::scriptExists))
        .subcommand(
            command("flush", -2)
                .flags(NOSCRIPT)
                .docs(
                    "Remove all the scripts from the script cache.",
                    "2.6.0",
                    "O(N) with N being the number of scripts in cache")
                .history("6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers.")
                .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                .arguments(
                    oneOf("async", pureToken("async", "ASYNC"), pureToken("sync", "SYNC"))
                        .since("6.2.0")
                        .optional())
                .handler(ScriptingCommands::scriptFlush))
        .subcommand(
            command("kill", 2)
                .flags(NOSCRIPT, ALLOW_BUSY)
                .docs("Kill the script currently in execution.", "2.6.0", "O(1)")
                .tips("request_policy:all_shards", "response_policy:one_succeeded")
                .handler(call -> scripting(call).kill(true)))
        .subcommand(
            command("help", 2)
                .flags(LOADING, STALE)
                .docs("Show helpful text about the different subcommands", "5.0.0", "O(1)")
                .handler(ScriptingCommands::scriptHelp));
  }

  private static CommandSpec.Builder functionContainer() {
    return command("function", -2)
        .group(CommandGroup.SCRIPTING)
        .docs("A container for function commands", "7.0.0", "Depends on subcommand.")
        .subcommand(
            command("load", -3)
                .flags(WRITE, DENYOOM, NOSCRIPT)
                .docs(
                    "Create a function with the given arguments (name, code, description)",
                    "7.0.0",
                    "O(1) (considering compilation time is redundant)")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .arguments(pureToken("replace", "REPLACE").optional(), string("function-code"))
                .handler(ScriptingCommands::functionLoad))
        .subcommand(
            command("delete", 3)
                .flags(WRITE, NOSCRIPT)
                .docs("Delete a function by name", "7.0.0", "O(1)")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .arguments(string("library-name"))
                .handler(ScriptingCommands::functionDelete))
        .subcommand(
            command("list", -2)
                .flags(NOSCRIPT)
                .docs(
                    "List information about all the functions",
                    "7.0.0",
                    "O(N) where N is the number of functions")
                .tips("nondeterministic_output_order")
                .arguments(
                    string("library-name-pattern").token("LIBRARYNAME").optional(),
                    pureToken("withcode", "WITHCODE").optional())
                .handler(ScriptingCommands::functionList))
        .subcommand(
            command("flush", -2)
                .flags(WRITE, NOSCRIPT)
                .docs(
                    "Deleting all functions",
                    "7.0.0",
                    "O(N) where N is the number of functions deleted")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .arguments(
                    oneOf("async", pureToken("async", "ASYNC"), pureToken("sync", "SYNC"))
                        .optional())
                .handler(ScriptingCommands::functionFlush))
        .subcommand(
            command("kill", 2)
                .flags(NOSCRIPT, ALLOW_BUSY)
                .docs("Kill the function currently in execution.", "7.0.0", "O(1)")
                .tips("request_policy:all_shards", "response_policy:one_succeeded")
                .handler(call -> scripting(call).kill(false)))
        .subcommand(
            command("stats", 2)
                .flags(NOSCRIPT, ALLOW_BUSY)
                .docs(
                    "Return information about the function currently running (name,"
                        + " description, duration)",
                    "7.0.0",
                    "O(1)")
                .tips(
                    "nondeterministic_output",
                    "request_policy:all_shards",
                    "response_policy:special")
                .handler(ScriptingCommands::functionStats))
        .subcommand(
            command("help", 2)
                .flags(LOADING, STALE)
                .docs("Show helpful text about the different subcommands", "7.0.0", "O(1)")
                .handler(ScriptingCommands::functionHelp));
  }

  private static Scripting scripting(Invocation call) {
    return call.engine().scripting();
  }

  // ---------------------------------------------------------------------------------------------
  // EVAL family

  private static void eval(Invocation call, boolean bySha, boolean ro) {
    Scripting scripting = scripting(call);
    if (bySha && call.arg(1).length != 40) {
      throw new CommandException(NOSCRIPT_ERROR);
    }
    int numkeys = numkeys(call, Errors.NOT_INTEGER);
    ScriptCache.Script script;
    if (bySha) {
      script = scripting.scripts().get(call.argString(1));
      if (script == null) {
        throw new CommandException(NOSCRIPT_ERROR);
      }
    } else {
      script = scripting.load(call.arg(1));
    }
    scripting.run(
        call.session(),
        call.argv(),
        call.reply(),
        scripting.evalRuntime(),
        script.function(),
        script.sha(),
        true,
        !script.shebang().present(),
        script.shebang().flags(),
        ro,
        numkeys);
  }

  private static int numkeys(Invocation call, String notInteger) {
    long numkeys = call.argLong(2, notInteger);
    if (numkeys > call.argc() - 3) {
      throw new CommandException("ERR Number of keys can't be greater than number of args");
    }
    if (numkeys < 0) {
      throw new CommandException("ERR Number of keys can't be negative");
    }
    return (int) numkeys;
  }

  private static void fcall(Invocation call, boolean ro) {
    Scripting scripting = scripting(call);
    FunctionLibraries.Function function = scripting.functions().function(call.argString(1));
    if (function == null) {
      throw new CommandException("ERR Function not found");
    }
    int numkeys = numkeys(call, "ERR Bad number of keys provided");
    scripting.run(
        call.session(),
        call.argv(),
        call.reply(),
        scripting.functions().runtime(),
        function.callback(),
        function.name(),
        false,
        false,
        function.flags(),
        ro,
        numkeys);
  }

  // ---------------------------------------------------------------------------------------------
  // SCRIPT

  private static void scriptLoad(Invocation call) {
    call.reply().bulk(scripting(call).load(call.arg(2)).sha());
  }

  private static void scriptExists(Invocation call) {
    ScriptCache scripts = scripting(call).scripts();
    call.reply().arrayHeader(call.argc() - 2);
    for (int i = 2; i < call.argc(); i++) {
      call.reply().integer(scripts.contains(call.argString(i)) ? 1 : 0);
    }
  }

  private static void scriptFlush(Invocation call) {
    if (call.argc() > 3
        || (call.argc() == 3 && !call.argIs(2, "SYNC") && !call.argIs(2, "ASYNC"))) {
      throw new CommandException("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
    }
    scripting(call).flushScripts();
    call.reply().ok();
  }

  private static void scriptHelp(Invocation call) {
    HelpReply.write(
        call,
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.");
  }

  // ---------------------------------------------------------------------------------------------
  // FUNCTION

  private static void functionLoad(Invocation call) {
    boolean replace = false;
    int i = 2;
    for (; i < call.argc() - 1; i++) {
      if (call.argIs(i, "REPLACE")) {
        replace = true;
      } else {
        throw new CommandException("ERR Unknown option given: " + call.argString(i));
      }
    }
    if (i != call.argc() - 1) {
      throw new CommandException("ERR Function code is missing");
    }
    String name = scripting(call).functions().load(call.arg(i), replace);
    call.dirty(1);
    // Logged as typed, as Redis propagates it: a replay runs the same code and registers the same
    // functions.
    call.propagateAsIs();
    call.reply().bulk(name);
  }

  private static void functionDelete(Invocation call) {
    if (!scripting(call).functions().delete(call.argString(2))) {
      throw new CommandException("ERR Library not found");
    }
    call.dirty(1);
    call.propagateAsIs();
    call.reply().ok();
  }

  private static void functionFlush(Invocation call) {
    if (call.argc() > 3) {
      throw new CommandException(Errors.subcommandSyntax(call.argString(1), call.argString(0)));
    }
    if (call.argc() == 3 && !call.argIs(2, "ASYNC") && !call.argIs(2, "SYNC")) {
      throw new CommandException(Errors.FUNCTION_FLUSH_MODE);
    }
    scripting(call).functions().flush();
    call.dirty(1);
    call.propagateAsIs();
    call.reply().ok();
  }

  /** [LIBRARYNAME pattern] [WITHCODE], each at most once. */
  private static void functionList(Invocation call) {
    boolean withCode = false;
    String pattern = null;
    for (int i = 2; i < call.argc(); i++) {
      if (!withCode && call.argIs(i, "WITHCODE")) {
        withCode = true;
      } else if (pattern == null && call.argIs(i, "LIBRARYNAME")) {
        if (i >= call.argc() - 1) {
          throw new CommandException(Errors.LIBRARY_NAME_MISSING);
        }
        pattern = call.argString(++i);
      } else {
        throw new CommandException(Errors.unknownArgument(call.argString(i)));
      }
    }
    List<FunctionLibraries.Library> libraries = scripting(call).functions().matching(pattern);
    ReplySink out = call.reply();
    out.arrayHeader(libraries.size());
    for (FunctionLibraries.Library library : libraries) {
      out.mapHeader(withCode ? 4 : 3);
      out.bulk("library_name");
      out.bulk(library.name());
      out.bulk("engine");
      out.bulk("LUA");
      out.bulk("functions");
      out.arrayHeader(library.functions().size());
      for (FunctionLibraries.Function function : library.functions().values()) {
        out.mapHeader(3);
        out.bulk("name");
        out.bulk(function.name());
        out.bulk("description");
        out.bulk(function.description());
        out.bulk("flags");
        out.setHeader(function.flags().size());
        for (ScriptFlag flag : function.flags()) {
          out.simpleString(flag.text);
        }
      }
      if (withCode) {
        out.bulk("library_code");
        out.bulk(library.code());
      }
    }
  }

  private static void functionStats(Invocation call) {
    Scripting scripting = scripting(call);
    ScriptRun running = scripting.running();
    if (running != null && running.eval) {
      throw new CommandException(Scripting.BUSY_SCRIPT);
    }
    ReplySink out = call.reply();
    out.mapHeader(2);
    out.bulk("running_script");
    if (running == null) {
      out.nullBulk();
    } else {
      out.mapHeader(3);
      out.bulk("name");
      out.bulk(running.name);
      out.bulk("command");
      out.arrayHeader(running.callerArgv.length);
      for (byte[] arg : running.callerArgv) {
        out.bulk(arg);
      }
      out.bulk("duration_ms");
      out.integer(running.elapsedMillis());
    }
    out.bulk("engines");
    out.mapHeader(1);
    out.bulk("LUA");
    out.mapHeader(2);
    out.bulk("libraries_count");
    out.integer(scripting.functions().libraries().size());
    out.bulk("functions_count");
    out.integer(scripting.functions().functionCount());
  }

  private static void functionHelp(Invocation call) {
    HelpReply.write(
        call,
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME"
            + " argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored using"
            + " FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a"
            + " restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision,"
            + " abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision,"
            + " replace the old",
        "      libraries with the new libraries (notice that even on this option there is a"
            + " chance of failure",
        "      in case of functions name collision with another library).");
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
