package io.redstone.storage.scripting;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code struct} library Redis loads (Roberto Ierusalimschy's struct 0.2): {@code pack(fmt,
 * ...)}, {@code unpack(fmt, s [, i])} and {@code size(fmt)} over the formats {@code < > !} (byte
 * order and alignment), {@code x} (padding), {@code b B h H l L j J T i I} (integers, with an
 * optional size after {@code i}/{@code I}), {@code f d} (floats), {@code s} (zero-terminated
 * string), {@code c} (fixed-size characters, {@code c0} taking its length from the previous value).
 */
final class StructLib {
  private StructLib() {}

  private static final int MAX_INT_SIZE = 8;

  static ReadOnlyTable create() {
    ReadOnlyTable lib = new ReadOnlyTable();
    lib.define("pack", new Pack());
    lib.define("unpack", new Unpack());
    lib.define("size", new Size());
    return lib;
  }

  /** The state of one walk over a format: byte order and maximum alignment. */
  private static final class Format {
    final byte[] fmt;
    int position;
    boolean little = true;
    int align = 1;

    Format(LuaString s) {
      this.fmt = LuaToReply.bytes(s);
    }

    boolean more() {
      return position < fmt.length;
    }

    int number(int defaultValue) {
      if (position >= fmt.length || !Character.isDigit(fmt[position])) {
        return defaultValue;
      }
      int n = 0;
      while (position < fmt.length && Character.isDigit(fmt[position])) {
        n = n * 10 + (fmt[position++] - '0');
        if (n > 1_000_000) {
          throw new LuaError("integral size out of limits");
        }
      }
      return n;
    }

    /** The size of option {@code c}, or -1 for the options that change no data. */
    int size(char c) {
      switch (c) {
        case 'B', 'b', 'x':
          return 1;
        case 'H', 'h':
          return 2;
        case 'L', 'l', 'J', 'j', 'T':
          return 8;
        case 'f':
          return 4;
        case 'd':
          return 8;
        case 'c':
          return number(1);
        case 'i', 'I':
          {
            int size = number(4);
            if (size > MAX_INT_SIZE || size < 1) {
              throw new LuaError(
                  "integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
            }
            return size;
          }
        default:
          return 0;
      }
    }

    /** Applies a control option; false when {@code c} is a data option. */
    boolean control(char c) {
      switch (c) {
        case ' ':
          return true;
        case '>':
          little = false;
          return true;
        case '<':
          little = true;
          return true;
        case '!':
          align = number(8);
          return true;
        default:
          return false;
      }
    }

    int padding(int offset, int size) {
      int a = Math.min(size, align);
      if (a <= 1 || (a & (a - 1)) != 0) {
        return 0;
      }
      return (a - (offset & (a - 1))) & (a - 1);
    }
  }

