package io.redstone.storage.scripting;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * One Lua interpreter in Redis 7.0's sandbox: the globals a script may read (and none it may
 * create), Lua 5.1's base library where LuaJ differs (5.2), the libraries Redis loads, and the hook
 * that bounds and interrupts scripts. EVAL scripts share one; FUNCTION libraries another, as in
 * Redis.
 */
final class LuaRuntime {
  static final String NONEXISTENT_GLOBAL =
      "Script attempted to access nonexistent global variable '";

  /** LuaJ's error position, {@code @user_script:3 message}, which Lua 5.1 writes {@code :3: }. */
  private static final Pattern POSITION =
      Pattern.compile("^@?([^\\s:]+):(\\d+) (.*)$", Pattern.DOTALL);

  private final Globals globals = new Globals();

  private final ScriptHooks hooks = new ScriptHooks();

  /** Every global a script may read, behind an error for any other name. */
  private final SandboxGlobals env;

  /**
   * What chunks are compiled against: {@link #env} for EVAL; for functions an empty table that
   * reads through to {@link #visible}, so FUNCTION LOAD can show a library's code only the load
   * API.
   */
  private final SandboxGlobals chunkEnv;

  private final String chunkName;

  /** The last error message the rewriter produced, and the line it named. */
  private String lastRewritten;

  private int lastRewrittenLine = -1;

  /** In function mode, the globals code sees now: the load API or {@link #env}. */
  private LuaValue visible;

  /**
   * @param chunkName {@code user_script} or {@code user_function}, as Redis names the chunks
   * @param redis the {@code redis} table of running scripts
   * @param functionMode whether chunks see {@link #visible} (functions) or the globals (EVAL)
   */
  LuaRuntime(String chunkName, LuaTable redis, Lrand48 random, boolean functionMode) {
    this.chunkName = chunkName;
    globals.load(new BaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    globals.load(new CoroutineLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.debuglib = hooks;
    globals.running.errorfunc = new ErrorRewriter();
    env = new SandboxGlobals(globals, hooks);
    buildEnvironment(redis, random);
    visible = env;
    if (functionMode) {
      chunkEnv = new SandboxGlobals(globals, hooks);
      ReadOnlyTable meta = new ReadOnlyTable();
      meta.define("__index", new ReadThrough());
      chunkEnv.defineMetatable(meta);
    } else {
      chunkEnv = env;
    }
  }

  /** Function mode: what library code reads as globals from now on. */
  void show(LuaValue globalsTable) {
    this.visible = globalsTable;
  }

  private final class ReadThrough extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue table, LuaValue key) {
      return visible.get(key);
    }
  }

  /** A table of globals that raises Redis's error for a name it lacks (the load API's). */
  static ReadOnlyTable protectedGlobals() {
    ReadOnlyTable table = new ReadOnlyTable();
    ReadOnlyTable meta = new ReadOnlyTable();
    meta.define("__index", new MissingGlobal());
    table.defineMetatable(meta);
    return table;
  }

  ScriptHooks hooks() {
    return hooks;
  }

  SandboxGlobals env() {
    return env;
  }

  /** Compiles a chunk against the sandbox's globals; a syntax error comes back as a LuaError. */
  LuaFunction compile(byte[] code, int offset) {
    try {
      return (LuaFunction)
          globals.load(
              new ByteArrayInputStream(code, offset, code.length - offset),
              "@" + chunkName,
              "t",
              chunkEnv);
    } catch (LuaError e) {
      throw new LuaError(compileMessage(e.getMessage()));
    }
  }

