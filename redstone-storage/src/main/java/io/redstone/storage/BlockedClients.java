package io.redstone.storage;

import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.types.ValueType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Clients waiting in a blocking command (BLPOP, BLMOVE, BZPOPMIN, ...), in the order they blocked,
 * per key they wait on; and the keys written since they were last looked at ("ready", as Redis's
 * {@code signalKeyAsReady}). A waiter holds its command so that the engine can run it again once
 * one of its keys is ready. Costs nothing while nobody waits; storage thread only.
 */
final class BlockedClients {
  /** One blocked command. {@code deadline} is unix ms, 0 for none. */
  record Waiter(
      ClientSession session,
      int db,
      byte[][] keys,
      long deadline,
      ValueType type,
      CommandSpec spec,
      byte[][] argv) {}

  private final Map<ClientSession, Waiter> bySession = new HashMap<>();
  private final Map<DbKey, ArrayDeque<Waiter>> byKey = new HashMap<>();
  private final LinkedHashSet<DbKey> ready = new LinkedHashSet<>();

  boolean isEmpty() {
    return bySession.isEmpty();
  }

  int size() {
    return bySession.size();
  }

  Waiter of(ClientSession session) {
    return bySession.get(session);
  }

  void add(Waiter waiter) {
    bySession.put(waiter.session(), waiter);
    for (byte[] key : waiter.keys()) {
      byKey.computeIfAbsent(new DbKey(waiter.db(), key), k -> new ArrayDeque<>()).addLast(waiter);
    }
  }

  /** Forgets the session's waiter, if it has one, and returns it. */
  Waiter remove(ClientSession session) {
    Waiter waiter = bySession.remove(session);
    if (waiter == null) {
      return null;
    }
    for (byte[] key : waiter.keys()) {
      DbKey dbKey = new DbKey(waiter.db(), key);
      ArrayDeque<Waiter> queue = byKey.get(dbKey);
      if (queue != null) {
        queue.remove(waiter);
        if (queue.isEmpty()) {
          byKey.remove(dbKey);
        }
      }
    }
    return waiter;
  }

  /** A key was written: if anyone waits on it, it is ready to be looked at. */
  void signal(int db, byte[] key) {
    DbKey dbKey = new DbKey(db, key);
    if (byKey.containsKey(dbKey)) {
      ready.add(dbKey);
    }
  }

  boolean anyReady() {
    return !ready.isEmpty();
  }

  /** The oldest ready key, taken off the ready set; null when none. */
  DbKey pollReady() {
    var it = ready.iterator();
    if (!it.hasNext()) {
      return null;
    }
    DbKey key = it.next();
    it.remove();
    return key;
  }

  /** The clients waiting on a key, in the order they blocked (a copy). */
  List<Waiter> waitersOn(DbKey key) {
    ArrayDeque<Waiter> queue = byKey.get(key);
    return queue == null ? List.of() : new ArrayList<>(queue);
  }

  /** Every waiter, for timeouts and CLIENT LIST. */
  Iterable<Waiter> all() {
    return bySession.values();
  }
}
