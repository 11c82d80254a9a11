package io.redstone.storage.scripting;

import io.redstone.protocol.DoubleFormat;

/**
 * Numbers as Lua 5.1 prints them ({@code LUAI_NUMFFORMAT}, C's {@code %.14g}): {@code
 * 0.33333333333333}, {@code 1e+15}, {@code inf}, {@code nan}.
 */
final class LuaNumbers {
  private LuaNumbers() {}

  static String g14(double value) {
    if (Double.isNaN(value)) {
      // glibc prints a NaN's sign, and x86 makes 0/0 negative: real Lua shows -nan.
      return "-nan";
    }
    return DoubleFormat.formatG(value, 14);
  }

  /** C's {@code (long long)} cast of a double as x86 does it: out of range and NaN give MIN. */
  static long truncate(double value) {
    if (Double.isNaN(value) || value >= 0x1p63 || value < -0x1p63) {
      return Long.MIN_VALUE;
    }
    return (long) value;
  }
}
