package io.redstone.storage.scripting;

import io.redstone.storage.ClientSession;

/**
 * One running script or function: who called it, under what name its errors are reported, what it
 * may do, and what it has done so far.
 */
final class ScriptRun {
  final ClientSession caller;
  final byte[][] callerArgv;

  /** The script's SHA1 for EVAL, the function's name for FCALL. */
  final String name;

  final boolean eval;
  final boolean readOnly;
  final LuaRuntime runtime;
  final long startNanos = System.nanoTime();

  /** Set by the first write command: from then on SCRIPT KILL cannot stop it. */
  boolean wrote;

  boolean killed;

  ScriptRun(
      ClientSession caller,
      byte[][] callerArgv,
      String name,
      boolean eval,
      boolean readOnly,
      LuaRuntime runtime) {
    this.caller = caller;
    this.callerArgv = callerArgv;
    this.name = name;
    this.eval = eval;
    this.readOnly = readOnly;
    this.runtime = runtime;
  }

  long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
