package io.redstone.storage;

import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.types.Container;

/**
 * A key opened for an in-place change by {@link Database#openForWrite} or {@link
 * Database#openOrCreate}: change {@link #value()}, then call {@link #done()}. In the manner of
 * Dragonfly's {@code FindMutable}/{@code PostUpdate}, the open has already let a running
 * point-in-time walk save the old value, and {@code done} does what every write needs after it.
 */
public final class KeyWrite {
  private final Database db;
  private final Entry entry;
  private final long memoryBefore;
  private final boolean created;

  KeyWrite(Database db, Entry entry, long memoryBefore, boolean created) {
    this.db = db;
    this.entry = entry;
    this.memoryBefore = memoryBefore;
    this.created = created;
  }

  /** The value to change; the caller's type package casts it to its own class. */
  public Container value() {
    return (Container) entry.value();
  }

  /** Whether the open created the key (it was absent). */
  public boolean created() {
    return created;
  }

  public byte[] key() {
    return entry.key();
  }

  /**
   * Puts another container of the same type in the value's place, for a change of encoding that
   * needs a new object (a compact encoding outgrowing itself, as Redis's intset turning into a hash
   * table). The open already let a running point-in-time walk save the old value, and {@link
   * #done()} accounts for the new value's memory; the key, its TTL and its entry stay.
   */
  public void replace(Container value) {
    if (value.type() != value().type()) {
      throw new IllegalArgumentException(
          "a " + value().type() + " cannot be replaced by a " + value.type());
    }
    entry.value(value);
  }

  /**
   * After the change: brings the memory figure up to date and deletes the key if the change left
   * its container empty (Redis never keeps an empty list, hash, set or sorted set). Returns whether
   * the key was deleted.
   */
  public boolean done() {
    return done(true);
  }

  /**
   * As {@link #done()}, for a command that knows whether it changed anything (SADD of members
   * already there, HDEL of absent fields): without a change, watchers of the key are not told, as
   * Redis signals only real changes.
   */
  public boolean done(boolean changed) {
    return db.afterWrite(entry, memoryBefore, created, changed);
  }
}
