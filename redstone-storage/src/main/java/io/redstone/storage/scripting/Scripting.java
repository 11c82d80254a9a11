package io.redstone.storage.scripting;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandFlag;
import io.redstone.storage.command.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The scripting state of one engine: the EVAL script cache, the function libraries, the two Lua
 * interpreters (made on first use), and the script running now, if any. Every method runs on the
 * storage thread; a script runs to its end inside the command that started it, so nothing else
 * touches the keyspace meanwhile.
 */
public final class Scripting {
  /** A function runs: only FUNCTION KILL stops it. */
  static final String BUSY_FUNCTION =
      "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

  /** An EVAL script runs: only SCRIPT KILL stops it. */
  static final String BUSY_SCRIPT =
      "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";

  private final Engine engine;
  private final ScriptCache scripts = new ScriptCache();
  private final FunctionLibraries functions;
  private final Lrand48 random = new Lrand48();

  /** The client a script's commands run as (Redis's Lua client). */
  private final ClientSession scriptClient = ClientSession.detached(0);

  private final ReplyToLua reply = new ReplyToLua();
  private LuaRuntime evalRuntime;
  private ScriptRun running;

  public Scripting(Engine engine) {
    this.engine = engine;
    this.functions = new FunctionLibraries(this);
    scriptClient.scripted(true);
  }

  Engine engine() {
    return engine;
  }

  ClientSession scriptClient() {
    return scriptClient;
  }

  ScriptRun running() {
    return running;
  }

  ScriptCache scripts() {
    return scripts;
  }

  FunctionLibraries functions() {
    return functions;
  }

  Lrand48 random() {
    return random;
  }

  LuaRuntime evalRuntime() {
    if (evalRuntime == null) {
      evalRuntime = new LuaRuntime("user_script", RedisApi.full(this), random, false);
    }
    return evalRuntime;
  }

  // ---------------------------------------------------------------------------------------------
  // Function libraries for persistence

  /**
   * The code of every function library, in the order FUNCTION LIST gives them: what a snapshot or a
   * rewrite's base stores, taken at the instant its walk starts. The arrays are never changed
   * (FUNCTION LOAD keeps its own copy, and a REPLACE makes a new library), so they may be written
   * on another thread.
   */
  public List<byte[]> libraryCodes() {
    List<byte[]> codes = new ArrayList<>();
    for (FunctionLibraries.Library library : functions.libraries()) {
      codes.add(library.code());
    }
    return codes;
  }

  /** Scripts in the EVAL cache: INFO's {@code number_of_cached_scripts}. */
  public int cachedScripts() {
    return scripts.size();
  }

  /** Functions over all libraries: INFO's {@code number_of_functions}. */
  public int functionCount() {
    return functions.functionCount();
  }

  /** Libraries loaded: INFO's {@code number_of_libraries}. */
  public int libraryCount() {
    return functions.libraries().size();
  }

  /**
   * Loads a library a snapshot stored, as FUNCTION LOAD without REPLACE does (Redis loads an RDB's
   * functions the same way): a name or function already taken, or code that no longer loads, is
   * refused with FUNCTION LOAD's error.
   *
   * @throws CommandException with that error
   */
  public void restoreLibrary(byte[] code) {
    functions.load(code, false);
  }

  /** Forgets every library, as FUNCTION FLUSH does: before DEBUG RELOAD loads them back. */
  public void flushLibraries() {
    functions.flush();
  }

  /** Forgets every cached script and starts a fresh interpreter, as SCRIPT FLUSH does. */
  void flushScripts() {
    scripts.clear();
    evalRuntime = null;
  }

