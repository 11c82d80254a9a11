package io.redstone.storage;

import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.Errors;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.keyspace.ExpiryIndex;
import io.redstone.storage.keyspace.KeyTable;
import io.redstone.storage.notify.KeyspaceEvents;
import io.redstone.storage.notify.NotifyClass;
import io.redstone.storage.types.Container;
import io.redstone.storage.types.ValueType;
import io.redstone.storage.types.Values;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One logical database ({@code SELECT n}). The only way commands touch keys: a handful of
 * operations whose side effects are listed on each, in the manner of Redis's {@code db.c}. Nothing
 * else reaches into the {@link KeyTable} or the {@link ExpiryIndex}, so the table, the TTL index
 * and the memory estimate always agree.
 */
public final class Database {
  /** Told when a key disappears because its TTL passed, so it can be counted and logged as DEL. */
  interface ExpiryListener {
    void expired(Database db, byte[] key);
  }

  /**
   * Told of every change to a key, for the clients that wait on keys (blocked commands, WATCH).
   * Costs the engine a field read per change while nobody waits.
   */
  interface ChangeListener {
    /**
     * The key was created, replaced or changed in place and still exists: clients blocked on it can
     * look again (Redis's {@code signalKeyAsReady}), and it is a change for WATCH.
     */
    void written(Database db, byte[] key);

    /**
     * The key was deleted (by a command or because its TTL passed) or its TTL was set or cleared: a
     * change for WATCH (Redis's {@code signalModifiedKey}), nothing for blocked clients.
     */
    void touched(Database db, byte[] key);

    /**
     * The key left the table, by any path: clients blocked in XREADGROUP on it are answered, as
     * Redis answers them; nothing for WATCH, which {@link #touched} covers where Redis counts a
     * change.
     */
    void deleted(Database db, byte[] key);

    /**
     * The whole database is about to be emptied (FLUSHDB, FLUSHALL, a reload) or, with {@code
     * other} not null, swapped with {@code other} (SWAPDB): every key in it changes at once. Called
     * while the keys are still there.
     */
    void replacing(Database db, Database other);
  }

  private final int index;
  private final int hashSeed;
  private final SnapshotState snapshots;
  private KeyTable keys;
  private ExpiryIndex expiring = new ExpiryIndex();
  private final EngineStats stats;
  private final ExpiryListener expiryListener;
  private final ChangeListener changes;
  private final KeyspaceEvents events;
  private long estimatedBytes;

  Database(
      int index,
      int hashSeed,
      EngineStats stats,
      ExpiryListener expiryListener,
      ChangeListener changes,
      SnapshotState snapshots,
      KeyspaceEvents events) {
    this.index = index;
    this.hashSeed = hashSeed;
    this.snapshots = snapshots;
    this.keys = new KeyTable(hashSeed);
    this.stats = stats;
    this.expiryListener = expiryListener;
    this.changes = changes;
    this.events = events;
  }

  public int index() {
    return index;
  }

  public int size() {
    return keys.size();
  }

  /** Before a load into this empty database: sizes its table for {@code keys} keys at once. */
  public void reserve(long keys) {
    this.keys.reserve(keys);
  }

  public int expiresCount() {
    return expiring.size();
  }

  /** Estimated bytes held by this database's keys, values and entries. */
  public long estimatedBytes() {
    return estimatedBytes;
  }

  /**
   * Looks a key up for reading. Side effects: deletes the key if its TTL has passed (counted as
   * expired, logged as DEL, the {@code expired} event); counts a keyspace hit or miss (a miss emits
   * {@code keymiss}); stamps the access clock.
   */
  public Entry lookupRead(byte[] key, long nowMillis) {
    Entry entry = lookup(key, nowMillis);
    if (entry == null) {
      missed(key);
    } else {
      stats.keyspaceHits++;
      entry.touch(accessClock(nowMillis));
    }
    return entry;
  }

