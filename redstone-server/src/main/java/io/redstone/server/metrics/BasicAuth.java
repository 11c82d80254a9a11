package io.redstone.server.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The HTTP basic-auth credentials a scrape must give ({@code metrics-user}, {@code
 * metrics-password}), checked in constant time: both halves are always compared, as SHA-256
 * digests, so neither how long the given ones are nor where they first differ shows in the time an
 * answer takes. Only the digests are kept.
 */
public final class BasicAuth {
  /** The challenge a refused request gets, as RFC 7617 writes it. */
  public static final String CHALLENGE = "Basic realm=\"redstone\"";

  private final byte[] userDigest;
  private final byte[] passwordDigest;

  private BasicAuth(String user, String password) {
    this.userDigest = sha256(user);
    this.passwordDigest = sha256(password);
  }

  /** The credentials to ask for; null when both are empty, which asks for none. */
  public static BasicAuth of(String user, String password) {
    if (user.isEmpty() && password.isEmpty()) {
      return null;
    }
    if (user.isEmpty() || password.isEmpty()) {
      throw new IllegalArgumentException(
          "metrics-user and metrics-password go together: set both, or neither");
    }
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a basic-auth user name can't contain ':'");
    }
    return new BasicAuth(user, password);
  }

  /**
   * Whether an {@code Authorization} header value (null when the request had none) carries these
   * credentials: {@code Basic} (in any case), then base64 of {@code user:password} in UTF-8.
   */
  public boolean admits(String authorization) {
    if (authorization == null) {
      return false;
    }
    String header = authorization.strip();
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
      return false;
    }
    String pair;
    try {
      pair =
          new String(
              Base64.getDecoder().decode(header.substring(space + 1).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = pair.indexOf(':');
    if (colon < 0) {
      return false;
    }
    boolean user = MessageDigest.isEqual(sha256(pair.substring(0, colon)), userDigest);
    boolean password = MessageDigest.isEqual(sha256(pair.substring(colon + 1)), passwordDigest);
    // Both compared, whatever the first gave: & rather than &&.
    return user & password;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "BasicAuth[(redacted)]";
  }
}
