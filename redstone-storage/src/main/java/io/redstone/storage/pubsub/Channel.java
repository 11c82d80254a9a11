package io.redstone.storage.pubsub;

import java.util.Arrays;

/** A channel name or a pattern, as a map key: binary-safe, compared by its bytes. */
public record Channel(byte[] bytes) {
  @Override
  public boolean equals(Object other) {
    return other instanceof Channel that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
