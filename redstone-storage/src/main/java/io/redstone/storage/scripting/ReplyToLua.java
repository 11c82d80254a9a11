package io.redstone.storage.scripting;

import io.redstone.protocol.DoubleFormat;
import io.redstone.protocol.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Catches one command's reply, as a script's {@code redis.call} sees it, and turns it into a Lua
 * value by Redis's rules: integers to numbers, bulk strings to strings, nulls to {@code false}
 * (RESP2) or {@code nil} (RESP3), arrays to tables, statuses to {@code {ok=...}}, errors to {@code
 * {err=...}}; in RESP3 maps to {@code {map={...}}}, sets to {@code {set={...}}}, doubles to {@code
 * {double=...}} and booleans to booleans. In RESP2 the RESP3 types arrive in their RESP2 forms.
 */
final class ReplyToLua implements ReplySink {
  private static final LuaString OK = LuaString.valueOf("OK");
  static final LuaString ERR = LuaString.valueOf("err");
  private static final LuaString OK_FIELD = LuaString.valueOf("ok");

  private enum Kind {
    ARRAY,
    MAP,
    SET
  }

  private int protocol = 2;
  private LuaValue result;
  private boolean error;

  // The aggregates being filled, innermost last.
  private LuaTable[] tables = new LuaTable[8];
  private Kind[] kinds = new Kind[8];
  private int[] remaining = new int[8];
  private int[] filled = new int[8];
  private LuaValue[] pendingKey = new LuaValue[8];
  private int depth;

  void reset(int version) {
    this.protocol = version;
    this.result = null;
    this.error = false;
    Arrays.fill(tables, 0, depth, null);
    Arrays.fill(pendingKey, 0, depth, null);
    this.depth = 0;
  }

  /** The converted reply; {@link LuaValue#FALSE} if the command wrote none. */
  LuaValue result() {
    return result == null ? LuaValue.FALSE : result;
  }

  /** Whether the reply was an error (redis.call raises it). */
  boolean isError() {
    return error;
  }

  @Override
  public int protocol() {
    return protocol;
  }

  @Override
  public void protocol(int version) {
    this.protocol = version;
  }

  @Override
  public long mark() {
    return 0;
  }

  @Override
  public void discardSince(long mark) {
    reset(protocol);
  }

  private void add(LuaValue value) {
    if (depth == 0) {
      result = value;
      return;
    }
    int top = depth - 1;
    switch (kinds[top]) {
      case ARRAY -> {
        int index = ++filled[top];
        if (!value.isnil()) {
          tables[top].rawset(index, value);
        }
      }
      case SET -> {
        if (!value.isnil()) {
          tables[top].rawset(value, LuaValue.TRUE);
        }
      }
      case MAP -> {
        if (pendingKey[top] == null) {
          pendingKey[top] = value;
        } else {
          LuaValue key = pendingKey[top];
          pendingKey[top] = null;
          if (!key.isnil()) {
            tables[top].rawset(key, value);
          }
        }
      }
    }
    if (--remaining[top] == 0) {
      close();
    }
  }

  private void open(Kind kind, int count) {
    LuaTable table = new LuaTable();
    if (count == 0) {
      add(wrap(kind, table));
      return;
    }
    if (depth == tables.length) {
      int size = depth * 2;
      tables = Arrays.copyOf(tables, size);
      kinds = Arrays.copyOf(kinds, size);
      remaining = Arrays.copyOf(remaining, size);
      filled = Arrays.copyOf(filled, size);
      pendingKey = Arrays.copyOf(pendingKey, size);
    }
    tables[depth] = table;
    kinds[depth] = kind;
    remaining[depth] = kind == Kind.MAP ? count * 2 : count;
    filled[depth] = 0;
    pendingKey[depth] = null;
    depth++;
  }

  private void close() {
    depth--;
    LuaTable done = tables[depth];
    Kind kind = kinds[depth];
    tables[depth] = null;
    add(wrap(kind, done));
  }

