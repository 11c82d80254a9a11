package io.redstone.protocol.text;

/**
 * Redis's glob rules ({@code stringmatchlen}) over bytes: {@code *} any run, {@code ?} one byte,
 * {@code [abc]}, {@code [^abc]}, {@code [a-z]} (a reversed range matches too), and {@code \} to
 * quote the next byte, also inside a class. An unterminated class ends at the end of the pattern.
 *
 * <p>Matching backtracks only to the most recent star, so a pattern of many stars costs O(pattern ×
 * string) rather than the exponential time naive recursion takes.
 */
public final class Glob {
  private Glob() {}

  public static boolean matches(byte[] pattern, byte[] string, boolean ignoreCase) {
    // Redis's matcher consumes pattern only while string bytes remain, so an empty string
    // matches nothing but the empty pattern: KEYS ** does not list the key "". (Callers that
    // short-cut the lone "*" pattern, as KEYS and SCAN do, still list it.)
    if (string.length == 0) {
      return pattern.length == 0;
    }
    int p = 0;
    int s = 0;
    int starPattern = -1;
    int starString = 0;
    while (s < string.length) {
      if (p < pattern.length && pattern[p] == '*') {
        while (p < pattern.length && pattern[p] == '*') {
          p++;
        }
        if (p == pattern.length) {
          return true;
        }
        starPattern = p;
        starString = s;
        continue;
      }
      int next = p < pattern.length ? matchOne(pattern, p, string[s], ignoreCase) : -1;
      if (next >= 0) {
        p = next;
        s++;
      } else if (starPattern >= 0) {
        p = starPattern;
        s = ++starString;
      } else {
        return false;
      }
    }
    while (p < pattern.length && pattern[p] == '*') {
      p++;
    }
    return p == pattern.length;
  }

  public static boolean matches(String pattern, String string, boolean ignoreCase) {
    return matches(
        pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        string.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        ignoreCase);
  }

  /**
   * Matches one pattern token at {@code p} against {@code c}; returns the next token's index, or
   * -1.
   */
  private static int matchOne(byte[] pattern, int p, byte c, boolean ignoreCase) {
    byte token = pattern[p];
    if (token == '?') {
      return p + 1;
    }
    if (token == '\\' && p + 1 < pattern.length) {
      return same(pattern[p + 1], c, ignoreCase) ? p + 2 : -1;
    }
    if (token != '[') {
      return same(token, c, ignoreCase) ? p + 1 : -1;
    }
    int i = p + 1;
    boolean negate = i < pattern.length && pattern[i] == '^';
    if (negate) {
      i++;
    }
    boolean matched = false;
    while (i < pattern.length && pattern[i] != ']') {
      if (pattern[i] == '\\' && i + 1 < pattern.length) {
        matched |= same(pattern[i + 1], c, ignoreCase);
        i += 2;
      } else if (i + 2 < pattern.length && pattern[i + 1] == '-') {
        matched |= inRange(pattern[i], pattern[i + 2], c, ignoreCase);
        i += 3;
      } else {
        matched |= same(pattern[i], c, ignoreCase);
        i++;
      }
    }
    int next = i < pattern.length ? i + 1 : i;
    return matched != negate ? next : -1;
  }

  private static boolean inRange(byte from, byte to, byte c, boolean ignoreCase) {
    int start = from & 0xff;
    int end = to & 0xff;
    int value = c & 0xff;
    if (start > end) {
      int swap = start;
      start = end;
      end = swap;
    }
    if (ignoreCase) {
      start = Character.toLowerCase(start);
      end = Character.toLowerCase(end);
      value = Character.toLowerCase(value);
    }
    return value >= start && value <= end;
  }

  private static boolean same(byte a, byte b, boolean ignoreCase) {
    if (a == b) {
      return true;
    }
    return ignoreCase && Character.toLowerCase(a & 0xff) == Character.toLowerCase(b & 0xff);
  }
}
