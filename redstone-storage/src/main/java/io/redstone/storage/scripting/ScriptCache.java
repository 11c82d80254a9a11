package io.redstone.storage.scripting;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.luaj.vm2.LuaFunction;

/** EVAL's scripts by SHA1 (looked up ignoring case, as Redis does), compiled once. */
final class ScriptCache {
  /** One cached script: its body, its shebang, and its compiled chunk. */
  record Script(String sha, byte[] body, Shebang shebang, LuaFunction function) {}

  private final Map<String, Script> bySha = new HashMap<>();

  Script get(String sha) {
    Script exact = bySha.get(sha);
    return exact != null || sha.length() != 40 ? exact : bySha.get(sha.toLowerCase(Locale.ROOT));
  }

  void put(Script script) {
    bySha.put(script.sha(), script);
  }

  boolean contains(String sha) {
    return get(sha) != null;
  }

  int size() {
    return bySha.size();
  }

  void clear() {
    bySha.clear();
  }
}
