package io.redstone.storage.scripting;

import io.redstone.protocol.DoubleFormat;
import io.redstone.storage.Engine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code redis} table scripts call: {@code redis.call}, {@code redis.pcall} and the rest. */
final class RedisApi {
  private static final Logger log = LoggerFactory.getLogger("io.redstone.script");

  static final int LOG_DEBUG = 0;
  static final int LOG_VERBOSE = 1;
  static final int LOG_NOTICE = 2;
  static final int LOG_WARNING = 3;
  static final int REPL_NONE = 0;
  static final int REPL_AOF = 1;
  static final int REPL_REPLICA = 2;
  static final int REPL_ALL = 3;

  private RedisApi() {}

  /** The full API, as EVAL scripts and running functions see it. */
  static ReadOnlyTable full(Scripting scripting) {
    ReadOnlyTable redis = new ReadOnlyTable();
    redis.define("call", new Call(scripting, true));
    redis.define("pcall", new Call(scripting, false));
    defineCommon(redis);
    redis.define("setresp", new SetResp(scripting));
    redis.define("sha1hex", new Sha1hex());
    redis.define("error_reply", new ErrorReply());
    redis.define("status_reply", new StatusReply());
    redis.define("set_repl", new SetRepl(scripting));
    redis.define("REPL_NONE", LuaValue.valueOf(REPL_NONE));
    redis.define("REPL_AOF", LuaValue.valueOf(REPL_AOF));
    redis.define("REPL_SLAVE", LuaValue.valueOf(REPL_REPLICA));
    redis.define("REPL_REPLICA", LuaValue.valueOf(REPL_REPLICA));
    redis.define("REPL_ALL", LuaValue.valueOf(REPL_ALL));
    redis.define("acl_check_cmd", new AclCheckCmd(scripting));
    redis.define("breakpoint", new NoOp(LuaValue.FALSE));
    redis.define("debug", new NoOp(LuaValue.NONE));
    return redis;
  }

  /** What a library's code sees while FUNCTION LOAD runs it: registration and logging only. */
  static ReadOnlyTable forLoading(VarArgFunction registerFunction) {
    ReadOnlyTable redis = LuaRuntime.protectedGlobals();
    defineCommon(redis);
    redis.define("register_function", registerFunction);
    return redis;
  }

  private static void defineCommon(ReadOnlyTable redis) {
    redis.define("log", new Log());
    redis.define("LOG_DEBUG", LuaValue.valueOf(LOG_DEBUG));
    redis.define("LOG_VERBOSE", LuaValue.valueOf(LOG_VERBOSE));
    redis.define("LOG_NOTICE", LuaValue.valueOf(LOG_NOTICE));
    redis.define("LOG_WARNING", LuaValue.valueOf(LOG_WARNING));
    redis.define("REDIS_VERSION", LuaValue.valueOf(Engine.REDIS_VERSION));
    redis.define("REDIS_VERSION_NUM", LuaValue.valueOf(versionNumber(Engine.REDIS_VERSION)));
  }

  /** {@code 7.2.4} as Redis's {@code 0x00070204}. */
  static int versionNumber(String version) {
    String[] parts = version.split("\\.");
    int number = 0;
    for (int i = 0; i < 3; i++) {
      number = (number << 8) | (i < parts.length ? Integer.parseInt(parts[i]) : 0);
    }
    return number;
  }

  /** An error raised as Redis raises its own: the {@code {err=...}} table. */
  static LuaError error(String message) {
    return new LuaError(ReplyToLua.errorTable(message));
  }

  /** The arguments of a redis.* call as a command's argv, or null after a wrong one. */
  static byte[][] argv(Varargs args) {
    int n = args.narg();
    if (n == 0) {
      throw RedisApi.error("ERR Please specify at least one argument for this redis lib call");
    }
    byte[][] argv = new byte[n][];
    for (int i = 0; i < n; i++) {
      LuaValue v = args.arg(i + 1);
      if (v.type() == LuaValue.TNUMBER) {
        // Not Lua's own conversion, which loses precision: Redis formats with %.17g.
        argv[i] = DoubleFormat.formatG17(v.todouble()).getBytes(StandardCharsets.US_ASCII);
      } else if (v.type() == LuaValue.TSTRING) {
        argv[i] = LuaToReply.bytes(v.checkstring());
      } else {
        throw RedisApi.error("ERR Lua redis lib command arguments must be strings or integers");
      }
    }
    return argv;
  }

  private static final class Call extends VarArgFunction {
    private final Scripting scripting;
    private final boolean raise;

    Call(Scripting scripting, boolean raise) {
      this.scripting = scripting;
      this.raise = raise;
    }

    @Override
    public Varargs invoke(Varargs args) {
      if (scripting.running() == null) {
        throw RedisApi.error("ERR redis.call/pcall can only be called inside a script invocation");
      }
      byte[][] argv;
      try {
        argv = argv(args);
      } catch (LuaError e) {
        if (raise) {
          throw e;
        }
        return e.getMessageObject();
      }
      ReplyToLua reply = scripting.execute(argv);
      if (raise && reply.isError()) {
        throw new LuaError(reply.result());
      }
      return reply.result();
    }
  }

