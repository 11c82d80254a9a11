package io.redstone.storage.scripting;

import io.redstone.protocol.text.ArgSplitter;
import io.redstone.storage.command.CommandException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * FUNCTION's libraries: each a name, its code, and the functions its code registered with {@code
 * redis.register_function} when FUNCTION LOAD ran it. Function names are unique across libraries.
 */
final class FunctionLibraries {
  /** How long a library's code may run while it registers its functions, as Redis's 500 ms. */
  private static final long LOAD_TIMEOUT_NANOS = 500_000_000L;

  static final String NAME_RULE =
      "Library names can only contain letters, numbers, or underscores(_) and must be at least one"
          + " character long";

  record Function(
      String name,
      String description,
      Set<ScriptFlag> flags,
      LuaFunction callback,
      Library library) {}

  record Library(String name, byte[] code, Map<String, Function> functions) {}

  private final Scripting scripting;
  private final Map<String, Library> libraries = new LinkedHashMap<>();
  private final Map<String, Function> functions = new LinkedHashMap<>();
  private LuaRuntime runtime;

  /** The library FUNCTION LOAD is running, collecting registrations; null otherwise. */
  private Map<String, Function> registering;

  private Library loading;

  FunctionLibraries(Scripting scripting) {
    this.scripting = scripting;
  }

  LuaRuntime runtime() {
    if (runtime == null) {
      runtime = new LuaRuntime("user_function", RedisApi.full(scripting), scripting.random(), true);
    }
    return runtime;
  }

  Function function(String name) {
    return functions.get(name);
  }

  Collection<Library> libraries() {
    return libraries.values();
  }

  int functionCount() {
    return functions.size();
  }

  boolean delete(String name) {
    Library library = libraries.remove(name);
    if (library == null) {
      return false;
    }
    functions.keySet().removeAll(library.functions().keySet());
    return true;
  }

  void flush() {
    libraries.clear();
    functions.clear();
    runtime = null;
  }

  /** FUNCTION LOAD: compiles and runs {@code code}, keeping the library it registers. */
  String load(byte[] code, boolean replace) {
    int end = 0;
    if (code.length < 2 || code[0] != '#' || code[1] != '!') {
      throw new CommandException("ERR Missing library metadata");
    }
    while (end < code.length && code[end] != '\n') {
      end++;
    }
    if (end == code.length) {
      throw new CommandException("ERR Invalid library metadata");
    }
    byte[][] parts = ArgSplitter.split(code, 0, end, ArgSplitter.Separators.REDIS);
    if (parts == null || parts.length == 0) {
      throw new CommandException("ERR Invalid library metadata");
    }
    String engine = new String(parts[0], StandardCharsets.ISO_8859_1).substring(2);
    String name = null;
    for (int i = 1; i < parts.length; i++) {
      String part = new String(parts[i], StandardCharsets.ISO_8859_1);
      if (part.regionMatches(true, 0, "name=", 0, 5)) {
        if (name != null) {
          throw new CommandException(
              "ERR Invalid metadata value, name argument was given multiple times");
        }
        name = part.substring(5);
        continue;
      }
      throw new CommandException("ERR Invalid metadata value given: " + part);
    }
    if (name == null) {
      throw new CommandException("ERR Library name was not given");
    }
    if (!validName(name)) {
      throw new CommandException("ERR " + NAME_RULE);
    }
    if (!engine.equalsIgnoreCase("lua")) {
      throw new CommandException("ERR Engine '" + engine + "' not found");
    }
    if (libraries.containsKey(name) && !replace) {
      throw new CommandException("ERR Library '" + name + "' already exists");
    }
    LuaRuntime lua = runtime();
    LuaFunction chunk;
    try {
      chunk = lua.compile(code, end);
    } catch (LuaError e) {
      throw new CommandException("ERR Error compiling function: " + e.getMessage());
    }
    Library library = new Library(name, code.clone(), new LinkedHashMap<>());
    registering = library.functions();
    loading = library;
    ReadOnlyTable loadApi = LuaRuntime.protectedGlobals();
    ReadOnlyTable redis = RedisApi.forLoading(new RegisterFunction());
    loadApi.define("redis", redis);
    lua.show(loadApi);
    long started = System.nanoTime();
    lua.hooks()
        .start(
            () ->
                System.nanoTime() - started > LOAD_TIMEOUT_NANOS
                    ? "ERR FUNCTION LOAD timeout"
                    : null);
    try {
      chunk.invoke();
    } catch (LuaError e) {
      LuaValue error = e.getMessageObject();
      String text =
          error != null && error.istable() && error.rawget(ReplyToLua.ERR).isstring()
              ? error.rawget(ReplyToLua.ERR).tojstring()
              : "ERR " + e.getMessage();
      throw new CommandException("ERR Error registering functions: " + text);
    } catch (ScriptAbort e) {
      throw new CommandException("ERR Error registering functions: " + e.getMessage());
    } catch (StackOverflowError e) {
      throw new CommandException("ERR Error registering functions: ERR stack overflow");
    } finally {
      lua.hooks().stop();
      lua.show(lua.env());
      registering = null;
      loading = null;
    }
    if (library.functions().isEmpty()) {
      throw new CommandException("ERR No functions registered");
    }
    Library old = libraries.get(name);
    for (String function : library.functions().keySet()) {
      Function existing = functions.get(function);
      if (existing != null && existing.library() != old) {
        throw new CommandException("ERR Function " + function + " already exists");
      }
    }
    if (old != null) {
      delete(name);
    }
    libraries.put(name, library);
    functions.putAll(library.functions());
    return name;
  }