  /**
   * Looks a key up for reading without stamping the access clock, as Redis's {@code LOOKUP_NOTOUCH}
   * (TYPE, EXISTS, TTL, OBJECT): deletes the key if its TTL has passed and counts a keyspace hit or
   * miss (a miss emits {@code keymiss}), but leaves the key's idle time alone.
   */
  public Entry lookupReadNoTouch(byte[] key, long nowMillis) {
    Entry entry = lookup(key, nowMillis);
    if (entry == null) {
      missed(key);
    } else {
      stats.keyspaceHits++;
    }
    return entry;
  }

  /**
   * As {@link #lookupReadNoTouch}, but a miss emits no {@code keymiss} event: OBJECT's lookup,
   * which Redis makes with {@code LOOKUP_NOTOUCH|LOOKUP_NONOTIFY}.
   */
  public Entry lookupReadQuiet(byte[] key, long nowMillis) {
    Entry entry = lookup(key, nowMillis);
    if (entry == null) {
      stats.keyspaceMisses++;
    } else {
      stats.keyspaceHits++;
    }
    return entry;
  }

  /** A read found no key: counted, and the {@code keymiss} event, as Redis's {@code lookupKey}. */
  private void missed(byte[] key) {
    stats.keyspaceMisses++;
    events.notify(NotifyClass.KEY_MISS, "keymiss", key, index);
  }

  /**
   * Looks a key up for writing: as {@link #lookupRead} (expired keys are deleted first), but counts
   * no hit or miss, as Redis's {@code lookupKeyWrite}.
   */
  public Entry lookupWrite(byte[] key, long nowMillis) {
    Entry entry = lookup(key, nowMillis);
    if (entry != null) {
      entry.touch(accessClock(nowMillis));
    }
    return entry;
  }

  /**
   * Looks a key up without touching statistics or the access clock: for introspection (TYPE in SCAN
   * filters, OBJECT IDLETIME). Still deletes the key if its TTL has passed.
   */
  public Entry peek(byte[] key, long nowMillis) {
    return lookup(key, nowMillis);
  }

  /** Whether the key exists, deleting it first if expired; no statistics. */
  public boolean exists(byte[] key, long nowMillis) {
    return lookup(key, nowMillis) != null;
  }

  /**
   * Sets the key to value, as Redis's {@code setKey}: creates the key (the {@code new} event) or
   * replaces its value, and clears any TTL unless {@code keepTtl}. Returns the entry.
   */
  public Entry put(byte[] key, Object value, boolean keepTtl, long nowMillis) {
    return put(lookup(key, nowMillis), key, value, keepTtl, nowMillis);
  }

  /**
   * As {@link #put(byte[], Object, boolean, long)} for a caller that has just looked the key up
   * (and changed nothing since): {@code existing} is what that lookup found, null for absent. SET
   * looks the key up anyway for NX/XX, and a second probe of the table cost a cache miss per write.
   */
  public Entry put(Entry existing, byte[] key, Object value, boolean keepTtl, long nowMillis) {
    Entry entry = existing;
    if (entry == null) {
      entry = keys.add(key, value);
      entry.snapshotVersion(snapshots.epoch);
      estimatedBytes += MemoryEstimate.entry(key, value);
      events.notify(NotifyClass.NEW, "new", key, index);
    } else {
      replaceValue(entry, value);
      if (!keepTtl) {
        expiring.remove(entry);
      }
    }
    entry.touch(accessClock(nowMillis));
    changes.written(this, key);
    return entry;
  }

  /**
   * Opens an existing key of type {@code type} for an in-place change, as Redis's {@code
   * lookupKeyWrite} with its type check; null if the key is absent. Side effects: deletes the key
   * if its TTL has passed; stamps the access clock; lets a running point-in-time walk save the
   * value before it changes. Throws WRONGTYPE when the key holds another type. Finish with {@link
   * KeyWrite#done()}.
   */
  public KeyWrite openForWrite(byte[] key, ValueType type, long nowMillis) {
    Entry entry = lookupWrite(key, nowMillis);
    if (entry == null) {
      return null;
    }
    checkType(entry, type);
    beforeChange(entry);
    return new KeyWrite(this, entry, Values.memory(entry.value()), false);
  }