  private static final class SetResp extends VarArgFunction {
    private final Scripting scripting;

    SetResp(Scripting scripting) {
      this.scripting = scripting;
    }

    @Override
    public Varargs invoke(Varargs args) {
      if (scripting.running() == null) {
        throw RedisApi.error("ERR redis.setresp can only be called inside a script invocation");
      }
      if (args.narg() != 1) {
        throw RedisApi.error("ERR redis.setresp() requires one argument.");
      }
      int resp = (int) args.arg1().todouble();
      if (resp != 2 && resp != 3) {
        throw RedisApi.error("ERR RESP version must be 2 or 3.");
      }
      scripting.scriptClient().protocol(resp);
      return LuaValue.NONE;
    }
  }

  private static final class SetRepl extends VarArgFunction {
    private final Scripting scripting;

    SetRepl(Scripting scripting) {
      this.scripting = scripting;
    }

    @Override
    public Varargs invoke(Varargs args) {
      if (scripting.running() == null) {
        throw RedisApi.error("ERR redis.set_repl can only be called inside a script invocation");
      }
      if (args.narg() != 1) {
        throw RedisApi.error("ERR redis.set_repl() requires two arguments.");
      }
      int flags = (int) args.arg1().todouble();
      if ((flags & ~REPL_ALL) != 0) {
        throw RedisApi.error(
            "ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
      }
      // The log is the only consumer of effects here; replicas would read the same stream.
      scripting.engine().effectsMuted((flags & REPL_AOF) == 0);
      return LuaValue.NONE;
    }
  }

  private static final class AclCheckCmd extends VarArgFunction {
    private final Scripting scripting;

    AclCheckCmd(Scripting scripting) {
      this.scripting = scripting;
    }

    @Override
    public Varargs invoke(Varargs args) {
      if (scripting.running() == null) {
        throw RedisApi.error(
            "ERR redis.acl_check_cmd can only be called inside a script invocation");
      }
      byte[][] argv = argv(args);
      if (scripting.engine().commands().lookup(argv[0]) == null) {
        throw RedisApi.error("ERR Invalid command passed to redis.acl_check_cmd()");
      }
      // Without ACL users every connection may run every command.
      return LuaValue.TRUE;
    }
  }

  private static final class Sha1hex extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      if (args.narg() != 1) {
        throw RedisApi.error("ERR wrong number of arguments");
      }
      LuaValue v = args.arg1();
      byte[] bytes =
          v.type() == LuaValue.TSTRING
              ? LuaToReply.bytes(v.checkstring())
              : v.type() == LuaValue.TNUMBER
                  ? LuaNumbers.g14(v.todouble()).getBytes(StandardCharsets.US_ASCII)
                  : new byte[0];
      return LuaValue.valueOf(sha1hex(bytes));
    }
  }

  static String sha1hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-1", e);
    }
  }

  private static final class ErrorReply extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
        return ReplyToLua.errorTable("ERR wrong number or type of arguments");
      }
      String text = args.arg1().tojstring();
      return ReplyToLua.errorTable(text.startsWith("-") ? text.substring(1) : text);
    }
  }

  private static final class StatusReply extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
        return ReplyToLua.errorTable("ERR wrong number or type of arguments");
      }
      LuaTable table = new LuaTable();
      table.rawset("ok", args.arg1());
      return table;
    }
  }

  private static final class Log extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      int argc = args.narg();
      if (argc < 2) {
        throw RedisApi.error("ERR redis.log() requires two arguments or more.");
      }
      if (!args.arg1().isnumber()) {
        throw RedisApi.error("ERR First argument must be a number (log level).");
      }
      int level = (int) args.arg1().todouble();
      if (level < LOG_DEBUG || level > LOG_WARNING) {
        throw RedisApi.error("ERR Invalid debug level.");
      }
      StringBuilder text = new StringBuilder();
      for (int i = 2; i <= argc; i++) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER) {
          if (i != 2) {
            text.append(' ');
          }
          text.append(
              v.type() == LuaValue.TNUMBER
                  ? LuaNumbers.g14(v.todouble())
                  : new String(LuaToReply.bytes((LuaString) v), StandardCharsets.UTF_8));
        }
      }
      switch (level) {
        case LOG_DEBUG -> log.debug("{}", text);
        case LOG_VERBOSE -> log.debug("{}", text);
        case LOG_NOTICE -> log.info("{}", text);
        default -> log.warn("{}", text);
      }
      return LuaValue.NONE;
    }
  }

  /** redis.breakpoint and redis.debug do something only under the Lua debugger, which we lack. */
  private static final class NoOp extends VarArgFunction {
    private final Varargs result;

    NoOp(Varargs result) {
      this.result = result;
    }

    @Override
    public Varargs invoke(Varargs args) {
      return result;
    }
  }
}
