package io.redstone.storage.scripting;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code cmsgpack} library Redis loads (lua-cmsgpack 0.4): {@code pack(...)} encodes its
 * arguments one after another in MessagePack, {@code unpack(s)} decodes every object in {@code s},
 * {@code unpack_one} and {@code unpack_limit} decode some. Numbers with an integral value become
 * MessagePack integers, others floats (32 bits when exact); a table whose keys are 1..n is an
 * array, any other a map; nesting deeper than 16 packs as nil.
 */
final class CmsgpackLib {
  private CmsgpackLib() {}

  private static final int MAX_NESTING = 16;

  static ReadOnlyTable create() {
    ReadOnlyTable lib = new ReadOnlyTable();
    lib.define("pack", new Pack());
    lib.define("unpack", new Unpack(Mode.ALL));
    lib.define("unpack_one", new Unpack(Mode.ONE));
    lib.define("unpack_limit", new Unpack(Mode.LIMIT));
    lib.define("_NAME", LuaValue.valueOf("cmsgpack"));
    lib.define("_VERSION", LuaValue.valueOf("lua-cmsgpack 0.4.0"));
    lib.define("_COPYRIGHT", LuaValue.valueOf("Copyright (C) 2012, Salvatore Sanfilippo"));
    lib.define("_DESCRIPTION", LuaValue.valueOf("MessagePack C implementation for Lua"));
    return lib;
  }

