package io.redstone.storage.scripting;

import java.util.EnumSet;
import java.util.Set;

/** The flags a script's shebang ({@code #!lua flags=...}) or a function's registration declares. */
enum ScriptFlag {
  NO_WRITES("no-writes"),
  ALLOW_OOM("allow-oom"),
  ALLOW_STALE("allow-stale"),
  NO_CLUSTER("no-cluster"),
  ALLOW_CROSS_SLOT_KEYS("allow-cross-slot-keys");

  final String text;

  ScriptFlag(String text) {
    this.text = text;
  }

  /**
   * The flag named {@code text} (case-insensitive only where Redis is: function flags), or null.
   */
  static ScriptFlag named(String text, boolean ignoreCase) {
    for (ScriptFlag flag : values()) {
      if (ignoreCase ? flag.text.equalsIgnoreCase(text) : flag.text.equals(text)) {
        return flag;
      }
    }
    return null;
  }

  static Set<ScriptFlag> none() {
    return EnumSet.noneOf(ScriptFlag.class);
  }
}
