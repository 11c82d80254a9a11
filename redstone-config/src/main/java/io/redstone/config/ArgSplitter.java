package io.redstone.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code sdssplitargs}, the tokenizer of config lines (and of redis-cli input): arguments
 * separated by blanks; {@code "double quotes"} with the escapes {@code \n \r \t \b \a \xHH} and
 * {@code \<any>}; {@code 'single quotes'} where only {@code \'} is an escape; a quote may start in
 * the middle of an argument ({@code foo"bar"} is {@code foobar}), but a closing quote must be
 * followed by a blank or the end. {@code ""} is an empty argument.
 */
public final class ArgSplitter {
  private ArgSplitter() {}

  /** The arguments of a line, or null when its quotes are unbalanced. */
  public static List<String> split(String line) {
    List<String> args = new ArrayList<>();
    int p = 0;
    int n = line.length();
    while (true) {
      while (p < n && CNumbers.isCSpace(line.charAt(p))) {
        p++;
      }
      if (p >= n) {
        return args;
      }
      StringBuilder current = new StringBuilder();
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        char c = p < n ? line.charAt(p) : '\0';
        boolean atEnd = p >= n;
        if (inDouble) {
          if (c == '\\' && p + 3 < n && line.charAt(p + 1) == 'x'
              && isHex(line.charAt(p + 2)) && isHex(line.charAt(p + 3))) {
            current.append((char) Integer.parseInt(line.substring(p + 2, p + 4), 16));
            p += 3;
          } else if (c == '\\' && p + 1 < n) {
            p++;
            current.append(unescape(line.charAt(p)));
          } else if (c == '"') {
            if (p + 1 < n && !CNumbers.isCSpace(line.charAt(p + 1))) {
              return null;
            }
            done = true;
          } else if (atEnd) {
            return null;
          } else {
            current.append(c);
          }
        } else if (inSingle) {
          if (c == '\\' && p + 1 < n && line.charAt(p + 1) == '\'') {
            p++;
            current.append('\'');
          } else if (c == '\'') {
            if (p + 1 < n && !CNumbers.isCSpace(line.charAt(p + 1))) {
              return null;
            }
            done = true;
          } else if (atEnd) {
            return null;
          } else {
            current.append(c);
          }
        } else {
          if (atEnd || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\0') {
            done = true;
          } else if (c == '"') {
            inDouble = true;
          } else if (c == '\'') {
            inSingle = true;
          } else {
            current.append(c);
          }
        }
        if (!atEnd) {
          p++;
        }
      }
      args.add(current.toString());
    }
  }

  private static char unescape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> (char) 7;
      default -> c;
    };
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Redis's {@code sdscatrepr}: the text in double quotes with {@code \\ \" \n \r \t \a \b}
   * escaped and other non-printable characters as {@code \xHH}, so {@link #split} gives it back.
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
