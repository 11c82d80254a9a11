package io.redstone.storage.keyspace;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The entries that have a TTL, in a dense array, so the active expiry cycle can sample them
 * uniformly in O(1) (Redis samples its {@code expires} dict for the same purpose). Each entry
 * remembers its slot; removal moves the last entry into the hole.
 */
public final class ExpiryIndex {
  private static final int INITIAL_CAPACITY = 16;

  private Entry[] entries = new Entry[INITIAL_CAPACITY];
  private int size;

  public int size() {
    return size;
  }

  /** Sets or changes the entry's TTL, adding it to the index if it had none. */
  public void setExpireAt(Entry entry, long expireAtMillis) {
    if (expireAtMillis == Entry.NO_EXPIRY) {
      remove(entry);
      return;
    }
    entry.expireAt = expireAtMillis;
    if (entry.expirySlot < 0) {
      if (size == entries.length) {
        entries = Arrays.copyOf(entries, size << 1);
      }
      entry.expirySlot = size;
      entries[size++] = entry;
    }
  }

  /** Clears the entry's TTL; no-op if it has none. */
  public void remove(Entry entry) {
    entry.expireAt = Entry.NO_EXPIRY;
    int slot = entry.expirySlot;
    if (slot < 0) {
      return;
    }
    Entry last = entries[--size];
    entries[slot] = last;
    last.expirySlot = slot;
    entries[size] = null;
    entry.expirySlot = -1;
    if (entries.length > INITIAL_CAPACITY && size < entries.length >>> 2) {
      entries = Arrays.copyOf(entries, entries.length >>> 1);
    }
  }

  public Entry random(RandomGenerator random) {
    return size == 0 ? null : entries[random.nextInt(size)];
  }

  public void clear() {
    entries = new Entry[INITIAL_CAPACITY];
    size = 0;
  }
}
