package io.redstone.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which clients WATCH which keys, per key of a database, as Redis's {@code watched_keys}: a change
 * to a key marks every client watching it dirty, so its EXEC fails. Each client's own list of
 * watches is in its {@link Transaction}. Costs one emptiness check per change while nobody watches;
 * storage thread only.
 */
final class WatchedKeys {
  /** One client's watch of one key. */
  static final class Watch {
    final ClientSession session;
    final DbKey key;

    /**
     * The key was past its TTL, not yet deleted, when watched. Its deletion then changes nothing
     * the client saw (the flag clears), and EXEC does not count it as expired.
     */
    boolean expiredWhenWatched;

    Watch(ClientSession session, DbKey key, boolean expiredWhenWatched) {
      this.session = session;
      this.key = key;
      this.expiredWhenWatched = expiredWhenWatched;
    }
  }

  private final Map<DbKey, List<Watch>> byKey = new HashMap<>();

  boolean isEmpty() {
    return byKey.isEmpty();
  }

  /** Watches the key for the session, unless it already does. */
  void watch(ClientSession session, Database db, byte[] key, long nowMillis) {
    Transaction transaction = session.transaction();
    DbKey dbKey = new DbKey(db.index(), key);
    for (Watch existing : transaction.watches) {
      if (existing.key.equals(dbKey)) {
        return;
      }
    }
    Watch watch = new Watch(session, dbKey, db.holdsExpired(key, nowMillis));
    transaction.watches.add(watch);
    byKey.computeIfAbsent(dbKey, k -> new ArrayList<>(1)).add(watch);
  }

  /** Drops every watch of the session. */
  void unwatchAll(ClientSession session) {
    List<Watch> watches = session.transaction().watches;
    for (Watch watch : watches) {
      List<Watch> watchers = byKey.get(watch.key);
      if (watchers != null) {
        watchers.remove(watch);
        if (watchers.isEmpty()) {
          byKey.remove(watch.key);
        }
      }
    }
    watches.clear();
  }

  /**
   * The key changed (Redis's {@code touchWatchedKey}): its watchers are dirty and, having nothing
   * more to learn, stop watching. A key that was already expired when watched and is now gone has
   * not changed for its watcher.
   */
  void touched(Database db, byte[] key) {
    List<Watch> watchers = byKey.get(new DbKey(db.index(), key));
    if (watchers == null) {
      return;
    }
    List<ClientSession> dirtied = new ArrayList<>(watchers.size());
    for (Watch watch : watchers) {
      if (watch.expiredWhenWatched) {
        if (!db.holds(key)) {
          watch.expiredWhenWatched = false;
        }
        continue;
      }
      dirtied.add(watch.session);
    }
    for (ClientSession session : dirtied) {
      session.transaction().markDirty();
      unwatchAll(session);
    }
  }

  /**
   * Every key of {@code emptied} changes at once: it is being flushed ({@code replacedWith} null)
   * or swapped with {@code replacedWith} (Redis's {@code touchAllWatchedKeysInDb}). A watcher is
   * dirty when its key exists before or after; a key expired on both sides, or absent and expired
   * after, changes nothing it could see.
   */
  void replacing(Database emptied, Database replacedWith, long nowMillis) {
    for (Iterator<Map.Entry<DbKey, List<Watch>>> it = byKey.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<DbKey, List<Watch>> entry = it.next();
      DbKey dbKey = entry.getKey();
      if (dbKey.db() != emptied.index()) {
        continue;
      }
      byte[] key = dbKey.key();
      boolean existedHere = emptied.holds(key);
      boolean existsAfter = replacedWith != null && replacedWith.holds(key);
      if (!existedHere && !existsAfter) {
        continue;
      }
      boolean expiredAfter = existsAfter && replacedWith.holdsExpired(key, nowMillis);
      for (Watch watch : entry.getValue()) {
        if (watch.expiredWhenWatched) {
          if (!existsAfter) {
            watch.expiredWhenWatched = false;
            continue;
          }
          if (expiredAfter) {
            continue;
          }
        } else if (!existedHere && expiredAfter) {
          watch.expiredWhenWatched = true;
          continue;
        }
        // Redis leaves these watches in place; the dirty flag already decides the EXEC.
        watch.session.transaction().markDirty();
      }
    }
  }

  /**
   * Whether a key the session watches has passed its TTL since (Redis's {@code
   * isWatchedKeyExpired}), which EXEC counts as a change though nothing deleted the key yet.
   */
  boolean anyExpired(ClientSession session, Engine engine, long nowMillis) {
    for (Watch watch : session.transaction().watches) {
      if (!watch.expiredWhenWatched
          && engine.database(watch.key.db()).holdsExpired(watch.key.key(), nowMillis)) {
        return true;
      }
    }
    return false;
  }
}
