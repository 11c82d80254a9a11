package io.redstone.server.differential;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into arguments the way {@code redis-cli} does: whitespace separates; "double
 * quotes" understand {@code \n \r \t \b \a \\ \"} and {@code \xHH}; 'single quotes' understand only
 * {@code \'}; a closing quote must be followed by whitespace or the end of the line. Works on the
 * line's UTF-8 bytes, so {@code \xHH} gives any byte, including invalid UTF-8.
 */
final class CommandLine {
  private CommandLine() {}

  /** Thrown for unbalanced quotes or a closing quote glued to the next argument. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message);
    }
  }

  static List<byte[]> split(String line) throws SyntaxException {
    byte[] in = line.getBytes(StandardCharsets.UTF_8);
    List<byte[]> args = new ArrayList<>();
    int p = 0;
    while (true) {
      while (p < in.length && isSpace(in[p])) {
        p++;
      }
      if (p == in.length) {
        return args;
      }
      ByteArrayOutputStream current = new ByteArrayOutputStream();
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        if (inDouble) {
          if (p == in.length) {
            throw new SyntaxException("unbalanced double quotes");
          }
          if (in[p] == '\\'
              && p + 3 < in.length
              && in[p + 1] == 'x'
              && isHex(in[p + 2])
              && isHex(in[p + 3])) {
            current.write(Character.digit(in[p + 2], 16) * 16 + Character.digit(in[p + 3], 16));
            p += 3;
          } else if (in[p] == '\\' && p + 1 < in.length) {
            p++;
            current.write(
                switch (in[p]) {
                  case 'n' -> '\n';
                  case 'r' -> '\r';
                  case 't' -> '\t';
                  case 'b' -> '\b';
                  case 'a' -> 7;
                  default -> in[p];
                });
          } else if (in[p] == '"') {
            done = closingQuote(in, p);
          } else {
            current.write(in[p]);
          }
        } else if (inSingle) {
          if (p == in.length) {
            throw new SyntaxException("unbalanced single quotes");
          }
          if (in[p] == '\\' && p + 1 < in.length && in[p + 1] == '\'') {
            p++;
            current.write('\'');
          } else if (in[p] == '\'') {
            done = closingQuote(in, p);
          } else {
            current.write(in[p]);
          }
        } else if (p == in.length || isSpace(in[p])) {
          done = true;
        } else if (in[p] == '"') {
          inDouble = true;
        } else if (in[p] == '\'') {
          inSingle = true;
        } else {
          current.write(in[p]);
        }
        if (p < in.length) {
          p++;
        }
      }
      args.add(current.toByteArray());
    }
  }

  private static boolean closingQuote(byte[] in, int p) throws SyntaxException {
    if (p + 1 < in.length && !isSpace(in[p + 1])) {
      throw new SyntaxException("closing quote must be followed by a space or the end of line");
    }
    return true;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0b;
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }
}
