package io.redstone.storage.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A table scripts cannot change, as Redis 7.0 protects its globals and library tables: every write
 * fails with Redis's text. The sandbox fills it through {@link #define} before any script runs.
 */
final class ReadOnlyTable extends LuaTable {
  static final String READONLY = "Attempt to modify a readonly table";

  /** Sets a field from Java, past the protection (the sandbox's set-up, KEYS and ARGV). */
  void define(String key, LuaValue value) {
    super.rawset(LuaValue.valueOf(key), value);
  }

  void define(LuaValue key, LuaValue value) {
    super.rawset(key, value);
  }

  /** Installs a metatable from Java; scripts cannot. */
  void defineMetatable(LuaValue metatable) {
    super.setmetatable(metatable);
  }

  @Override
  public void set(int key, LuaValue value) {
    throw new LuaError(READONLY);
  }

  @Override
  public void set(LuaValue key, LuaValue value) {
    throw new LuaError(READONLY);
  }

  @Override
  public void rawset(int key, LuaValue value) {
    throw new LuaError(READONLY);
  }

  @Override
  public void rawset(LuaValue key, LuaValue value) {
    throw new LuaError(READONLY);
  }

  @Override
  public LuaValue setmetatable(LuaValue metatable) {
    throw new LuaError(READONLY);
  }

  @Override
  public void insert(int pos, LuaValue value) {
    throw new LuaError(READONLY);
  }

  @Override
  public LuaValue remove(int pos) {
    throw new LuaError(READONLY);
  }

  @Override
  public void sort(LuaValue comparator) {
    throw new LuaError(READONLY);
  }
}
