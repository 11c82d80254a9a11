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

  /**
   * Marks an error raised inside a library function (rawset, setmetatable): Lua 5.1 gives those no
   * position, while an assignment in the script's own code has one. {@link LuaRuntime} strips it.
   */
  static final String NO_POSITION = "\u0000";

  static LuaError readOnlyFromLibrary() {
    return new LuaError(NO_POSITION + READONLY);
  }

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
    throw readOnlyFromLibrary();
  }

  @Override
  public void rawset(LuaValue key, LuaValue value) {
    throw readOnlyFromLibrary();
  }

  @Override
  public LuaValue setmetatable(LuaValue metatable) {
    throw readOnlyFromLibrary();
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