  private static LuaValue wrap(Kind kind, LuaTable table) {
    return switch (kind) {
      case ARRAY -> table;
      case MAP -> single("map", table);
      case SET -> single("set", table);
    };
  }

  private static LuaTable single(String field, LuaValue value) {
    LuaTable table = new LuaTable();
    table.rawset(field, value);
    return table;
  }

  @Override
  public void simpleString(String text) {
    add(single("ok", LuaValue.valueOf(text)));
  }

  @Override
  public void ok() {
    LuaTable table = new LuaTable();
    table.rawset(OK_FIELD, OK);
    add(table);
  }

  @Override
  public void error(String message) {
    if (depth == 0) {
      error = true;
    }
    add(errorTable(message));
  }

  /**
   * Redis's error table: the message carries its code ({@code "ERR ..."}, {@code "WRONGTYPE ..."});
   * a message of one word is taken as the text of a generic ERR, as Redis's luaPushErrorBuff does.
   */
  static LuaTable errorTable(String message) {
    String text = message.replace('\r', ' ').replace('\n', ' ').strip();
    if (text.indexOf(' ') < 0) {
      text = "ERR " + text;
    }
    LuaTable table = new LuaTable();
    table.rawset(ERR, LuaValue.valueOf(text));
    return table;
  }

  @Override
  public void integer(long value) {
    add(LuaValue.valueOf((double) value));
  }

  @Override
  public void bulk(byte[] value) {
    if (value == null) {
      nullBulk();
    } else {
      add(LuaString.valueOf(value.clone()));
    }
  }

  @Override
  public void bulk(byte[] value, int offset, int length) {
    add(LuaString.valueOf(Arrays.copyOfRange(value, offset, offset + length)));
  }

  @Override
  public void bulk(String text) {
    if (text == null) {
      nullBulk();
    } else {
      add(LuaString.valueOf(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Override
  public void nullBulk() {
    add(protocol == 3 ? LuaValue.NIL : LuaValue.FALSE);
  }

  @Override
  public void nullArray() {
    add(protocol == 3 ? LuaValue.NIL : LuaValue.FALSE);
  }

  @Override
  public void arrayHeader(int length) {
    if (length < 0) {
      nullArray();
    } else {
      open(Kind.ARRAY, length);
    }
  }

  @Override
  public void mapHeader(int entries) {
    if (protocol == 3) {
      open(Kind.MAP, entries);
    } else {
      open(Kind.ARRAY, entries * 2);
    }
  }

  @Override
  public void setHeader(int length) {
    open(protocol == 3 ? Kind.SET : Kind.ARRAY, length);
  }

  @Override
  public void pushHeader(int length) {
    open(Kind.ARRAY, length);
  }

  @Override
  public void doubleValue(double value) {
    if (protocol == 3) {
      add(single("double", LuaValue.valueOf(value)));
    } else {
      add(LuaValue.valueOf(DoubleFormat.formatG17(value)));
    }
  }

  /** A coordinate as GEOPOS writes it: a string to a RESP2 script, a double to a RESP3 one. */
  @Override
  public void formattedDouble(String text) {
    if (protocol == 3) {
      add(single("double", LuaValue.valueOf(Double.parseDouble(text))));
    } else {
      add(LuaValue.valueOf(text));
    }
  }

  @Override
  public void bool(boolean value) {
    if (protocol == 3) {
      add(LuaValue.valueOf(value));
    } else {
      add(LuaValue.valueOf(value ? 1 : 0));
    }
  }

  @Override
  public void verbatim(String format, byte[] text) {
    if (protocol == 3) {
      LuaTable inner = new LuaTable();
      inner.rawset("format", LuaValue.valueOf(format));
      inner.rawset("string", LuaString.valueOf(text.clone()));
      add(single("verbatim_string", inner));
    } else {
      bulk(text);
    }
  }
}