  private static final class Pack extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      if (args.narg() == 0) {
        throw new LuaError("MessagePack pack needs input.");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 1; i <= args.narg(); i++) {
        encode(args.arg(i), out, 0);
      }
      return LuaString.valueOf(out.toByteArray());
    }
  }

  static void encode(LuaValue value, ByteArrayOutputStream out, int level) {
    switch (value.type()) {
      case LuaValue.TSTRING -> {
        LuaString s = value.checkstring();
        int len = s.m_length;
        if (len < 32) {
          out.write(0xa0 | len);
        } else if (len <= 0xff) {
          out.write(0xd9);
          out.write(len);
        } else if (len <= 0xffff) {
          out.write(0xda);
          writeBig(out, len, 2);
        } else {
          out.write(0xdb);
          writeBig(out, len, 4);
        }
        out.write(s.m_bytes, s.m_offset, len);
      }
      case LuaValue.TBOOLEAN -> out.write(value.toboolean() ? 0xc3 : 0xc2);
      case LuaValue.TNUMBER -> encodeNumber(value.todouble(), out);
      case LuaValue.TTABLE -> {
        if (level == MAX_NESTING) {
          out.write(0xc0);
        } else {
          encodeTable((LuaTable) value, out, level);
        }
      }
      default -> out.write(0xc0);
    }
  }

  private static void encodeNumber(double n, ByteArrayOutputStream out) {
    if (!Double.isInfinite(n) && n == (double) (long) n && Math.abs(n) < 0x1p63) {
      long v = (long) n;
      if (v >= 0) {
        if (v <= 127) {
          out.write((int) v);
        } else if (v <= 0xff) {
          out.write(0xcc);
          out.write((int) v);
        } else if (v <= 0xffff) {
          out.write(0xcd);
          writeBig(out, v, 2);
        } else if (v <= 0xffffffffL) {
          out.write(0xce);
          writeBig(out, v, 4);
        } else {
          out.write(0xcf);
          writeBig(out, v, 8);
        }
      } else if (v >= -32) {
        out.write((int) (v & 0xff));
      } else if (v >= -128) {
        out.write(0xd0);
        out.write((int) (v & 0xff));
      } else if (v >= -32768) {
        out.write(0xd1);
        writeBig(out, v, 2);
      } else if (v >= Integer.MIN_VALUE) {
        out.write(0xd2);
        writeBig(out, v, 4);
      } else {
        out.write(0xd3);
        writeBig(out, v, 8);
      }
    } else if ((double) (float) n == n || Double.isNaN(n)) {
      out.write(0xca);
      writeBig(out, Float.floatToIntBits((float) n), 4);
    } else {
      out.write(0xcb);
      writeBig(out, Double.doubleToLongBits(n), 8);
    }
  }

  private static void encodeTable(LuaTable table, ByteArrayOutputStream out, int level) {
    int count = 0;
    double max = 0;
    boolean array = true;
    LuaValue key = LuaValue.NIL;
    while (true) {
      Varargs next = table.next(key);
      key = next.arg1();
      if (key.isnil()) {
        break;
      }
      count++;
      if (array) {
        double k = key.type() == LuaValue.TNUMBER ? key.todouble() : -1;
        if (k <= 0 || k != Math.floor(k)) {
          array = false;
        } else if (k > max) {
          max = k;
        }
      }
    }
    if (array && max == count) {
      header(out, count, 0x90, 0xdc, 0xdd);
      for (int i = 1; i <= count; i++) {
        encode(table.rawget(i), out, level + 1);
      }
      return;
    }
    header(out, count, 0x80, 0xde, 0xdf);
    key = LuaValue.NIL;
    while (true) {
      Varargs next = table.next(key);
      key = next.arg1();
      if (key.isnil()) {
        return;
      }
      encode(key, out, level + 1);
      encode(next.arg(2), out, level + 1);
    }
  }

  private static void header(ByteArrayOutputStream out, int count, int fix, int b16, int b32) {
    if (count <= 15) {
      out.write(fix | count);
    } else if (count <= 0xffff) {
      out.write(b16);
      writeBig(out, count, 2);
    } else {
      out.write(b32);
      writeBig(out, count, 4);
    }
  }

  private static void writeBig(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  private enum Mode {
    ALL,
    ONE,
    LIMIT
  }

  /** Decodes; {@code unpack_one}/{@code unpack_limit} also return the offset to go on from. */
  private static final class Unpack extends VarArgFunction {
    private final Mode mode;

    Unpack(Mode mode) {
      this.mode = mode;
    }

    @Override
    public Varargs invoke(Varargs args) {
      LuaString s = args.checkstring(1);
      int limit = mode == Mode.ONE ? 1 : mode == Mode.LIMIT ? args.optint(2, 0) : 0;
      int offset = mode == Mode.ALL ? 0 : args.optint(mode == Mode.ONE ? 2 : 3, 0);
      if (offset < 0 || limit < 0) {
        throw new LuaError(
            "Invalid request to unpack with offset of " + offset + " and limit of " + limit + ".");
      }
      Decoder decoder = new Decoder(s.m_bytes, s.m_offset + offset, s.m_offset + s.m_length);
      java.util.List<LuaValue> values = new java.util.ArrayList<>();
      while (decoder.position < decoder.end && (limit == 0 || values.size() < limit)) {
        values.add(decoder.decode());
      }
      if (mode == Mode.ALL) {
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
      }
      int next = decoder.position >= decoder.end ? -1 : decoder.position - s.m_offset;
      LuaValue[] out = new LuaValue[values.size() + 1];
      out[0] = LuaValue.valueOf(next);
      for (int i = 0; i < values.size(); i++) {
        out[i + 1] = values.get(i);
      }
      return LuaValue.varargsOf(out);
    }
  }

  private static final class Decoder {
    private final byte[] data;
    int position;
    final int end;

    Decoder(byte[] data, int position, int end) {
      this.data = data;
      this.position = position;
      this.end = end;
    }

    private void need(int n) {
      if (end - position < n) {
        throw new LuaError("Missing bytes in input.");
      }
    }

    private int u8() {
      need(1);
      return data[position++] & 0xff;
    }

    private long big(int bytes) {
      need(bytes);
      long v = 0;
      for (int i = 0; i < bytes; i++) {
        v = (v << 8) | (data[position++] & 0xff);
      }
      return v;
    }

    private LuaValue bytes(int n) {
      if (n < 0) {
        throw new LuaError("Missing bytes in input.");
      }
      need(n);
      byte[] out = new byte[n];
      System.arraycopy(data, position, out, 0, n);
      position += n;
      return LuaString.valueOf(out);
    }

    LuaValue decode() {
      int b = u8();
      if (b <= 0x7f) {
        return LuaValue.valueOf(b);
      }
      if (b >= 0xe0) {
        return LuaValue.valueOf((byte) b);
      }
      if ((b & 0xe0) == 0xa0) {
        return bytes(b & 0x1f);
      }
      if ((b & 0xf0) == 0x90) {
        return array(b & 0x0f);
      }
      if ((b & 0xf0) == 0x80) {
        return map(b & 0x0f);
      }
      switch (b) {
        case 0xc0:
          return LuaValue.NIL;
        case 0xc2:
          return LuaValue.FALSE;
        case 0xc3:
          return LuaValue.TRUE;
        case 0xcc:
          return LuaValue.valueOf((double) big(1));
        case 0xcd:
          return LuaValue.valueOf((double) big(2));
        case 0xce:
          return LuaValue.valueOf((double) big(4));
        case 0xcf:
          {
            long v = big(8);
            return LuaValue.valueOf(v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1));
          }
        case 0xd0:
          return LuaValue.valueOf((double) (byte) big(1));
        case 0xd1:
          return LuaValue.valueOf((double) (short) big(2));
        case 0xd2:
          return LuaValue.valueOf((double) (int) big(4));
        case 0xd3:
          return LuaValue.valueOf((double) big(8));
        case 0xca:
          return LuaValue.valueOf((double) Float.intBitsToFloat((int) big(4)));
        case 0xcb:
          return LuaValue.valueOf(Double.longBitsToDouble(big(8)));
        case 0xd9:
        case 0xc4:
          return bytes((int) big(1));
        case 0xda:
        case 0xc5:
          return bytes((int) big(2));
        case 0xdb:
        case 0xc6:
          return bytes((int) big(4));
        case 0xdc:
          return array((int) big(2));
        case 0xdd:
          return array((int) big(4));
        case 0xde:
          return map((int) big(2));
        case 0xdf:
          return map((int) big(4));
        default:
          throw new LuaError("Bad data format in input.");
      }
    }

    private LuaValue array(int n) {
      if (n < 0 || n > end - position) {
        throw new LuaError("Missing bytes in input.");
      }
      LuaTable table = new LuaTable(Math.min(n, 1024), 0);
      for (int i = 1; i <= n; i++) {
        table.rawset(i, decode());
      }
      return table;
    }

    private LuaValue map(int n) {
      if (n < 0 || n > end - position) {
        throw new LuaError("Missing bytes in input.");
      }
      LuaTable table = new LuaTable();
      for (int i = 0; i < n; i++) {
        LuaValue key = decode();
        LuaValue value = decode();
        if (!key.isnil()) {
          table.rawset(key, value);
        }
      }
      return table;
    }
  }
}
