package io.redstone.storage.scripting;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * The interpreter's hook into every Lua call and instruction, installed in place of the debug
 * library (which scripts never see). It bounds a script (call depth, heap), lets SCRIPT KILL stop
 * it, and remembers where Lua code ran last, so an error raised outside any Lua frame (a tail call
 * such as {@code return redis.call(...)}) still names its line.
 */
final class ScriptHooks extends DebugLib {
  /** Lua calls nested deeper than this end the script with Lua's own words. */
  static final int MAX_DEPTH = 1000;

  /** How many instructions pass between two looks at the clock, the kill flag and the heap. */
  private static final int CHECK_EVERY = 1 << 14;

  /** Past this share of the maximum heap a running script is stopped rather than let it grow. */
  private static final double HEAP_LIMIT = 0.90;

  private final LuaClosure[] frames = new LuaClosure[MAX_DEPTH + 2];
  private final int[] pcs = new int[MAX_DEPTH + 2];
  private int depth;
  private int sinceCheck;
  private LuaClosure lastClosure;
  private int lastPc;
  private Interrupts interrupts = Interrupts.NONE;

  /** What the hook asks about a running script every few thousand instructions. */
  interface Interrupts {
    Interrupts NONE = () -> null;

    /** A reason to stop the script now (its error message), or null to go on. */
    String check();
  }

  void start(Interrupts value) {
    this.interrupts = value;
    this.depth = 0;
    this.sinceCheck = 0;
    this.lastClosure = null;
  }

  void stop() {
    this.interrupts = Interrupts.NONE;
    this.depth = 0;
  }

  /** Forces the next instruction to consult {@link Interrupts} (after a kill, at once). */
  void checkSoon() {
    sinceCheck = CHECK_EVERY;
  }

  @Override
  public void onCall(LuaFunction f) {
    enter(null);
  }

  @Override
  public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
    enter(c);
  }

  private void enter(LuaClosure closure) {
    if (depth >= MAX_DEPTH) {
      throw new ScriptAbort("stack overflow");
    }
    frames[depth] = closure;
    pcs[depth] = 0;
    depth++;
  }

  @Override
  public void onInstruction(int pc, Varargs v, int top) {
    if (depth > 0) {
      pcs[depth - 1] = pc;
    }
    if (++sinceCheck >= CHECK_EVERY) {
      sinceCheck = 0;
      String reason = interrupts.check();
      if (reason == null) {
        reason = heapReason();
      }
      if (reason != null) {
        // Every later instruction checks again, so a pcall cannot swallow the stop.
        sinceCheck = CHECK_EVERY;
        throw new ScriptAbort(reason);
      }
    }
  }

  @Override
  public void onReturn() {
    if (depth > 0) {
      depth--;
      if (frames[depth] != null) {
        lastClosure = frames[depth];
        lastPc = pcs[depth];
      }
      frames[depth] = null;
    }
  }

  /** The source line Lua code ran last, or -1 when none ran. */
  int lastLine() {
    for (int i = depth - 1; i >= 0; i--) {
      if (frames[i] != null) {
        return lineOf(frames[i].p, pcs[i]);
      }
    }
    return lastClosure == null ? -1 : lineOf(lastClosure.p, lastPc);
  }

  private static int lineOf(Prototype p, int pc) {
    return p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? p.lineinfo[pc] : -1;
  }

  private static String heapReason() {
    Runtime runtime = Runtime.getRuntime();
    long used = runtime.totalMemory() - runtime.freeMemory();
    if (used > runtime.maxMemory() * HEAP_LIMIT) {
      // Garbage may fill the heap as well as live data: look again after a collection.
      System.gc();
      used = runtime.totalMemory() - runtime.freeMemory();
      if (used > runtime.maxMemory() * HEAP_LIMIT) {
        return "not enough memory";
      }
    }
    return null;
  }
}
