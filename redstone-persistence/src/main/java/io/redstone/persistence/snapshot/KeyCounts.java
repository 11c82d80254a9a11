package io.redstone.persistence.snapshot;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many keys each database held when a snapshot's walk began, stored in the snapshot's info
 * record under {@link #AUX_NAME}, as RDB's {@code RESIZEDB} opcode does: a load sizes each
 * database's table once, up front, instead of growing it through every power of two on the way.
 * Only a hint: the entries themselves are what counts, and a file without it loads the same.
 */
public final class KeyCounts {
  /** The info record's name for the hint; its value reads {@code 0=1000000,3=12}. */
  public static final String AUX_NAME = "keys-per-db";

  private KeyCounts() {}

  /** The hint for databases whose key counts are {@code keysPerDb} (empty ones are left out). */
  public static String encode(long[] keysPerDb) {
    StringBuilder out = new StringBuilder();
    for (int db = 0; db < keysPerDb.length; db++) {
      if (keysPerDb[db] > 0) {
        if (out.length() > 0) {
          out.append(',');
        }
        out.append(db).append('=').append(keysPerDb[db]);
      }
    }
    return out.toString();
  }

  /**
   * The key count per database that {@code aux} holds, in database order; empty when there is no
   * hint or it does not parse, since a hint must never stop a load.
   */
  public static Map<Integer, Long> decode(Map<String, String> aux) {
    String value = aux.get(AUX_NAME);
    Map<Integer, Long> counts = new TreeMap<>();
    if (value == null || value.isEmpty()) {
      return counts;
    }
    try {
      for (String pair : value.split(",", -1)) {
        int equals = pair.indexOf('=');
        int db = Integer.parseInt(pair.substring(0, equals));
        long keys = Long.parseLong(pair.substring(equals + 1));
        if (db < 0 || keys < 0) {
          return new TreeMap<>();
        }
        counts.put(db, keys);
      }
    } catch (RuntimeException e) {
      return new TreeMap<>();
    }
    return counts;
  }
}
