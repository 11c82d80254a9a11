package io.redstone.storage.scripting;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * The globals table scripts are compiled against, read-only as Redis 7.0 makes it. It must be a
 * LuaJ {@link Globals}: LuaJ finds the hooks (and so the instruction checks that bound and kill a
 * script) and the error handler through the globals of the chunk it runs.
 */
final class SandboxGlobals extends Globals {
  SandboxGlobals(Globals interpreter, ScriptHooks hooks) {
    this.debuglib = hooks;
    this.running = interpreter.running;
    this.compiler = interpreter.compiler;
    this.loader = interpreter.loader;
    this.undumper = interpreter.undumper;
  }

  /** Sets a global from Java, past the protection (the sandbox's set-up, KEYS and ARGV). */
  void define(String key, LuaValue value) {
    super.rawset(LuaValue.valueOf(key), value);
  }

  void define(LuaValue key, LuaValue value) {
    super.rawset(key, value);
  }

  void defineMetatable(LuaValue metatable) {
    super.setmetatable(metatable);
  }

  @Override
  public void set(int key, LuaValue value) {
    throw new LuaError(ReadOnlyTable.READONLY);
  }

  @Override
  public void set(LuaValue key, LuaValue value) {
    throw new LuaError(ReadOnlyTable.READONLY);
  }

  @Override
  public void rawset(int key, LuaValue value) {
    throw ReadOnlyTable.readOnlyFromLibrary();
  }

  @Override
  public void rawset(LuaValue key, LuaValue value) {
    throw ReadOnlyTable.readOnlyFromLibrary();
  }

  @Override
  public LuaValue setmetatable(LuaValue metatable) {
    throw ReadOnlyTable.readOnlyFromLibrary();
  }

  @Override
  public void insert(int pos, LuaValue value) {
    throw new LuaError(ReadOnlyTable.READONLY);
  }

  @Override
  public LuaValue remove(int pos) {
    throw new LuaError(ReadOnlyTable.READONLY);
  }

  @Override
  public void sort(LuaValue comparator) {
    throw new LuaError(ReadOnlyTable.READONLY);
  }
}