  static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** redis.register_function(name, callback) or redis.register_function{...}. */
  private final class RegisterFunction extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      if (registering == null) {
        throw RedisApi.error(
            "ERR redis.register_function can only be called on FUNCTION LOAD command");
      }
      if (args.narg() < 1 || args.narg() > 2) {
        throw RedisApi.error("ERR wrong number of arguments to redis.register_function");
      }
      String name;
      String description = null;
      LuaFunction callback = null;
      Set<ScriptFlag> flags = EnumSet.noneOf(ScriptFlag.class);
      if (args.narg() == 2) {
        if (!args.arg1().isstring()) {
          throw RedisApi.error("ERR first argument to redis.register_function must be a string");
        }
        name = args.arg1().tojstring();
        if (!args.arg(2).isfunction()) {
          throw RedisApi.error("ERR second argument to redis.register_function must be a function");
        }
        callback = (LuaFunction) args.arg(2);
      } else {
        LuaValue table = args.arg1();
        if (!table.istable()) {
          throw RedisApi.error(
              "ERR calling redis.register_function with a single argument is only applicable to"
                  + " Lua table (representing named arguments).");
        }
        name = null;
        LuaValue key = LuaValue.NIL;
        while (true) {
          Varargs next = table.next(key);
          key = next.arg1();
          if (key.isnil()) {
            break;
          }
          LuaValue value = next.arg(2);
          if (!key.isstring()) {
            throw RedisApi.error(
                "ERR named argument key given to redis.register_function is not a string");
          }
          String field = key.tojstring();
          if (field.equalsIgnoreCase("function_name")) {
            if (!value.isstring()) {
              throw RedisApi.error(
                  "ERR function_name argument given to redis.register_function must be a string");
            }
            name = value.tojstring();
          } else if (field.equalsIgnoreCase("description")) {
            if (!value.isstring()) {
              throw RedisApi.error(
                  "ERR description argument given to redis.register_function must be a string");
            }
            description = value.tojstring();
          } else if (field.equalsIgnoreCase("callback")) {
            if (!value.isfunction()) {
              throw RedisApi.error(
                  "ERR callback argument given to redis.register_function must be a function");
            }
            callback = (LuaFunction) value;
          } else if (field.equalsIgnoreCase("flags")) {
            if (!value.istable()) {
              throw RedisApi.error(
                  "ERR flags argument to redis.register_function must be a table representing"
                      + " function flags");
            }
            for (int i = 1; !value.rawget(i).isnil(); i++) {
              LuaValue flag = value.rawget(i);
              ScriptFlag parsed = flag.isstring() ? ScriptFlag.named(flag.tojstring(), true) : null;
              if (parsed == null) {
                throw RedisApi.error("ERR unknown flag given");
              }
              flags.add(parsed);
            }
          } else {
            throw RedisApi.error("ERR unknown argument given to redis.register_function");
          }
        }
        if (name == null) {
          throw RedisApi.error("ERR redis.register_function must get a function name argument");
        }
        if (callback == null) {
          throw RedisApi.error("ERR redis.register_function must get a callback argument");
        }
      }
      if (!validName(name)) {
        throw RedisApi.error("ERR " + NAME_RULE);
      }
      if (registering.containsKey(name)) {
        throw RedisApi.error("ERR Function already exists in the library");
      }
      registering.put(name, new Function(name, description, flags, callback, loading));
      return LuaValue.NONE;
    }
  }

  List<Library> matching(String pattern) {
    List<Library> out = new ArrayList<>();
    for (Library library : libraries.values()) {
      if (pattern == null
          || io.redstone.protocol.text.Glob.matches(
              pattern.getBytes(StandardCharsets.UTF_8),
              library.name().getBytes(StandardCharsets.UTF_8),
              false)) {
        out.add(library);
      }
    }
    return out;
  }
}
