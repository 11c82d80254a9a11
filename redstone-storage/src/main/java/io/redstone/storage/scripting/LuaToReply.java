package io.redstone.storage.scripting;

import io.redstone.protocol.ReplySink;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A script's return value as the reply its client reads, by Redis's rules: a string is a bulk
 * string, a number an integer (truncated), a table an array up to its first nil unless it is one of
 * {@code {err=}}, {@code {ok=}}, {@code {double=}}, {@code {map=}}, {@code {set=}}, {@code
 * {big_number=}}, {@code {verbatim_string=}}; {@code true} is 1 (or RESP3 true after {@code
 * redis.setresp(3)}), {@code false} and anything else a null.
 */
final class LuaToReply {
  private LuaToReply() {}

  /** Nesting deeper than Lua's own stack would allow becomes Redis's error element. */
  private static final int MAX_NESTING = 1000;

  private static final LuaString ERR = LuaString.valueOf("err");
  private static final LuaString OK = LuaString.valueOf("ok");
  private static final LuaString DOUBLE = LuaString.valueOf("double");
  private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
  private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
  private static final LuaString FORMAT = LuaString.valueOf("format");
  private static final LuaString STRING = LuaString.valueOf("string");
  private static final LuaString MAP = LuaString.valueOf("map");
  private static final LuaString SET = LuaString.valueOf("set");

  /**
   * Writes {@code value}; {@code scriptProtocol} is the script's own ({@code redis.setresp}), which
   * decides how booleans convert.
   */
  static void write(LuaValue value, ReplySink out, int scriptProtocol) {
    write(value, out, scriptProtocol, 0);
  }

  private static void write(LuaValue value, ReplySink out, int scriptProtocol, int nesting) {
    switch (value.type()) {
      case LuaValue.TSTRING -> out.bulk(bytes(value.checkstring()));
      case LuaValue.TNUMBER -> out.integer(LuaNumbers.truncate(value.todouble()));
      case LuaValue.TBOOLEAN -> {
        if (scriptProtocol == 2) {
          if (value.toboolean()) {
            out.integer(1);
          } else {
            out.nullBulk();
          }
        } else {
          out.bool(value.toboolean());
        }
      }
      case LuaValue.TTABLE -> {
        if (nesting >= MAX_NESTING) {
          out.error("ERR reached lua stack limit");
          return;
        }
        writeTable((LuaTable) value, out, scriptProtocol, nesting);
      }
      default -> out.nullBulk();
    }
  }

  private static void writeTable(LuaTable table, ReplySink out, int scriptProtocol, int nesting) {
    LuaValue err = table.rawget(ERR);
    if (err.type() == LuaValue.TSTRING) {
      out.error(errorText(err.tojstring()));
      return;
    }
    LuaValue ok = table.rawget(OK);
    if (ok.type() == LuaValue.TSTRING) {
      out.simpleString(ok.tojstring().replace('\r', ' ').replace('\n', ' '));
      return;
    }
    LuaValue dbl = table.rawget(DOUBLE);
    if (dbl.type() == LuaValue.TNUMBER) {
      out.doubleValue(dbl.todouble());
      return;
    }
    LuaValue big = table.rawget(BIG_NUMBER);
    if (big.type() == LuaValue.TSTRING) {
      // The reply vocabulary has no big number; RESP2 sends it as a bulk string, as Redis does.
      out.bulk(bytes(big.checkstring()));
      return;
    }
    LuaValue verbatim = table.rawget(VERBATIM);
    if (verbatim.istable()) {
      LuaValue format = verbatim.rawget(FORMAT);
      LuaValue text = verbatim.rawget(STRING);
      if (format.type() == LuaValue.TSTRING && text.type() == LuaValue.TSTRING) {
        out.verbatim(format.tojstring(), bytes(text.checkstring()));
        return;
      }
    }
    LuaValue map = table.rawget(MAP);
    if (map.istable()) {
      List<LuaValue> pairs = entries((LuaTable) map);
      out.mapHeader(pairs.size() / 2);
      for (LuaValue item : pairs) {
        write(item, out, scriptProtocol, nesting + 1);
      }
      return;
    }
    LuaValue set = table.rawget(SET);
    if (set.istable()) {
      List<LuaValue> pairs = entries((LuaTable) set);
      out.setHeader(pairs.size() / 2);
      for (int i = 0; i < pairs.size(); i += 2) {
        write(pairs.get(i), out, scriptProtocol, nesting + 1);
      }
      return;
    }
    int length = 0;
    while (!table.rawget(length + 1).isnil()) {
      length++;
    }
    out.arrayHeader(length);
    for (int i = 1; i <= length; i++) {
      write(table.rawget(i), out, scriptProtocol, nesting + 1);
    }
  }

  /** A table's keys and values, alternating, in its iteration order. */
  private static List<LuaValue> entries(LuaTable table) {
    List<LuaValue> out = new ArrayList<>();
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs next = table.next(key);
      key = next.arg1();
      if (key.isnil()) {
        return out;
      }
      out.add(key);
      out.add(next.arg(2));
    }
  }

  /** An {@code err} field as the error reply's text, sent as it is (a leading '-' too). */
  static String errorText(String err) {
    return err.replace('\r', ' ').replace('\n', ' ');
  }

  static byte[] bytes(LuaString s) {
    byte[] out = new byte[s.m_length];
    System.arraycopy(s.m_bytes, s.m_offset, out, 0, s.m_length);
    return out;
  }

  /** Sends a script's first return value, or a null when it returned nothing. */
  static void writeResult(Varargs result, ReplySink out, int scriptProtocol) {
    write(result.narg() == 0 ? LuaValue.NIL : result.arg1(), out, scriptProtocol);
  }
}
