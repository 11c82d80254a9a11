package io.redstone.storage.scripting;

/**
 * Stops a script where Lua's {@code pcall} cannot catch it (an {@link Error}, not a LuaError): a
 * SCRIPT KILL, or a script past its memory or stack bound. Carries the error reply's message.
 */
final class ScriptAbort extends Error {
  private static final long serialVersionUID = 1L;

  ScriptAbort(String message) {
    super(message, null, false, false);
  }
}