  /**
   * As {@link #openForWrite}, but creates the key with {@code empty}'s value when it is absent, as
   * Redis's {@code dbAdd} after a failed lookup (LPUSH, HSET, SADD, ZADD).
   */
  public KeyWrite openOrCreate(
      byte[] key, ValueType type, Supplier<Container> empty, long nowMillis) {
    KeyWrite open = openForWrite(key, type, nowMillis);
    if (open != null) {
      return open;
    }
    Container value = empty.get();
    // No change is signalled yet: the command may leave the container empty (ZADD XX), and then
    // nothing happened. KeyWrite.done() signals what did.
    Entry entry = addEntry(key, value, nowMillis);
    return new KeyWrite(this, entry, Values.memory(value), true);
  }

  /** Throws WRONGTYPE unless the entry's value is of {@code type}. */
  public static void checkType(Entry entry, ValueType type) {
    if (Values.type(entry.value()) != type) {
      throw new CommandException(Errors.WRONGTYPE);
    }
  }

  /**
   * {@link KeyWrite#done()}: the memory delta, the change signalled, and an emptied container
   * deleted (a container created by the open and left empty was never there: no change, no event;
   * one that stays is a new key, the {@code new} event).
   */
  boolean afterWrite(Entry entry, long memoryBefore, boolean created, boolean changed) {
    Container value = (Container) entry.value();
    estimatedBytes += value.memory() - memoryBefore;
    if (value.size() > 0 || !value.deletedWhenEmpty()) {
      if (created) {
        events.notify(NotifyClass.NEW, "new", entry.key(), index);
      }
      if (changed) {
        changes.written(this, entry.key());
      }
      return false;
    }
    // Still in the table unless the change itself removed it.
    if (keys.get(entry.key()) == entry) {
      if (created) {
        removeEntry(entry.key());
      } else {
        remove(entry.key());
      }
    }
    return true;
  }

  /** See {@link KeyTable#touch}: brings a key's table memory into cache, changes nothing. */
  public int touch(byte[] key) {
    return keys.touch(key);
  }

  /**
   * Adds a key the caller knows is absent (after a lookup in the same command); the {@code new}
   * event.
   */
  public Entry add(byte[] key, Object value, long nowMillis) {
    Entry entry = addEntry(key, value, nowMillis);
    events.notify(NotifyClass.NEW, "new", key, index);
    changes.written(this, key);
    return entry;
  }

  private Entry addEntry(byte[] key, Object value, long nowMillis) {
    Entry entry = keys.add(key, value);
    entry.snapshotVersion(snapshots.epoch);
    estimatedBytes += MemoryEstimate.entry(key, value);
    entry.touch(accessClock(nowMillis));
    return entry;
  }

  /** Replaces an existing entry's value; its TTL is unchanged. A change for WATCH. */
  public void replaceValue(Entry entry, Object value) {
    reencode(entry, value);
    changes.written(this, entry.key());
  }

  /**
   * Puts the same contents in another encoding in the entry's place (SORT turning a small sorted
   * set into a skip list, as Redis's {@code zsetConvert}): no change for WATCH or blocked clients.
   */
  public void reencode(Entry entry, Object value) {
    beforeChange(entry);
    estimatedBytes += Values.memory(value) - Values.memory(entry.value());
    entry.value(value);
  }

  /** Removes the key; returns whether it existed (an expired key did not). */
  public boolean delete(byte[] key, long nowMillis) {
    if (lookup(key, nowMillis) == null) {
      return false;
    }
    remove(key);
    return true;
  }

  /**
   * Removes the key, expired or not, without expiry side effects; a change for WATCH. Returns the
   * removed entry. Emits no event: the command that deletes says why ({@code del}, {@code
   * rename_from}, ...), as Redis's {@code dbDelete} leaves it to its callers.
   */
  public Entry remove(byte[] key) {
    Entry removed = removeEntry(key);
    if (removed != null) {
      changes.touched(this, key);
    }
    return removed;
  }

  private Entry removeEntry(byte[] key) {
    Entry removed = keys.remove(key);
    if (removed != null) {
      beforeChange(removed);
      expiring.remove(removed);
      estimatedBytes -= MemoryEstimate.entry(removed.key(), removed.value());
      // Clients blocked in XREADGROUP on a deleted stream are answered, as Redis answers them.
      changes.deleted(this, key);
    }
    return removed;
  }

