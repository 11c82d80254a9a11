package io.redstone.storage.tracking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The tracking table, Redis's {@code TrackingTable}: for each key a client read while tracking, the
 * ids of the clients that may cache it. Keys are global (a key of any database is the same entry),
 * as in Redis. A key leaves the table when it is invalidated; a random key can be picked in O(1)
 * for evicting when the table is over {@code tracking-table-max-keys}.
 */
final class TrackedKeys {
  /** One key and its readers; {@code index} is its place in {@link #slots}. */
  static final class Readers {
    final byte[] key;
    final Set<Long> ids = new LinkedHashSet<>(2);
    int index;

    Readers(byte[] key) {
      this.key = key;
    }
  }

  /** A byte string as a map key. */
  private record Key(byte[] bytes, int hash) {
    static Key of(byte[] bytes) {
      return new Key(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && hash == key.hash && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final Map<Key, Readers> byKey = new HashMap<>();
  private final List<Readers> slots = new ArrayList<>();
  private long items;

  /** Remembers that client {@code id} may cache {@code key}. */
  void remember(byte[] key, long id) {
    Readers readers = byKey.get(Key.of(key));
    if (readers == null) {
      readers = new Readers(key.clone());
      readers.index = slots.size();
      slots.add(readers);
      byKey.put(Key.of(readers.key), readers);
    }
    if (readers.ids.add(id)) {
      items++;
    }
  }

  /** Takes the key out of the table with its readers; null when nobody read it. */
  Readers take(byte[] key) {
    Readers readers = byKey.remove(Key.of(key));
    if (readers == null) {
      return null;
    }
    Readers last = slots.remove(slots.size() - 1);
    if (last != readers) {
      slots.set(readers.index, last);
      last.index = readers.index;
    }
    items -= readers.ids.size();
    return readers;
  }

  /** A key picked uniformly at random; the table must not be empty. */
  byte[] randomKey(RandomGenerator random) {
    return slots.get(random.nextInt(slots.size())).key;
  }

  /** Keys in the table: INFO's {@code tracking_total_keys}. */
  int size() {
    return slots.size();
  }

  /** Client ids over all keys: INFO's {@code tracking_total_items}. */
  long items() {
    return items;
  }

  void clear() {
    byKey.clear();
    slots.clear();
    items = 0;
  }
}
