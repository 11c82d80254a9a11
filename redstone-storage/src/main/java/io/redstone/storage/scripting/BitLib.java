package io.redstone.storage.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code bit} library Redis loads (LuaBitOp 1.0): 32-bit operations on Lua numbers, whose
 * results are signed 32-bit integers.
 */
final class BitLib {
  private BitLib() {}

  private enum Op {
    TOBIT,
    BNOT,
    BAND,
    BOR,
    BXOR,
    LSHIFT,
    RSHIFT,
    ARSHIFT,
    ROL,
    ROR,
    BSWAP,
    TOHEX
  }

  static ReadOnlyTable create() {
    ReadOnlyTable bit = new ReadOnlyTable();
    for (Op op : Op.values()) {
      bit.define(op.name().toLowerCase(java.util.Locale.ROOT), new BitFunction(op));
    }
    return bit;
  }

  /** LuaBitOp's conversion: the number rounded, then taken modulo 2^32. */
  static int toBit(Varargs args, int index, String name) {
    LuaValue v = args.arg(index);
    if (v.type() != LuaValue.TNUMBER && !(v.type() == LuaValue.TSTRING && v.isnumber())) {
      throw new LuaError(
          "bad argument #"
              + index
              + " to '"
              + name
              + "' (number expected, got "
              + (v.isnil() && index > args.narg() ? "no value" : v.typename())
              + ")");
    }
    double d = v.todouble();
    return (int) (long) Math.rint(d % 4294967296.0);
  }

  private static final class BitFunction extends VarArgFunction {
    private final Op op;
    private final String fname;

    BitFunction(Op op) {
      this.op = op;
      this.fname = op.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Varargs invoke(Varargs args) {
      int x = toBit(args, 1, fname);
      switch (op) {
        case TOBIT:
          return number(x);
        case BNOT:
          return number(~x);
        case BAND:
        case BOR:
        case BXOR:
          {
            for (int i = 2; i <= args.narg(); i++) {
              int y = toBit(args, i, fname);
              x = op == Op.BAND ? x & y : op == Op.BOR ? x | y : x ^ y;
            }
            return number(x);
          }
        case LSHIFT:
          return number(x << (toBit(args, 2, fname) & 31));
        case RSHIFT:
          return number(x >>> (toBit(args, 2, fname) & 31));
        case ARSHIFT:
          return number(x >> (toBit(args, 2, fname) & 31));
        case ROL:
          return number(Integer.rotateLeft(x, toBit(args, 2, fname) & 31));
        case ROR:
          return number(Integer.rotateRight(x, toBit(args, 2, fname) & 31));
        case BSWAP:
          return number(Integer.reverseBytes(x));
        case TOHEX:
          {
            int n = args.narg() >= 2 && !args.arg(2).isnil() ? toBit(args, 2, fname) : 8;
            boolean upper = n < 0;
            if (upper) {
              n = -n;
            }
            if (n > 8) {
              n = 8;
            }
            String hex = String.format(upper ? "%08X" : "%08x", x);
            return LuaValue.valueOf(hex.substring(8 - n));
          }
        default:
          throw new IllegalStateException(op.name());
      }
    }

    private static LuaValue number(int value) {
      return LuaValue.valueOf(value);
    }
  }
}