  /** Compiles and caches {@code body} (SCRIPT LOAD, EVAL); returns its SHA1. */
  ScriptCache.Script load(byte[] body) {
    String sha = RedisApi.sha1hex(body);
    ScriptCache.Script cached = scripts.get(sha);
    if (cached != null) {
      return cached;
    }
    Shebang shebang = Shebang.parse(body);
    LuaFunction function;
    try {
      function = evalRuntime().compile(body, shebang.length());
    } catch (LuaError e) {
      throw new CommandException("ERR Error compiling script (new function): " + e.getMessage());
    }
    ScriptCache.Script script = new ScriptCache.Script(sha, body, shebang, function);
    scripts.put(script);
    return script;
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * Runs a script or function for the command {@code argv} of {@code caller}, writing its result to
   * {@code out}. {@code readOnlyCommand} is EVAL_RO/EVALSHA_RO/FCALL_RO.
   */
  void run(
      ClientSession caller,
      byte[][] callerArgv,
      ReplySink out,
      LuaRuntime runtime,
      LuaFunction function,
      String name,
      boolean eval,
      boolean compatMode,
      Set<ScriptFlag> flags,
      boolean readOnlyCommand,
      int numkeys) {
    if (!compatMode && !flags.contains(ScriptFlag.NO_WRITES)) {
      String refusal = engine.persistence().writeRefusal();
      if (refusal != null) {
        throw new CommandException(refusal);
      }
      if (readOnlyCommand) {
        throw new CommandException(
            "ERR Can not execute a script with write flag using *_ro command.");
      }
    }
    boolean readOnly = readOnlyCommand || (!compatMode && flags.contains(ScriptFlag.NO_WRITES));
    ScriptRun run = new ScriptRun(caller, callerArgv, name, eval, readOnly, runtime);
    LuaTable keys = array(callerArgv, 3, numkeys);
    LuaTable args = array(callerArgv, 3 + numkeys, callerArgv.length - 3 - numkeys);
    scriptClient.db(caller.db());
    scriptClient.protocol(2);
    running = run;
    ScriptHooks hooks = runtime.hooks();
    hooks.start(() -> run.killed ? "ERR Script killed by user with SCRIPT KILL..." : null);
    engine.beginEffectGroup();
    try {
      Varargs result;
      if (eval) {
        runtime.env().define("KEYS", keys);
        runtime.env().define("ARGV", args);
        result = function.invoke();
      } else {
        result = function.invoke(LuaValue.varargsOf(keys, args));
      }
      LuaToReply.writeResult(result, out, scriptClient.protocol());
    } catch (LuaError e) {
      throw new CommandException(errorReply(e, run));
    } catch (ScriptAbort e) {
      throw new CommandException(abortReply(e.getMessage(), run));
    } catch (StackOverflowError e) {
      throw new CommandException(abortReply("stack overflow", run));
    } catch (OutOfMemoryError e) {
      throw new CommandException(abortReply("not enough memory", run));
    } finally {
      engine.endEffectGroup();
      engine.effectsMuted(false);
      hooks.stop();
      running = null;
    }
  }

  private static LuaTable array(byte[][] argv, int from, int count) {
    LuaTable table = new LuaTable(count, 0);
    for (int i = 0; i < count; i++) {
      table.rawset(i + 1, LuaString.valueOf(argv[from + i]));
    }
    return table;
  }

  /**
   * Redis's error reply for a script that raised an error: the error's text (an {@code {err=}}
   * table's field, or {@code ERR} and the message) and where: {@code script: <name>, on
   * @user_script:<line>.}
   */
  private String errorReply(LuaError e, ScriptRun run) {
    LuaValue error = e.getMessageObject();
    String text;
    if (error != null && error.istable()) {
      LuaValue err = error.rawget(ReplyToLua.ERR);
      text =
          err.type() == LuaValue.TSTRING
              ? LuaToReply.errorText(err.tojstring())
              : "ERR unknown error";
    } else {
      String message = e.getMessage();
      if (message != null && message.startsWith(ReadOnlyTable.NO_POSITION)) {
        message = message.substring(1);
      }
      text = "ERR " + (message == null ? "nil" : message);
    }
    int line = run.runtime.errorLine(e);
    if (line < 0) {
      return text;
    }
    return text + " script: " + run.name + ", on @" + run.runtime.chunkName() + ":" + line + ".";
  }

  private String abortReply(String message, ScriptRun run) {
    if (message.startsWith("ERR ")) {
      return message;
    }
    int line = run.runtime.hooks().lastLine();
    String where = line < 0 ? "" : run.runtime.chunkName() + ":" + line + ": ";
    return "ERR "
        + where
        + message
        + " script: "
        + run.name
        + ", on @"
        + run.runtime.chunkName()
        + ":"
        + Math.max(line, 0)
        + ".";
  }

  /**
   * Runs one command for the running script ({@code redis.call}/{@code redis.pcall}) with the
   * checks Redis makes first, and returns its reply as Lua sees it.
   */
  ReplyToLua execute(byte[][] argv) {
    ScriptRun run = running;
    reply.reset(scriptClient.protocol());
    CommandSpec spec = engine.commands().lookup(argv[0]);
    CommandSpec container = null;
    if (spec != null && spec.isContainer() && argv.length >= 2) {
      container = spec;
      spec = spec.subcommand(new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }
    String refusal = refusal(run, spec, container, argv);
    if (refusal != null) {
      reply.error(refusal);
      return reply;
    }
    if (spec.has(CommandFlag.WRITE)) {
      run.wrote = true;
    }
    engine.call(spec, scriptClient, argv, reply);
    return reply;
  }

  private String refusal(ScriptRun run, CommandSpec spec, CommandSpec container, byte[][] argv) {
    if (spec == null) {
      return "ERR Unknown Redis command called from script";
    }
    if (!spec.arityAccepts(argv.length) || (spec.isContainer() && spec.handler() == null)) {
      return "ERR Wrong number of args calling Redis command from script";
    }
    if (spec.has(CommandFlag.NOSCRIPT)
        || (container != null && container.has(CommandFlag.NOSCRIPT))) {
      return "ERR This Redis command is not allowed from script";
    }
    boolean writes = spec.has(CommandFlag.WRITE);
    if (run.readOnly && (writes || spec.has(CommandFlag.MAY_REPLICATE))) {
      return "ERR Write commands are not allowed from read-only scripts.";
    }
    if (writes && !run.wrote) {
      String diskRefusal = engine.persistence().writeRefusal();
      if (diskRefusal != null) {
        return diskRefusal;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // SCRIPT KILL, FUNCTION KILL, FUNCTION STATS

  /** SCRIPT KILL ({@code eval}) or FUNCTION KILL: marks the running script to stop. */
  void kill(boolean eval) {
    ScriptRun run = running;
    if (run == null) {
      throw new CommandException("NOTBUSY No scripts in execution right now.");
    }
    if (run.wrote) {
      throw new CommandException(
          "UNKILLABLE Sorry the script already executed write commands against the dataset. You"
              + " can either wait the script termination or kill the server in a hard way using the"
              + " SHUTDOWN NOSAVE command.");
    }
    if (eval && !run.eval) {
      throw new CommandException(BUSY_FUNCTION);
    }
    if (!eval && run.eval) {
      throw new CommandException(BUSY_SCRIPT);
    }
    run.killed = true;
    run.runtime.hooks().checkSoon();
  }

  /** Whether a script is running now (for BUSY replies from a front end that can tell). */
  public boolean scriptRunning() {
    return running != null;
  }
}
