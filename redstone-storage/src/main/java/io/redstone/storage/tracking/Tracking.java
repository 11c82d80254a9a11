package io.redstone.storage.tracking;

import io.redstone.storage.ClientRegistry;
import io.redstone.storage.ClientSession;
import io.redstone.storage.command.KeyReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Client-side caching for the whole server, as Redis's {@code tracking.c}: the table of keys each
 * tracking client may cache, the prefixes of clients in broadcast mode with the keys changed under
 * them since the last broadcast, and the invalidation messages. The engine tells it of reads, of
 * changed keys and of flushes, and when a command ends; it costs one check per change while no
 * client tracks. Storage thread only.
 */
public final class Tracking {
  /** Where invalidation messages go out. */
  @FunctionalInterface
  public interface Outbox {
    /**
     * Sends RESP bytes to a client: among the replies of the command running for it, or after the
     * replies it was already given. A client on its way out gets nothing.
     */
    void send(ClientSession to, byte[] message);
  }

  /** One broadcast prefix: its clients and the keys changed under it, each with its last writer. */
  private static final class Prefix {
    final Set<ClientSession> clients = new LinkedHashSet<>();

    /** Key to the client whose command changed it last (null: expiry or no client). */
    final TreeMap<byte[], ClientSession> changed = new TreeMap<>(ClientTracking.BYTE_ORDER);
  }

  /** A pending "every key" invalidation in {@link #pending}. */
  private static final byte[] FLUSHED = new byte[0];

  private final ClientRegistry clients;
  private final Outbox outbox;
  private final TrackedKeys table = new TrackedKeys();
  private final TreeMap<byte[], Prefix> prefixes = new TreeMap<>(ClientTracking.BYTE_ORDER);

  /**
   * Invalidations for the client whose command is running, sent after its reply (Redis's {@code
   * tracking_pending_keys}): a key, or {@link #FLUSHED}.
   */
  private final List<byte[]> pending = new ArrayList<>();

  private int trackingClients;

  /** How many limit checks in a row ended still over the limit; each tries harder. */
  private int roundsOverLimit;

  public Tracking(ClientRegistry clients, Outbox outbox) {
    this.clients = clients;
    this.outbox = outbox;
  }