  /**
   * Sets an absolute expiry in unix milliseconds, or clears it with {@link Entry#NO_EXPIRY}; a
   * change for WATCH.
   */
  public void setExpireAt(Entry entry, long expireAtMillis) {
    beforeChange(entry);
    expiring.setExpireAt(entry, expireAtMillis);
    changes.touched(this, entry.key());
  }

  /** Removes the TTL; returns whether there was one (then a change for WATCH). */
  public boolean persist(Entry entry) {
    if (!entry.hasExpiry()) {
      return false;
    }
    beforeChange(entry);
    expiring.remove(entry);
    changes.touched(this, entry.key());
    return true;
  }

  /** Whether the table holds the key, even past its TTL; changes and counts nothing. */
  boolean holds(byte[] key) {
    return keys.get(key) != null;
  }

  /**
   * Whether the table holds the key past its TTL, not yet deleted (Redis's {@code keyIsExpired});
   * changes and counts nothing.
   */
  boolean holdsExpired(byte[] key, long nowMillis) {
    Entry entry = keys.get(key);
    return entry != null && entry.hasExpiry() && nowMillis > entry.expireAt();
  }

  /**
   * Deletes the entry if its TTL has passed, with the expiry side effects (counted, logged as DEL,
   * the {@code expired} event). Returns whether it was deleted. Redis's rule: expired when now is
   * past the expiry; the active cycle and every lookup come here.
   */
  public boolean expireIfNeeded(Entry entry, long nowMillis) {
    if (!entry.hasExpiry() || nowMillis <= entry.expireAt()) {
      return false;
    }
    remove(entry.key());
    stats.expiredKeys++;
    events.notify(NotifyClass.EXPIRED, "expired", entry.key(), index);
    expiryListener.expired(this, entry.key());
    return true;
  }

  /**
   * Empties the database. The table is replaced, not cleared, so that a point-in-time walk in
   * progress can finish the old one, which nothing changes any more.
   */
  public void clear() {
    changes.replacing(this, null);
    keys = new KeyTable(hashSeed);
    expiring.clear();
    estimatedBytes = 0;
  }

  /** SWAPDB: exchanges contents with another database; indexes stay. */
  void swapContents(Database other) {
    changes.replacing(this, other);
    changes.replacing(other, this);
    KeyTable swapKeys = keys;
    keys = other.keys;
    other.keys = swapKeys;
    ExpiryIndex swapExpiring = expiring;
    expiring = other.expiring;
    other.expiring = swapExpiring;
    long swapBytes = estimatedBytes;
    estimatedBytes = other.estimatedBytes;
    other.estimatedBytes = swapBytes;
  }

  /** One SCAN step over the table; see {@link KeyTable#scan}. Expired keys are passed too. */
  public long scan(long cursor, Consumer<Entry> visitor) {
    return keys.scan(cursor, visitor);
  }

  /** Every entry, expired ones included; the visitor must not change the database. */
  public void forEach(Consumer<Entry> visitor) {
    keys.forEach(visitor);
  }

  public Entry randomEntry(RandomGenerator random) {
    return keys.randomEntry(random);
  }

  public Entry randomExpiring(RandomGenerator random) {
    return expiring.random(random);
  }

  /** Spends up to the given time moving buckets of an in-progress rehash. */
  public void rehashFor(long nanos) {
    keys.rehashFor(nanos);
  }

  /** The table a point-in-time walk starting now must cover. */
  KeyTable table() {
    return keys;
  }

  /** Lets a point-in-time walk in progress save the entry's state before it changes. */
  private void beforeChange(Entry entry) {
    PointInTimeWalk walk = snapshots.active;
    if (walk != null) {
      walk.beforeChange(keys, entry);
    }
  }

  private Entry lookup(byte[] key, long nowMillis) {
    Entry entry = keys.get(key);
    if (entry != null && expireIfNeeded(entry, nowMillis)) {
      return null;
    }
    return entry;
  }

  /** The access clock for a time: unix seconds, wrapped to {@link Entry#CLOCK_BITS}. */
  public static int accessClock(long nowMillis) {
    return (int) (nowMillis / 1000) & Entry.CLOCK_MASK;
  }
}
