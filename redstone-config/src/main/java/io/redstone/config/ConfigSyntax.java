package io.redstone.config;

import io.redstone.protocol.text.ArgSplitter;
import io.redstone.protocol.text.ArgSplitter.Separators;
import java.util.List;

/**
 * How redis.conf (and a {@code redis-server} argument) writes values: split into words as Redis's
 * {@code sdssplitargs} does ({@link ArgSplitter}, where an unquoted word ends at a space, tab, CR,
 * LF or NUL), and quoted back as {@code sdscatrepr} does for CONFIG REWRITE.
 */
public final class ConfigSyntax {
  private ConfigSyntax() {}

  /** The arguments of a line, or null when its quotes are unbalanced. */
  public static List<String> split(String line) {
    return ArgSplitter.split(line, Separators.REDIS);
  }

  /**
   * Redis's {@code sdscatrepr}: the text in double quotes with {@code \\ \" \n \r \t \a \b} escaped
   * and other non-printable characters as {@code \xHH}, so {@link #split} gives it back.
   */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 7 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        default -> {
          if (c >= 0x20 && c < 0x7f || c >= 0xa0) {
            out.append(c);
          } else {
            out.append(String.format("\\x%02x", (int) c & 0xff));
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
