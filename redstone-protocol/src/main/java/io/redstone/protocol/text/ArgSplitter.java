package io.redstone.protocol.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's {@code sdssplitargs}, the one tokenizer of inline commands, redis.conf lines and AOF
 * manifest lines:
 *
 * <ul>
 *   <li>blanks before an argument are any C {@code isspace} byte; what ends an unquoted argument is
 *       the caller's choice of {@link Separators};
 *   <li>{@code "double quotes"} understand {@code \n \r \t \b \a}, {@code \xHH}, and a backslash
 *       before any other byte stands for that byte;
 *   <li>{@code 'single quotes'} understand only {@code \'};
 *   <li>a quote may open in the middle of an argument ({@code a"b c"} is {@code ab c}), but a
 *       closing quote must be followed by a blank or the end of the line; {@code ""} is an empty
 *       argument.
 * </ul>
 *
 * <p>A line whose quotes are unbalanced, or whose closing quote runs on into a non-blank, has no
 * arguments: the methods return {@code null} and the caller words the error.
 */
public final class ArgSplitter {
  /** Past the last unit; no unit is negative. */
  private static final int END = -1;

  private ArgSplitter() {}

  /** What ends an unquoted argument. */
  public enum Separators {
    /**
     * {@code sdssplitargs}'s own: space, tab, CR, LF, and NUL (C's end of string). A vertical tab
     * or form feed is part of the argument.
     */
    REDIS,
    /** Any C {@code isspace} byte, vertical tab and form feed too; NUL is an ordinary byte. */
    ANY_SPACE
  }

  /** The arguments of {@code line[from, to)}, or {@code null} when its quotes are unbalanced. */
  public static byte[][] split(byte[] line, int from, int to, Separators separators) {
    Bytes bytes = new Bytes(line, from, to);
    return split(bytes, separators) ? bytes.args.toArray(new byte[0][]) : null;
  }

  /**
   * The arguments of {@code line}, char by char, or {@code null} when its quotes are unbalanced. A
   * {@code \xHH} escape stands for the char {@code U+00HH}; chars above {@code U+00FF} are never
   * blanks, quotes or escapes, so they pass through unchanged.
   */
  public static List<String> split(CharSequence line, Separators separators) {
    Chars chars = new Chars(line);
    return split(chars, separators) ? chars.args : null;
  }

  /** The line as units (bytes or chars), and where the arguments go. */
  private abstract static class Line {
    abstract int length();

    /** The unit at {@code i}, non-negative. */
    abstract int at(int i);

    abstract void append(int unit);

    abstract void endArgument();
  }

  /** Splits {@code line} into its own argument list; false when its quotes are unbalanced. */
  private static boolean split(Line line, Separators separators) {
    int n = line.length();
    int p = 0;
    while (true) {
      while (p < n && isSpace(line.at(p))) {
        p++;
      }
      if (p == n) {
        return true;
      }
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        int c = p < n ? line.at(p) : END;
        if (inDouble) {
          if (c == '\\'
              && p + 3 < n
              && line.at(p + 1) == 'x'
              && isHexDigit(line.at(p + 2))
              && isHexDigit(line.at(p + 3))) {
            line.append(hexValue(line.at(p + 2)) * 16 + hexValue(line.at(p + 3)));
            p += 3;
          } else if (c == '\\' && p + 1 < n) {
            p++;
            line.append(unescape(line.at(p)));
          } else if (c == '"') {
            if (p + 1 < n && !isSpace(line.at(p + 1))) {
              return false;
            }
            done = true;
          } else if (c == END) {
            return false;
          } else {
            line.append(c);
          }
        } else if (inSingle) {
          if (c == '\\' && p + 1 < n && line.at(p + 1) == '\'') {
            p++;
            line.append('\'');
          } else if (c == '\'') {
            if (p + 1 < n && !isSpace(line.at(p + 1))) {
              return false;
            }
            done = true;
          } else if (c == END) {
            return false;
          } else {
            line.append(c);
          }
        } else if (c == END || endsArgument(c, separators)) {
          done = true;
        } else if (c == '"') {
          inDouble = true;
        } else if (c == '\'') {
          inSingle = true;
        } else {
          line.append(c);
        }
        if (p < n) {
          p++;
        }
      }
      line.endArgument();
    }
  }

  private static boolean endsArgument(int c, Separators separators) {
    return switch (separators) {
      case REDIS -> c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0;
      case ANY_SPACE -> isSpace(c);
    };
  }

  private static int unescape(int escaped) {
    return switch (escaped) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> 7;
      default -> escaped;
    };
  }

  /** C's {@code isspace} in the C locale: space, tab, LF, vertical tab, form feed, CR. */
  private static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
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

  private static final class Bytes extends Line {
    private final byte[] line;
    private final int from;
    private final int length;
    // An argument is never longer than the line it came from.
    private final byte[] token;
    private int tokenLength;
    final List<byte[]> args = new ArrayList<>();

    Bytes(byte[] line, int from, int to) {
      this.line = line;
      this.from = from;
      this.length = to - from;
      this.token = new byte[length];
    }

    @Override
    int length() {
      return length;
    }

    @Override
    int at(int i) {
      return line[from + i] & 0xFF;
    }

    @Override
    void append(int unit) {
      token[tokenLength++] = (byte) unit;
    }

    @Override
    void endArgument() {
      args.add(Arrays.copyOf(token, tokenLength));
      tokenLength = 0;
    }
  }

  private static final class Chars extends Line {
    private final CharSequence line;
    private final StringBuilder token = new StringBuilder();
    final List<String> args = new ArrayList<>();

    Chars(CharSequence line) {
      this.line = line;
    }

    @Override
    int length() {
      return line.length();
    }

    @Override
    int at(int i) {
      return line.charAt(i);
    }

    @Override
    void append(int unit) {
      token.append((char) unit);
    }

    @Override
    void endArgument() {
      args.add(token.toString());
      token.setLength(0);
    }
  }
}
