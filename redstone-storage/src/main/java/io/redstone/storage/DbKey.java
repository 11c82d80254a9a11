package io.redstone.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A key of a database, compared by its bytes: what blocked clients and WATCH wait on. */
record DbKey(int db, byte[] key) {
  @Override
  public boolean equals(Object other) {
    return other instanceof DbKey that && db == that.db && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return 31 * db + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return db + ":" + new String(key, StandardCharsets.UTF_8);
  }
}
