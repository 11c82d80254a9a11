package io.redstone.storage.observe;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Passwords replaced by {@code (redacted)} before a command is shown in the slow log or to MONITOR,
 * in the arguments Redis hides: AUTH's, HELLO's after AUTH, and CONFIG SET's values of secret
 * directives (Redstone's own {@code metrics-password} among them: CONFIG SET refuses it, as it is
 * set at start only, but the attempt is still shown).
 */
public final class Redaction {
  private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

  private Redaction() {}

  /** {@code argv} itself when nothing in it is secret, else a copy with the secrets replaced. */
  public static byte[][] of(String fullName, byte[][] argv) {
    switch (fullName) {
      case "auth" -> {
        byte[][] copy = argv.clone();
        for (int i = 1; i < copy.length; i++) {
          copy[i] = REDACTED;
        }
        return copy;
      }
      case "hello" -> {
        byte[][] copy = argv.clone();
        for (int i = 2; i < copy.length; i++) {
          if (is(copy[i], "auth")) {
            for (int j = i + 1; j <= i + 2 && j < copy.length; j++) {
              copy[j] = REDACTED;
            }
            i += 2;
          }
        }
        return copy;
      }
      case "config|set" -> {
        byte[][] copy = argv.clone();
        for (int i = 2; i + 1 < copy.length; i += 2) {
          if (is(copy[i], "requirepass")
              || is(copy[i], "masterauth")
              || is(copy[i], "metrics-password")) {
            copy[i + 1] = REDACTED;
          }
        }
        return copy;
      }
      default -> {
        return argv;
      }
    }
  }

  private static boolean is(byte[] arg, String word) {
    return new String(arg, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).equals(word);
  }
}
