package io.redstone.storage;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import java.util.List;
import java.util.Set;

/**
 * MULTI/EXEC and WATCH for every client, as Redis's {@code multi.c}: what a command does to a
 * client's {@link Transaction}, how EXEC runs the queue (re-entrantly, with nothing interleaved,
 * its effects one group for the log), and which changes to keys make a watcher's EXEC fail. Storage
 * thread only.
 */
public final class Transactions {
  /** The commands a client in MULTI runs at once instead of queueing (Redis's processCommand). */
  private static final Set<String> RUN_AT_ONCE =
      Set.of("exec", "discard", "multi", "watch", "quit", "reset");

  private final Engine engine;
  private final WatchedKeys watched = new WatchedKeys();

  Transactions(Engine engine) {
    this.engine = engine;
  }

  /** Whether the command is queued rather than run: the client is in MULTI. */
  boolean queues(ClientSession session, CommandSpec spec) {
    return session.transaction().open() && !RUN_AT_ONCE.contains(spec.fullName());
  }

  /** A command refused before it ran: a transaction being queued will answer EXECABORT. */
  void refused(ClientSession session) {
    session.transaction().abort();
  }

  /** Leaves MULTI and drops every watch, as Redis's {@code discardTransaction}. */
  public void discard(ClientSession session) {
    session.transaction().close();
    unwatchAll(session);
  }

  /** A key changed: its watchers are dirty. Costs one check while nobody watches. */
  void touched(Database db, byte[] key) {
    if (!watched.isEmpty()) {
      watched.touched(db, key);
    }
  }

  /** A database is about to be flushed or swapped: see {@link WatchedKeys#replacing}. */
  void replacing(Database db, Database other, long nowMillis) {
    if (!watched.isEmpty()) {
      watched.replacing(db, other, nowMillis);
    }
  }

  private void unwatchAll(ClientSession session) {
    if (session.transaction().watching()) {
      watched.unwatchAll(session);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The commands

  public void multi(Invocation call) {
    Transaction transaction = call.session().transaction();
    if (transaction.open()) {
      throw new CommandException(Errors.MULTI_NESTED);
    }
    transaction.begin();
    call.reply().ok();
  }

  public void discard(Invocation call) {
    if (!call.session().transaction().open()) {
      throw new CommandException(Errors.DISCARD_WITHOUT_MULTI);
    }
    discard(call.session());
    call.reply().ok();
  }

  /**
   * Answers EXECABORT after a queueing error, a null array after a watched key changed (or passed
   * its TTL), else runs the queue: each command through {@link Engine#call}, its reply (or error)
   * in place in the array, blocking commands answering as if they timed out, their effects one
   * group that reaches the log whole or not at all. EXEC logs nothing of its own.
   */
  public void exec(Invocation call) {
    ClientSession session = call.session();
    Transaction transaction = session.transaction();
    if (!transaction.open()) {
      throw new CommandException(Errors.EXEC_WITHOUT_MULTI);
    }
    if (transaction.watching() && watched.anyExpired(session, engine, call.now())) {
      transaction.markDirty();
    }
    if (transaction.aborted()) {
      discard(session);
      throw new CommandException(Errors.EXECABORT);
    }
    if (transaction.dirty()) {
      discard(session);
      call.reply().nullArray();
      return;
    }
    // Nothing can make the transaction fail now: watching on would only cost.
    unwatchAll(session);
    List<Transaction.Queued> queued = transaction.queued();
    ReplySink reply = call.reply();
    reply.arrayHeader(queued.size());
    transaction.executing(true);
    engine.beginEffectGroup();
    try {
      for (Transaction.Queued command : queued) {
        engine.call(command.spec(), session, command.argv(), reply);
      }
    } finally {
      engine.endEffectGroup();
      transaction.executing(false);
      discard(session);
    }
  }

  public void watch(Invocation call) {
    ClientSession session = call.session();
    Transaction transaction = session.transaction();
    if (transaction.open()) {
      throw new CommandException(Errors.WATCH_INSIDE_MULTI);
    }
    // Once dirty, the next EXEC fails whatever else is watched.
    if (!transaction.dirty()) {
      for (int i = 1; i < call.argc(); i++) {
        watched.watch(session, call.db(), call.arg(i), call.now());
      }
    }
    call.reply().ok();
  }

  public void unwatch(Invocation call) {
    unwatchAll(call.session());
    call.session().transaction().clearDirty();
    call.reply().ok();
  }
}