  /**
   * LuaJ names tokens by number in some syntax errors ({@code unexpected symbol 286 (?)}); Lua 5.1
   * says {@code unexpected symbol near '<eof>'}.
   */
  private static String compileMessage(String message) {
    if (message == null) {
      return "unknown error";
    }
    Matcher m = TOKEN_NUMBER.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int token = Integer.parseInt(m.group(1));
      String text = token < 257 ? String.valueOf((char) token) : tokenText(token);
      m.appendReplacement(
          out, Matcher.quoteReplacement(text == null ? m.group() : "near '" + text + "'"));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** LuaJ's {@code symbol 61 (=)}: a token by its number. */
  private static final Pattern TOKEN_NUMBER = Pattern.compile("(?<=symbol )(\\d+) \\(.\\)");

  /** LuaJ's (Lua 5.2's) reserved tokens from 257 on, as Lua 5.1 names them in messages. */
  private static final String[] RESERVED = {
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
    "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while", "..", "...",
    "==", ">=", "<=", "~=", "::", "<eof>"
  };

  private static String tokenText(int token) {
    int index = token - 257;
    return index >= 0 && index < RESERVED.length ? RESERVED[index] : null;
  }

  /**
   * The line of the error just caught at the top of a script: the one the rewriter saw if this is
   * its message, else where Lua code last ran (an error raised in a tail call).
   */
  int errorLine(LuaError error) {
    String message = error.getMessage();
    if (message != null && message == lastRewritten) {
      return lastRewrittenLine;
    }
    return hooks.lastLine();
  }

  String chunkName() {
    return chunkName;
  }

  /**
   * Rewrites LuaJ's error position into Lua 5.1's ({@code user_script:1: boom}) and remembers the
   * line for the error reply's {@code on @user_script:1.}
   */
  private final class ErrorRewriter extends OneArgFunction {
    @Override
    public LuaValue call(LuaValue message) {
      String text = message.tojstring();
      Matcher m = POSITION.matcher(text);
      String rewritten = text;
      int line = hooks.lastLine();
      if (m.matches()) {
        line = Integer.parseInt(m.group(2));
        rewritten =
            m.group(3).startsWith(ReadOnlyTable.NO_POSITION)
                ? m.group(3).substring(1)
                : m.group(1) + ":" + m.group(2) + ": " + m.group(3);
      } else if (text.startsWith(ReadOnlyTable.NO_POSITION)) {
        rewritten = text.substring(1);
      }
      lastRewritten = rewritten;
      lastRewrittenLine = line;
      return LuaValue.valueOf(rewritten);
    }
  }

  // -----------------------------------------------------------------------------------------
  // The sandbox

  private void buildEnvironment(LuaTable redis, Lrand48 random) {
    for (String name :
        new String[] {
          "xpcall", "setmetatable", "next", "assert", "tonumber", "rawequal", "getmetatable",
          "rawset", "type", "select", "pairs", "rawget", "ipairs", "error"
        }) {
      env.define(name, globals.get(name));
    }
    LuaValue luajTostring = globals.get("tostring");
    env.define("tostring", new Tostring(luajTostring));
    env.define("pcall", new RedisPcall());
    env.define("_G", env);
    env.define("_VERSION", LuaValue.valueOf("Lua 5.1"));
    env.define("unpack", globals.get("table").get("unpack"));
    env.define("loadstring", new Loadstring());
    env.define("load", new Load());
    env.define("gcinfo", new Gcinfo());
    env.define("collectgarbage", new Collectgarbage());
    env.define("coroutine", readOnlyCopy(globals.get("coroutine")));
    env.define("string", stringLibrary());
    env.define("table", tableLibrary());
    env.define("math", mathLibrary(random));
    env.define("cjson", CjsonLib.create());
    env.define("cmsgpack", CmsgpackLib.create());
    env.define("bit", BitLib.create());
    env.define("struct", StructLib.create());
    env.define("redis", redis);
    ReadOnlyTable meta = new ReadOnlyTable();
    meta.define("__index", new MissingGlobal());
    env.defineMetatable(meta);
  }

  private static final class MissingGlobal extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue table, LuaValue key) {
      throw new LuaError(NONEXISTENT_GLOBAL + key.tojstring() + "'");
    }
  }

  static ReadOnlyTable readOnlyCopy(LuaValue source) {
    ReadOnlyTable copy = new ReadOnlyTable();
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs next = source.next(key);
      key = next.arg1();
      if (key.isnil()) {
        return copy;
      }
      copy.define(key, next.arg(2));
    }
  }

  private LuaValue stringLibrary() {
    LuaTable string = (LuaTable) globals.get("string");
    ReadOnlyTable copy = readOnlyCopy(string);
    copy.define("rep", new StringRep());
    ReadOnlyTable meta = new ReadOnlyTable();
    meta.define("__index", copy);
    // LuaJ keeps the metatable of strings in one static field; every runtime installs the same.
    LuaString.s_metatable = meta;
    return copy;
  }

  private LuaValue tableLibrary() {
    LuaTable table = (LuaTable) globals.get("table");
    ReadOnlyTable copy = new ReadOnlyTable();
    for (String name : new String[] {"concat", "insert", "remove", "sort"}) {
      copy.define(name, table.get(name));
    }
    copy.define("getn", new TableGetn());
    copy.define("maxn", new TableMaxn());
    copy.define("foreach", new TableForeach(false));
    copy.define("foreachi", new TableForeach(true));
    return copy;
  }

  private LuaValue mathLibrary(Lrand48 random) {
    LuaTable math = (LuaTable) globals.get("math");
    ReadOnlyTable copy = readOnlyCopy(math);
    copy.define("mod", math.get("fmod"));
    copy.define("log10", new MathLog10());
    copy.define("random", new MathRandom(random));
    copy.define("randomseed", new MathRandomseed(random));
    return copy;
  }

  // -----------------------------------------------------------------------------------------
  // Lua 5.1 (and Redis) behaviour where LuaJ's 5.2 library differs

  /** Numbers as Lua 5.1 prints them ({@code %.14g}); everything else as LuaJ does. */
  private static final class Tostring extends OneArgFunction {
    private final LuaValue fallback;

    Tostring(LuaValue fallback) {
      this.fallback = fallback;
    }

    @Override
    public LuaValue call(LuaValue value) {
      if (value.type() == LuaValue.TNUMBER) {
        return LuaValue.valueOf(LuaNumbers.g14(value.todouble()));
      }
      return fallback.call(value);
    }
  }

  /**
   * Redis's pcall: as Lua's, except that an error table from {@code redis.call} comes back as its
   * {@code err} text, as scripts written before Redis 7 expect.
   */
  private final class RedisPcall extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaValue function = args.checkvalue(1);
      hooks.onCall(this);
      try {
        return LuaValue.varargsOf(LuaValue.TRUE, function.invoke(args.subargs(2)));
      } catch (LuaError e) {
        LuaValue error = e.getMessageObject();
        if (error == null) {
          error = LuaValue.NIL;
        }
        if (error.istable()) {
          LuaValue err = error.rawget(ReplyToLua.ERR);
          if (err.type() == LuaValue.TSTRING) {
            error = err;
          }
        }
        return LuaValue.varargsOf(LuaValue.FALSE, error);
      } catch (RuntimeException e) {
        return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf(String.valueOf(e.getMessage())));
      } finally {
        hooks.onReturn();
      }
    }
  }

  /** loadstring(s [, chunkname]): compiles against the sandbox, never the raw globals. */
  private final class Loadstring extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaString source = args.checkstring(1);
      String name = args.optjstring(2, source.tojstring());
      return compileChunk(LuaToReply.bytes(source), name);
    }
  }

  /** load(f [, chunkname]): Lua 5.1's, reading the chunk from a function's pieces. */
  private final class Load extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaValue source = args.arg1();
      if (source.type() == LuaValue.TSTRING) {
        return compileChunk(LuaToReply.bytes(source.checkstring()), args.optjstring(2, "=(load)"));
      }
      LuaFunction reader = args.checkfunction(1);
      ByteArrayOutputStream code = new ByteArrayOutputStream();
      while (true) {
        LuaValue piece = reader.call();
        if (piece.isnil() || (piece.type() == LuaValue.TSTRING && piece.length() == 0)) {
          break;
        }
        if (piece.type() != LuaValue.TSTRING) {
          return LuaValue.varargsOf(
              LuaValue.NIL, LuaValue.valueOf("reader function must return a string"));
        }
        byte[] bytes = LuaToReply.bytes(piece.checkstring());
        code.write(bytes, 0, bytes.length);
      }
      return compileChunk(code.toByteArray(), args.optjstring(2, "=(load)"));
    }
  }

  private Varargs compileChunk(byte[] code, String name) {
    if (code.length > 0 && code[0] == 0x1b) {
      return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("attempt to load a binary chunk"));
    }
    try {
      String chunk = name.startsWith("=") || name.startsWith("@") ? name : "=" + shortSource(name);
      return globals.load(new ByteArrayInputStream(code), chunk, "t", chunkEnv);
    } catch (LuaError e) {
      return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(compileMessage(e.getMessage())));
    }
  }

  /** Lua 5.1 names a string chunk by its first line: {@code [string "return 1"]}. */
  private static String shortSource(String source) {
    int newline = source.indexOf('\n');
    String first = newline < 0 ? source : source.substring(0, newline) + "...";
    if (first.length() > 45) {
      first = first.substring(0, 42) + "...";
    }
    return "[string \"" + first + "\"]";
  }

  /** gcinfo(): kilobytes in use; the JVM's heap stands in for Lua's. */
  private static final class Gcinfo extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      Runtime runtime = Runtime.getRuntime();
      return LuaValue.valueOf((int) ((runtime.totalMemory() - runtime.freeMemory()) >>> 10));
    }
  }

  /**
   * collectgarbage(opt): never a full JVM collection on the storage thread; {@code count} answers
   * with the heap in use, the rest as Lua's do when there is nothing to do.
   */
  private static final class Collectgarbage extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      String option = args.optjstring(1, "collect");
      Runtime runtime = Runtime.getRuntime();
      return switch (option) {
        case "count" -> LuaValue.valueOf((runtime.totalMemory() - runtime.freeMemory()) / 1024.0);
        case "collect", "stop", "restart", "setpause", "setstepmul", "step" -> LuaValue.valueOf(0);
        default -> throw new LuaError(
            "bad argument #1 to 'collectgarbage' (invalid option '" + option + "')");
      };
    }
  }

  /** string.rep with Lua 5.1's answers for a count below one, and a bound on the result. */
  private static final class StringRep extends VarArgFunction {
    private static final long MAX_RESULT = 512L * 1024 * 1024;

    @Override
    public Varargs invoke(Varargs args) {
      LuaString s = args.checkstring(1);
      double count = args.checkdouble(2);
      if (count < 1 || s.m_length == 0) {
        return LuaValue.EMPTYSTRING;
      }
      long n = (long) count;
      if (n * s.m_length > MAX_RESULT) {
        throw new LuaError("not enough memory");
      }
      byte[] out = new byte[(int) (n * s.m_length)];
      for (int i = 0; i < n; i++) {
        System.arraycopy(s.m_bytes, s.m_offset, out, i * s.m_length, s.m_length);
      }
      return LuaString.valueOf(out);
    }
  }

  private static final class TableGetn extends OneArgFunction {
    @Override
    public LuaValue call(LuaValue table) {
      return LuaValue.valueOf(table.checktable().length());
    }
  }

  private static final class TableMaxn extends OneArgFunction {
    @Override
    public LuaValue call(LuaValue table) {
      double max = 0;
      LuaValue key = LuaValue.NIL;
      while (true) {
        Varargs next = table.checktable().next(key);
        key = next.arg1();
        if (key.isnil()) {
          return LuaValue.valueOf(max);
        }
        if (key.type() == LuaValue.TNUMBER && key.todouble() > max) {
          max = key.todouble();
        }
      }
    }
  }

  private static final class TableForeach extends TwoArgFunction {
    private final boolean indexed;

    TableForeach(boolean indexed) {
      this.indexed = indexed;
    }

    @Override
    public LuaValue call(LuaValue table, LuaValue function) {
      LuaTable t = table.checktable();
      LuaFunction f = function.checkfunction();
      if (indexed) {
        int n = t.length();
        for (int i = 1; i <= n; i++) {
          LuaValue r = f.call(LuaValue.valueOf(i), t.get(i));
          if (!r.isnil()) {
            return r;
          }
        }
        return LuaValue.NIL;
      }
      LuaValue key = LuaValue.NIL;
      while (true) {
        Varargs next = t.next(key);
        key = next.arg1();
        if (key.isnil()) {
          return LuaValue.NIL;
        }
        LuaValue r = f.call(key, next.arg(2));
        if (!r.isnil()) {
          return r;
        }
      }
    }
  }

  private static final class MathLog10 extends OneArgFunction {
    @Override
    public LuaValue call(LuaValue x) {
      return LuaValue.valueOf(Math.log10(x.checkdouble()));
    }
  }

  /** Redis's math.random: its own generator, so every machine draws the same numbers. */
  private static final class MathRandom extends VarArgFunction {
    private final Lrand48 random;

    MathRandom(Lrand48 random) {
      this.random = random;
    }

    @Override
    public Varargs invoke(Varargs args) {
      double r = (double) (random.next() % Lrand48.MAX) / (double) Lrand48.MAX;
      switch (args.narg()) {
        case 0:
          return LuaValue.valueOf(r);
        case 1:
          {
            int u = args.checkint(1);
            if (u < 1) {
              throw new LuaError("bad argument #1 to 'random' (interval is empty)");
            }
            return LuaValue.valueOf(Math.floor(r * u) + 1);
          }
        case 2:
          {
            int l = args.checkint(1);
            int u = args.checkint(2);
            if (l > u) {
              throw new LuaError("bad argument #2 to 'random' (interval is empty)");
            }
            return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
          }
        default:
          throw new LuaError("wrong number of arguments");
      }
    }
  }

  private static final class MathRandomseed extends OneArgFunction {
    private final Lrand48 random;

    MathRandomseed(Lrand48 random) {
      this.random = random;
    }

    @Override
    public LuaValue call(LuaValue seed) {
      random.seed(seed.checkint());
      return LuaValue.NONE;
    }
  }
}
