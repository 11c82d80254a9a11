package io.redstone.storage.scripting;

import io.redstone.protocol.text.ArgSplitter;
import io.redstone.storage.command.CommandException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * An EVAL script's first line when it starts with {@code #!}: {@code #!lua flags=no-writes,...}.
 * Without one a script runs in Redis's compatibility mode, where its flags come from the commands
 * it calls. The line's text is not compiled, but its newline is, so line numbers stay as written.
 */
record Shebang(boolean present, Set<ScriptFlag> flags, int length) {
  static final Shebang NONE = new Shebang(false, ScriptFlag.none(), 0);

  static Shebang parse(byte[] body) {
    if (body.length < 2 || body[0] != '#' || body[1] != '!') {
      return NONE;
    }
    int end = 0;
    while (end < body.length && body[end] != '\n') {
      end++;
    }
    byte[][] parts = ArgSplitter.split(body, 0, end, ArgSplitter.Separators.REDIS);
    if (parts == null || parts.length == 0) {
      throw new CommandException("ERR Invalid engine in script shebang");
    }
    String engine = latin1(parts[0]);
    if (!engine.equals("#!lua")) {
      throw new CommandException("ERR Unexpected engine in script shebang: " + engine);
    }
    Set<ScriptFlag> flags = ScriptFlag.none();
    for (int i = 1; i < parts.length; i++) {
      String part = latin1(parts[i]);
      if (!part.startsWith("flags=")) {
        throw new CommandException("ERR Unknown lua shebang option: " + part);
      }
      String list = part.substring(6);
      if (list.isEmpty()) {
        continue;
      }
      for (String name : list.split(",", -1)) {
        ScriptFlag flag = ScriptFlag.named(name, false);
        if (flag == null) {
          throw new CommandException("ERR Unexpected flag in script shebang: " + name);
        }
        flags.add(flag);
      }
    }
    return new Shebang(true, flags, end);
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
