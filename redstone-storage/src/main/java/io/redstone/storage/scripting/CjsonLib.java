package io.redstone.storage.scripting;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code cjson} library Redis loads (lua-cjson 2.1) with its default settings: numbers with 14
 * significant digits, {@code /} escaped, a table an array when its keys are 1..n (holes as {@code
 * null}, too sparse an error), an empty table an object, {@code cjson.null} for JSON's null.
 */
final class CjsonLib {
  private CjsonLib() {}

  private static final int MAX_DEPTH = 1000;
  private static final int SPARSE_RATIO = 2;
  private static final int SPARSE_SAFE = 10;

  /** JSON's null; lua-cjson uses a light userdata NULL, which compares equal only to itself. */
  static final LuaValue NULL = new LuaUserdata(new Object());

  static ReadOnlyTable create() {
    ReadOnlyTable lib = new ReadOnlyTable();
    lib.define("encode", new Encode());
    lib.define("decode", new Decode());
    lib.define("null", NULL);
    lib.define("_NAME", LuaValue.valueOf("cjson"));
    lib.define("_VERSION", LuaValue.valueOf("2.1.0"));
    lib.define(
        "encode_sparse_array",
        new Setting(LuaValue.FALSE, LuaValue.valueOf(2), LuaValue.valueOf(10)));
    lib.define("encode_max_depth", new Setting(LuaValue.valueOf(MAX_DEPTH)));
    lib.define("decode_max_depth", new Setting(LuaValue.valueOf(MAX_DEPTH)));
    lib.define("encode_number_precision", new Setting(LuaValue.valueOf(14)));
    lib.define("encode_keep_buffer", new Setting(LuaValue.TRUE));
    lib.define("encode_invalid_numbers", new Setting(LuaValue.FALSE));
    lib.define("decode_invalid_numbers", new Setting(LuaValue.TRUE));
    return lib;
  }

  /** The configuration functions answer with the defaults; Redis scripts rarely change them. */
  private static final class Setting extends VarArgFunction {
    private final LuaValue[] values;

    Setting(LuaValue... values) {
      this.values = values;
    }

    @Override
    public Varargs invoke(Varargs args) {
      return LuaValue.varargsOf(values);
    }
  }

