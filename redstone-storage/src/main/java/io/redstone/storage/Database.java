package io.redstone.storage;

import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.Errors;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.keyspace.ExpiryIndex;
import io.redstone.storage.keyspace.KeyTable;
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
   * Told when a key is created, replaced or changed in place and still exists, so clients blocked
   * on it can look again (Redis's {@code signalKeyAsReady}).
   */
  interface WriteListener {
    void written(Database db, byte[] key);
  }

  private final int index;
  private final int hashSeed;
  private final SnapshotState snapshots;
  private KeyTable keys;
  private ExpiryIndex expiring = new ExpiryIndex();
  private final EngineStats stats;
  private final ExpiryListener expiryListener;
  private final WriteListener writeListener;
  private long estimatedBytes;

  Database(
      int index,
      int hashSeed,
      EngineStats stats,
      ExpiryListener expiryListener,
      WriteListener writeListener,
      SnapshotState snapshots) {
    this.index = index;
    this.hashSeed = hashSeed;
    this.snapshots = snapshots;
    this.keys = new KeyTable(hashSeed);
    this.stats = stats;
    this.expiryListener = expiryListener;
    this.writeListener = writeListener;
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
   * expired, logged as DEL); counts a keyspace hit or miss; stamps the access clock.
   */
  public Entry lookupRead(byte[] key, long nowMillis) {
    Entry entry = lookup(key, nowMillis);
    if (entry == null) {
      stats.keyspaceMisses++;
    } else {
      stats.keyspaceHits++;
      entry.touch(accessClock(nowMillis));
    }
    return entry;
  }

  /**
   * Looks a key up for reading without stamping the access clock, as Redis's {@code LOOKUP_NOTOUCH}
   * (TYPE, EXISTS, TTL, OBJECT): deletes the key if its TTL has passed and counts a keyspace hit or
   * miss, but leaves the key's idle time alone.
   */
  public Entry lookupReadNoTouch(byte[] key, long nowMillis) {
    Entry entry = lookup(key, nowMillis);
    if (entry == null) {
      stats.keyspaceMisses++;
    } else {
      stats.keyspaceHits++;
    }
    return entry;
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
   * Sets the key to value, as Redis's {@code setKey}: creates the key or replaces its value, and
   * clears any TTL unless {@code keepTtl}. Returns the entry.
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
    } else {
      replaceValue(entry, value);
      if (!keepTtl) {
        expiring.remove(entry);
      }
    }
    entry.touch(accessClock(nowMillis));
    writeListener.written(this, key);
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
    Entry entry = add(key, value, nowMillis);
    return new KeyWrite(this, entry, Values.memory(value), true);
  }

  /** Throws WRONGTYPE unless the entry's value is of {@code type}. */
  public static void checkType(Entry entry, ValueType type) {
    if (Values.type(entry.value()) != type) {
      throw new CommandException(Errors.WRONGTYPE);
    }
  }

  /** {@link KeyWrite#done()}: the memory delta, and an emptied container deleted. */
  boolean afterWrite(Entry entry, long memoryBefore) {
    Container value = (Container) entry.value();
    estimatedBytes += value.memory() - memoryBefore;
    if (value.size() > 0 || !value.deletedWhenEmpty()) {
      writeListener.written(this, entry.key());
      return false;
    }
    // Still in the table unless the change itself removed it.
    if (keys.get(entry.key()) == entry) {
      remove(entry.key());
    }
    return true;
  }

  /** See {@link KeyTable#touch}: brings a key's table memory into cache, changes nothing. */
  public int touch(byte[] key) {
    return keys.touch(key);
  }

  /** Adds a key the caller knows is absent (after a lookup in the same command). */
  public Entry add(byte[] key, Object value, long nowMillis) {
    Entry entry = keys.add(key, value);
    entry.snapshotVersion(snapshots.epoch);
    estimatedBytes += MemoryEstimate.entry(key, value);
    entry.touch(accessClock(nowMillis));
    writeListener.written(this, key);
    return entry;
  }

  /** Replaces an existing entry's value; its TTL is unchanged. */
  public void replaceValue(Entry entry, Object value) {
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

  /** Removes the key, expired or not, without expiry side effects. Returns the removed entry. */
  public Entry remove(byte[] key) {
    Entry removed = keys.remove(key);
    if (removed != null) {
      beforeChange(removed);
      expiring.remove(removed);
      estimatedBytes -= MemoryEstimate.entry(removed.key(), removed.value());
      // Clients blocked in XREADGROUP on a deleted stream are answered, as Redis answers them.
      writeListener.written(this, key);
    }
    return removed;
  }

  /** Sets an absolute expiry in unix milliseconds, or clears it with {@link Entry#NO_EXPIRY}. */
  public void setExpireAt(Entry entry, long expireAtMillis) {
    beforeChange(entry);
    expiring.setExpireAt(entry, expireAtMillis);
  }

  /** Removes the TTL; returns whether there was one. */
  public boolean persist(Entry entry) {
    if (!entry.hasExpiry()) {
      return false;
    }
    beforeChange(entry);
    expiring.remove(entry);
    return true;
  }

  /**
   * Deletes the entry if its TTL has passed, with the expiry side effects (counted, logged as DEL).
   * Returns whether it was deleted. Redis's rule: expired when now is past the expiry.
   */
  public boolean expireIfNeeded(Entry entry, long nowMillis) {
    if (!entry.hasExpiry() || nowMillis <= entry.expireAt()) {
      return false;
    }
    remove(entry.key());
    stats.expiredKeys++;
    expiryListener.expired(this, entry.key());
    return true;
  }

  /**
   * Empties the database. The table is replaced, not cleared, so that a point-in-time walk in
   * progress can finish the old one, which nothing changes any more.
   */
  public void clear() {
    keys = new KeyTable(hashSeed);
    expiring.clear();
    estimatedBytes = 0;
  }

  /** SWAPDB: exchanges contents with another database; indexes stay. */
  void swapContents(Database other) {
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
