package io.redstone.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an inline command line into arguments with the rules of Redis's {@code sdssplitargs}, so
 * {@code telnet}-style input means exactly what it means to Redis:
 *
 * <ul>
 *   <li>arguments are separated by whitespace; leading blanks are any C {@code isspace} byte, but an
 *       unquoted argument ends only at space, tab, CR or LF (a vertical tab is part of it);
 *   <li>{@code "double quotes"} understand {@code \n \r \t \b \a}, {@code \xHH}, and a backslash
 *       before any other byte stands for that byte;
 *   <li>{@code 'single quotes'} understand only {@code \'};
 *   <li>a quote may open in the middle of an argument ({@code a"b c"} is {@code ab c}), but a closing
 *       quote must be followed by whitespace or the end of the line.
 * </ul>
 */
final class InlineSplitter {
  private InlineSplitter() {}

  /**
   * The arguments of {@code line[0, length)}, or {@code null} when its quotes are unbalanced. The
   * line holds no NUL byte (the parser never completes such a line, as Redis does not).
   */
  static byte[][] split(byte[] line, int length) {
    List<byte[]> args = new ArrayList<>();
    byte[] token = new byte[length];
    int p = 0;
    while (true) {
      while (p < length && isSpace(line[p])) {
        p++;
      }
      if (p == length) {
        return args.toArray(new byte[0][]);
      }
      int tokenLength = 0;
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        int c = at(line, length, p);
        if (inDouble) {
          if (c == '\\' && at(line, length, p + 1) == 'x'
              && isHexDigit(at(line, length, p + 2)) && isHexDigit(at(line, length, p + 3))) {
            token[tokenLength++] =
                (byte) (hexValue(at(line, length, p + 2)) * 16 + hexValue(at(line, length, p + 3)));
            p += 3;
          } else if (c == '\\' && p + 1 < length) {
            p++;
            token[tokenLength++] = unescape(line[p]);
          } else if (c == '"') {
            if (p + 1 < length && !isSpace(line[p + 1])) {
              return null;
            }
            done = true;
          } else if (p == length) {
            return null;
          } else {
            token[tokenLength++] = (byte) c;
          }
        } else if (inSingle) {
          if (c == '\\' && at(line, length, p + 1) == '\'') {
            p++;
            token[tokenLength++] = '\'';
          } else if (c == '\'') {
            if (p + 1 < length && !isSpace(line[p + 1])) {
              return null;
            }
            done = true;
          } else if (p == length) {
            return null;
          } else {
            token[tokenLength++] = (byte) c;
          }
        } else if (p == length || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          done = true;
        } else if (c == '"') {
          inDouble = true;
        } else if (c == '\'') {
          inSingle = true;
        } else {
          token[tokenLength++] = (byte) c;
        }
        if (p < length) {
          p++;
        }
      }
      args.add(Arrays.copyOf(token, tokenLength));
    }
  }

  /** The byte at {@code i} as 0..255, or 0 past the end, as C sees its string terminator. */
  private static int at(byte[] line, int length, int i) {
    return i < length ? line[i] & 0xFF : 0;
  }

  private static byte unescape(byte escaped) {
    return switch (escaped) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> 7;
      default -> escaped;
    };
  }

  /** C's {@code isspace} in the C locale; bytes above 127 are never space. */
  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int hexValue(int c) {
    if (c <= '9') {
      return c - '0';
    }
    return (c | 0x20) - 'a' + 10;
  }
}