  /** Whether any client tracks: everything else here is skipped while none does. */
  public boolean active() {
    return trackingClients > 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Turning tracking on and off

  /**
   * CLIENT TRACKING ON with options the caller has checked. Tracking already on changes mode flags
   * and redirect; broadcast prefixes are added to those it has, or the empty prefix (every key)
   * when none is given.
   */
  public void enable(
      ClientSession session,
      long redirect,
      boolean bcast,
      boolean optIn,
      boolean optOut,
      boolean noLoop,
      List<byte[]> newPrefixes) {
    ClientTracking state = session.tracking();
    if (!state.on()) {
      trackingClients++;
    }
    state.enable(redirect, bcast, optIn, optOut, noLoop);
    if (bcast) {
      if (newPrefixes.isEmpty()) {
        addPrefix(session, new byte[0]);
      }
      for (byte[] prefix : newPrefixes) {
        addPrefix(session, prefix);
      }
    }
  }

  private void addPrefix(ClientSession session, byte[] prefix) {
    Prefix entry = prefixes.computeIfAbsent(prefix.clone(), p -> new Prefix());
    if (entry.clients.add(session)) {
      session.tracking().addPrefix(prefix.clone());
    }
  }

  /**
   * CLIENT TRACKING OFF, RESET, a closed connection. Keys it read stay in the table until they
   * change, as in Redis: dropping them now would cost a walk of the whole table.
   */
  public void disable(ClientSession session) {
    ClientTracking state = session.tracking();
    if (!state.on()) {
      return;
    }
    for (byte[] prefix : state.prefixes()) {
      Prefix entry = prefixes.get(prefix);
      if (entry != null) {
        entry.clients.remove(session);
        if (entry.clients.isEmpty()) {
          prefixes.remove(prefix);
        }
      }
    }
    state.disable();
    trackingClients--;
  }

  /** CLIENT CACHING YES|NO, checked by the caller: applies to the client's next command. */
  public void caching(ClientSession session) {
    session.tracking().caching(true);
  }

  /**
   * After each command of a client (not one of those EXEC runs): CACHING applied to it, unless the
   * client is in MULTI (then to the whole transaction) or the command was a CLIENT command, as
   * Redis clears the flag.
   */
  public void commandDone(ClientSession session, boolean clientCommand) {
    if (session.tracking().caching() && !clientCommand && !session.transaction().open()) {
      session.tracking().caching(false);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /** Whether the keys of a read-only command of this client are remembered now. */
  public boolean remembersReads(ClientSession session) {
    return session.tracking().remembersReads();
  }

  /** Remembers that the session may cache the keys of {@code argv} found by its key specs. */
  public void remember(ClientSession session, byte[][] argv, List<KeyReference> keys) {
    for (KeyReference key : keys) {
      table.remember(argv[key.position()], session.id());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Changes

  /**
   * A key changed (Redis's {@code trackingInvalidateKey} from {@code signalModifiedKey}): it is
   * noted for the broadcast prefixes it falls under, and every client that may cache it is told and
   * forgotten. The client whose command made the change hears of it after that command's reply;
   * with NOLOOP, not at all.
   *
   * @param current the client whose command is running, or null
   */
  public void keyChanged(byte[] key, ClientSession current) {
    if (!prefixes.isEmpty()) {
      noteForBroadcast(key, current);
    }
    invalidate(key, current, true);
  }

  /**
   * The key that just changed was deleted because its TTL passed: no client changed it, so a NOLOOP
   * client in broadcast mode is told of it even if its own command found it expired.
   */
  public void keyExpired(byte[] key) {
    for (Map.Entry<byte[], Prefix> entry : prefixes.entrySet()) {
      if (startsWith(key, entry.getKey())) {
        entry.getValue().changed.replace(key, null);
      }
    }
  }

  private void noteForBroadcast(byte[] key, ClientSession writer) {
    byte[] copy = null;
    for (Map.Entry<byte[], Prefix> entry : prefixes.entrySet()) {
      if (startsWith(key, entry.getKey())) {
        if (copy == null) {
          copy = key.clone();
        }
        entry.getValue().changed.put(copy, writer);
      }
    }
  }

  /**
   * Tells the clients that may cache the key and forgets them. {@code deferCurrent}: the change is
   * part of the current client's command, so its own message waits for the reply.
   */
  private void invalidate(byte[] key, ClientSession current, boolean deferCurrent) {
    TrackedKeys.Readers readers = table.take(key);
    if (readers == null) {
      return;
    }
    byte[] value = null;
    for (long id : readers.ids) {
      ClientSession target = clients.get(id);
      if (target == null || !target.tracking().on() || target.tracking().bcast()) {
        continue;
      }
      if (target == current && target.tracking().noLoop()) {
        continue;
      }
      if (target == current && deferCurrent) {
        pending.add(readers.key);
        continue;
      }
      if (value == null) {
        value = Invalidation.oneKey(readers.key);
      }
      send(target, value);
    }
  }

  /**
   * FLUSHDB, FLUSHALL or a reload (Redis's {@code trackingInvalidateKeysOnFlush}): every tracking
   * client is told "every key" with a null, and the table is emptied.
   */
  public void flushed(ClientSession current) {
    if (trackingClients > 0) {
      for (ClientSession client : new ArrayList<>(clients.all())) {
        if (!client.tracking().on()) {
          continue;
        }
        if (client == current) {
          pending.add(FLUSHED);
        } else {
          send(client, Invalidation.everything(client.protocol()));
        }
      }
    }
    table.clear();
  }

  /**
   * After the outermost command of {@code current}: the invalidations its own command caused, after
   * its reply, as Redis's {@code trackingHandlePendingKeyInvalidations}.
   */
  public void commandEnded(ClientSession current) {
    if (pending.isEmpty()) {
      return;
    }
    List<byte[]> due = new ArrayList<>(pending);
    pending.clear();
    for (byte[] key : due) {
      if (current == null || current.closing()) {
        continue;
      }
      send(
          current,
          key == FLUSHED ? Invalidation.everything(current.protocol()) : Invalidation.oneKey(key));
    }
  }

  /**
   * Sends each broadcast prefix's changed keys, in byte order, to its clients (a NOLOOP client
   * without the keys it changed itself), then starts the prefixes afresh. Redis does this once per
   * event-loop turn; the engine does it after each outermost command and after its periodic work.
   */
  public void broadcast() {
    if (prefixes.isEmpty()) {
      return;
    }
    for (Prefix prefix : prefixes.values()) {
      if (prefix.changed.isEmpty()) {
        continue;
      }
      byte[] all = Invalidation.keys(prefix.changed.keySet());
      for (ClientSession client : new ArrayList<>(prefix.clients)) {
        if (!client.tracking().noLoop()) {
          send(client, all);
          continue;
        }
        List<byte[]> others = new ArrayList<>();
        for (Map.Entry<byte[], ClientSession> changed : prefix.changed.entrySet()) {
          if (changed.getValue() != client) {
            others.add(changed.getKey());
          }
        }
        if (!others.isEmpty()) {
          send(client, Invalidation.keys(others));
        }
      }
      prefix.changed.clear();
    }
  }

  /**
   * Keeps the table within {@code tracking-table-max-keys} (0: no limit), as Redis's {@code
   * trackingLimitUsedSlots}: random keys are invalidated as if they had changed (no broadcast)
   * until the table fits, at most 100 per round in a row that ended over the limit.
   *
   * @param current the client about to run a command, or null: with NOLOOP it is not told
   */
  public void limit(long maxKeys, ClientSession current, RandomGenerator random) {
    if (maxKeys <= 0 || table.size() <= maxKeys) {
      roundsOverLimit = 0;
      return;
    }
    long effort = 100L * (roundsOverLimit + 1);
    while (effort-- > 0 && table.size() > 0) {
      invalidate(table.randomKey(random), current, false);
      if (table.size() <= maxKeys) {
        roundsOverLimit = 0;
        return;
      }
    }
    roundsOverLimit++;
  }

  /**
   * One message to a tracking client, to whoever it redirects to: a RESP3 push, or for a RESP2
   * redirect target in subscribed mode a message on {@code __redis__:invalidate}. A redirect to a
   * client that has gone marks the redirect broken and, in RESP3, tells the tracking client so.
   */
  private void send(ClientSession tracker, byte[] value) {
    long redirect = tracker.tracking().redirect();
    ClientSession receiver = tracker;
    if (redirect != 0) {
      receiver = clients.get(redirect);
      // A killed client is gone at once in Redis; here its connection may not have closed yet.
      if (receiver == null || receiver.closing()) {
        tracker.tracking().brokenRedirect(true);
        if (tracker.protocol() == 3) {
          outbox.send(tracker, Invalidation.redirectBroken(redirect));
        }
        return;
      }
    }
    byte[] message = Invalidation.message(receiver, redirect != 0, value);
    if (message != null) {
      outbox.send(receiver, message);
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  // ---------------------------------------------------------------------------------------------
  // INFO

  /** {@code tracking_clients}. */
  public int clientCount() {
    return trackingClients;
  }

  /** {@code tracking_total_keys}. */
  public int keyCount() {
    return table.size();
  }

  /** {@code tracking_total_items}. */
  public long itemCount() {
    return table.items();
  }

  /** {@code tracking_total_prefixes}. */
  public int prefixCount() {
    return prefixes.size();
  }
}