  private static final class Pack extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      Format f = new Format(args.checkstring(1));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int arg = 2;
      while (f.more()) {
        char c = (char) f.fmt[f.position++];
        if (f.control(c)) {
          continue;
        }
        int size = f.size(c);
        if (c != 'c' && c != 's' && c != 'x') {
          for (int pad = f.padding(out.size(), size); pad > 0; pad--) {
            out.write(0);
          }
        }
        switch (c) {
          case 'x' -> out.write(0);
          case 'b', 'B', 'h', 'H', 'l', 'L', 'j', 'J', 'T', 'i', 'I' -> {
            double d = args.checkdouble(arg++);
            long v = (long) d;
            writeInt(out, v, size, f.little);
          }
          case 'f' -> writeInt(
              out, Float.floatToIntBits((float) args.checkdouble(arg++)), 4, f.little);
          case 'd' -> writeInt(out, Double.doubleToLongBits(args.checkdouble(arg++)), 8, f.little);
          case 'c', 's' -> {
            LuaString s = args.checkstring(arg++);
            int len = c == 's' ? s.m_length : size == 0 ? s.m_length : size;
            if (c == 'c' && len > s.m_length) {
              throw new LuaError("bad argument #" + (arg - 1) + " to 'pack' (string too short)");
            }
            out.write(s.m_bytes, s.m_offset, len);
            if (c == 's') {
              out.write(0);
            }
          }
          default -> throw new LuaError("invalid format option '" + c + "'");
        }
      }
      return LuaString.valueOf(out.toByteArray());
    }
  }

  private static void writeInt(ByteArrayOutputStream out, long v, int size, boolean little) {
    for (int i = 0; i < size; i++) {
      int shift = 8 * (little ? i : size - 1 - i);
      out.write(shift >= 64 ? (v < 0 ? 0xff : 0) : (int) (v >>> shift) & 0xff);
    }
  }

  private static final class Unpack extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      Format f = new Format(args.checkstring(1));
      LuaString data = args.checkstring(2);
      int pos = args.optint(3, 1) - 1;
      if (pos < 0) {
        throw new LuaError("bad argument #3 to 'unpack' (offset must be 1 or greater)");
      }
      java.util.List<LuaValue> out = new java.util.ArrayList<>();
      while (f.more()) {
        char c = (char) f.fmt[f.position++];
        if (f.control(c)) {
          continue;
        }
        int size = f.size(c);
        if (c != 'c' && c != 's' && c != 'x') {
          pos += f.padding(pos, size);
        }
        if (c != 's' && !(c == 'c' && size == 0) && pos + size > data.m_length) {
          throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
        }
        switch (c) {
          case 'x' -> pos += 1;
          case 'b', 'h', 'l', 'j', 'i' -> {
            out.add(LuaValue.valueOf((double) readInt(data, pos, size, f.little, true)));
            pos += size;
          }
          case 'B', 'H', 'L', 'J', 'T', 'I' -> {
            long v = readInt(data, pos, size, f.little, false);
            out.add(LuaValue.valueOf(v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1)));
            pos += size;
          }
          case 'f' -> {
            out.add(
                LuaValue.valueOf(
                    (double) Float.intBitsToFloat((int) readInt(data, pos, 4, f.little, false))));
            pos += 4;
          }
          case 'd' -> {
            out.add(
                LuaValue.valueOf(Double.longBitsToDouble(readInt(data, pos, 8, f.little, false))));
            pos += 8;
          }
          case 'c' -> {
            int len = size;
            if (len == 0) {
              if (out.isEmpty() || !out.get(out.size() - 1).isnumber()) {
                throw new LuaError("format 'c0' needs a previous size");
              }
              len = out.remove(out.size() - 1).toint();
              if (pos + len > data.m_length) {
                throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
              }
            }
            out.add(
                LuaString.valueOf(
                    java.util.Arrays.copyOfRange(
                        data.m_bytes, data.m_offset + pos, data.m_offset + pos + len)));
            pos += len;
          }
          case 's' -> {
            int zero = pos;
            while (zero < data.m_length && data.m_bytes[data.m_offset + zero] != 0) {
              zero++;
            }
            if (zero >= data.m_length) {
              throw new LuaError("unfinished string in data");
            }
            out.add(
                LuaString.valueOf(
                    java.util.Arrays.copyOfRange(
                        data.m_bytes, data.m_offset + pos, data.m_offset + zero)));
            pos = zero + 1;
          }
          default -> throw new LuaError("invalid format option '" + c + "'");
        }
      }
      out.add(LuaValue.valueOf(pos + 1));
      return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }
  }

  private static long readInt(LuaString s, int pos, int size, boolean little, boolean signed) {
    long v = 0;
    for (int i = 0; i < size; i++) {
      int b = s.m_bytes[s.m_offset + pos + (little ? size - 1 - i : i)] & 0xff;
      v = (v << 8) | b;
    }
    if (signed && size < 8) {
      int shift = 64 - 8 * size;
      v = (v << shift) >> shift;
    }
    return v;
  }

  private static final class Size extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      Format f = new Format(args.checkstring(1));
      int total = 0;
      while (f.more()) {
        char c = (char) f.fmt[f.position++];
        if (f.control(c)) {
          continue;
        }
        int size = f.size(c);
        if (c == 's' || (c == 'c' && size == 0)) {
          throw new LuaError("options 'c0' - 's' have undefined sizes");
        }
        if (c != 'c' && c != 'x') {
          total += f.padding(total, size);
        }
        total += size;
      }
      return LuaValue.valueOf(total);
    }
  }
}
