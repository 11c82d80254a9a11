package io.redstone.storage;

import java.security.SecureRandom;

/** Redis's 40-hex-character run id: random per process start. */
public final class RunIds {
  private RunIds() {}

  public static String random() {
    byte[] bytes = new byte[20];
    new SecureRandom().nextBytes(bytes);
    StringBuilder hex = new StringBuilder(40);
    for (byte b : bytes) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }
}
