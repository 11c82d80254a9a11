/**
 * Lua scripting: EVAL and EVALSHA, the script cache, FUNCTION libraries and FCALL, the sandbox that
 * Redis 7.0 gives scripts, and the libraries it loads (cjson, cmsgpack, bit, struct).
 *
 * <p>The only package that may import the interpreter (LuaJ, {@code org.luaj}); everything else
 * sees commands and replies. Scripts run on the storage thread through the engine's re-entrant
 * call, so nothing interleaves with a running script. See docs/scripting.md.
 */
package io.redstone.storage.scripting;
