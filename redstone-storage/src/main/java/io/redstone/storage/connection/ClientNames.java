package io.redstone.storage.connection;

/** Redis's rule for client names and library attributes: printable ASCII without spaces. */
final class ClientNames {
  private ClientNames() {}

  /** True when every byte is in {@code '!'..'~'}, so CLIENT LIST stays splittable on spaces. */
  static boolean valid(byte[] value) {
    for (byte b : value) {
      if (b < '!' || b > '~') {
        return false;
      }
    }
    return true;
  }
}