  private static final class Encode extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      if (args.narg() != 1) {
        throw new LuaError("bad argument #1 to 'encode' (expected 1 argument)");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      encode(args.arg1(), out, 0);
      return LuaString.valueOf(out.toByteArray());
    }
  }

  private static void encode(LuaValue value, ByteArrayOutputStream out, int depth) {
    if (value == NULL) {
      ascii(out, "null");
      return;
    }
    switch (value.type()) {
      case LuaValue.TNIL -> ascii(out, "null");
      case LuaValue.TBOOLEAN -> ascii(out, value.toboolean() ? "true" : "false");
      case LuaValue.TNUMBER -> {
        double d = value.todouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new LuaError("Cannot serialise number: must not be NaN or Inf");
        }
        ascii(out, LuaNumbers.g14(d));
      }
      case LuaValue.TSTRING -> string(value.checkstring(), out);
      case LuaValue.TTABLE -> table((LuaTable) value, out, depth + 1);
      default -> throw new LuaError(
          "Cannot serialise " + value.typename() + ": type not supported");
    }
  }

  private static void table(LuaTable table, ByteArrayOutputStream out, int depth) {
    if (depth > MAX_DEPTH) {
      throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
    }
    int length = arrayLength(table);
    if (length > 0) {
      out.write('[');
      for (int i = 1; i <= length; i++) {
        if (i > 1) {
          out.write(',');
        }
        encode(table.rawget(i), out, depth);
      }
      out.write(']');
      return;
    }
    out.write('{');
    boolean first = true;
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs next = table.next(key);
      key = next.arg1();
      if (key.isnil()) {
        break;
      }
      if (!first) {
        out.write(',');
      }
      first = false;
      if (key.type() == LuaValue.TSTRING) {
        string(key.checkstring(), out);
      } else if (key.type() == LuaValue.TNUMBER) {
        out.write('"');
        ascii(out, LuaNumbers.g14(key.todouble()));
        out.write('"');
      } else {
        throw new LuaError("Cannot serialise table: table key must be a number or string");
      }
      out.write(':');
      encode(next.arg(2), out, depth);
    }
    out.write('}');
  }

  /** The array length when every key is a positive integer (0 for an object), as lua-cjson. */
  private static int arrayLength(LuaTable table) {
    double max = 0;
    int items = 0;
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs next = table.next(key);
      key = next.arg1();
      if (key.isnil()) {
        break;
      }
      if (key.type() != LuaValue.TNUMBER) {
        return 0;
      }
      double k = key.todouble();
      if (k < 1 || k != Math.floor(k)) {
        return 0;
      }
      max = Math.max(max, k);
      items++;
    }
    if (max > SPARSE_SAFE && max > items * SPARSE_RATIO) {
      throw new LuaError("Cannot serialise table: excessively sparse array");
    }
    return (int) max;
  }

  private static void string(LuaString s, ByteArrayOutputStream out) {
    out.write('"');
    for (int i = 0; i < s.m_length; i++) {
      int c = s.m_bytes[s.m_offset + i] & 0xff;
      switch (c) {
        case '"' -> ascii(out, "\\\"");
        case '\\' -> ascii(out, "\\\\");
        case '/' -> ascii(out, "\\/");
        case '\b' -> ascii(out, "\\b");
        case '\f' -> ascii(out, "\\f");
        case '\n' -> ascii(out, "\\n");
        case '\r' -> ascii(out, "\\r");
        case '\t' -> ascii(out, "\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            ascii(out, String.format("\\u%04x", c));
          } else {
            out.write(c);
          }
        }
      }
    }
    out.write('"');
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    out.write(bytes, 0, bytes.length);
  }

  private static final class Decode extends OneArgFunction {
    @Override
    public LuaValue call(LuaValue text) {
      LuaString s = text.checkstring();
      Parser parser = new Parser(s.m_bytes, s.m_offset, s.m_offset + s.m_length);
      LuaValue value = parser.value(0);
      parser.skipSpace();
      if (parser.position < parser.end) {
        throw parser.error("the end", "token");
      }
      return value;
    }
  }

  private static final class Parser {
    private final byte[] data;
    private final int start;
    int position;
    final int end;

    Parser(byte[] data, int start, int end) {
      this.data = data;
      this.start = start;
      this.position = start;
      this.end = end;
    }

    LuaError error(String expected, String found) {
      return new LuaError(
          "Expected "
              + expected
              + " but found invalid "
              + found
              + " at character "
              + (position - start + 1));
    }

    void skipSpace() {
      while (position < end) {
        byte c = data[position];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          position++;
        } else {
          return;
        }
      }
    }

    LuaValue value(int depth) {
      skipSpace();
      if (position >= end) {
        throw error("value", "token");
      }
      byte c = data[position];
      switch (c) {
        case '{':
          return object(depth + 1);
        case '[':
          return array(depth + 1);
        case '"':
          return string();
        case 't':
          return word("true", LuaValue.TRUE);
        case 'f':
          return word("false", LuaValue.FALSE);
        case 'n':
          return word("null", NULL);
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("value", "token");
      }
    }

    private LuaValue word(String word, LuaValue value) {
      byte[] bytes = word.getBytes(StandardCharsets.US_ASCII);
      if (end - position < bytes.length) {
        throw error("value", "token");
      }
      for (int i = 0; i < bytes.length; i++) {
        if (data[position + i] != bytes[i]) {
          throw error("value", "token");
        }
      }
      position += bytes.length;
      return value;
    }

    private LuaValue number() {
      int from = position;
      while (position < end) {
        byte c = data[position];
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
          position++;
        } else {
          break;
        }
      }
      try {
        return LuaValue.valueOf(
            Double.parseDouble(new String(data, from, position - from, StandardCharsets.US_ASCII)));
      } catch (NumberFormatException e) {
        position = from;
        throw error("value", "number");
      }
    }

    private LuaValue string() {
      position++;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        if (position >= end) {
          throw error("value", "string");
        }
        int c = data[position++] & 0xff;
        if (c == '"') {
          return LuaString.valueOf(out.toByteArray());
        }
        if (c != '\\') {
          out.write(c);
          continue;
        }
        if (position >= end) {
          throw error("value", "string");
        }
        int e = data[position++];
        switch (e) {
          case '"', '\\', '/' -> out.write(e);
          case 'b' -> out.write('\b');
          case 'f' -> out.write('\f');
          case 'n' -> out.write('\n');
          case 'r' -> out.write('\r');
          case 't' -> out.write('\t');
          case 'u' -> {
            int code = hex4();
            if (code >= 0xd800
                && code <= 0xdbff
                && position + 6 <= end
                && data[position] == '\\'
                && data[position + 1] == 'u') {
              position += 2;
              int low = hex4();
              code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
            }
            byte[] utf8 = new String(Character.toChars(code)).getBytes(StandardCharsets.UTF_8);
            out.write(utf8, 0, utf8.length);
          }
          default -> throw error("value", "string");
        }
      }
    }

    private int hex4() {
      if (end - position < 4) {
        throw error("value", "unicode escape code");
      }
      try {
        int code = Integer.parseInt(new String(data, position, 4, StandardCharsets.US_ASCII), 16);
        position += 4;
        return code;
      } catch (NumberFormatException e) {
        throw error("value", "unicode escape code");
      }
    }

    private LuaValue array(int depth) {
      if (depth > MAX_DEPTH) {
        throw new LuaError(
            "Found too many nested data structures ("
                + depth
                + ") at character "
                + (position - start + 1));
      }
      position++;
      LuaTable table = new LuaTable();
      skipSpace();
      if (position < end && data[position] == ']') {
        position++;
        return table;
      }
      for (int i = 1; ; i++) {
        table.rawset(i, value(depth));
        skipSpace();
        if (position >= end) {
          throw error("comma or array end", "token");
        }
        byte c = data[position++];
        if (c == ']') {
          return table;
        }
        if (c != ',') {
          position--;
          throw error("comma or array end", "token");
        }
      }
    }

    private LuaValue object(int depth) {
      if (depth > MAX_DEPTH) {
        throw new LuaError(
            "Found too many nested data structures ("
                + depth
                + ") at character "
                + (position - start + 1));
      }
      position++;
      LuaTable table = new LuaTable();
      skipSpace();
      if (position < end && data[position] == '}') {
        position++;
        return table;
      }
      while (true) {
        skipSpace();
        if (position >= end || data[position] != '"') {
          throw error("object key string", "token");
        }
        LuaValue key = string();
        skipSpace();
        if (position >= end || data[position] != ':') {
          throw error("colon", "token");
        }
        position++;
        table.rawset(key, value(depth));
        skipSpace();
        if (position >= end) {
          throw error("comma or object end", "token");
        }
        byte c = data[position++];
        if (c == '}') {
          return table;
        }
        if (c != ',') {
          position--;
          throw error("comma or object end", "token");
        }
      }
    }
  }
}
