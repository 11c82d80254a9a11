package io.redstone.storage.keyspace;

/** The keyspace's table: a {@link BytesTable} of {@link Entry} nodes, one per key. */
public final class KeyTable extends BytesTable<Entry> {
  public KeyTable(int seed) {
    super(seed);
  }

  /** Adds a key that the caller knows is absent and returns its new entry. */
  public Entry add(byte[] key, Object value) {
    Entry entry = new Entry(key, hashOf(key), value);
    insert(entry);
    return entry;
  }
}
