package io.redstone.storage.command;

import io.redstone.protocol.ReplySink;
import io.redstone.protocol.text.Numbers;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Database;
import io.redstone.storage.Engine;
import java.nio.charset.StandardCharsets;

/**
 * One command call as a handler sees it: its arguments, the client, the reply sink, the engine, and
 * a clock reading taken once per command (so every TTL check within a command agrees, as Redis's
 * command time snapshot). The engine reuses one instance for every call; handlers must not keep a
 * reference to it.
 */
public final class Invocation {
  private final Engine engine;
  private byte[][] argv;
  private ClientSession session;
  private ReplySink reply;
  private CommandSpec spec;
  private long nowMillis;

  public Invocation(Engine engine) {
    this.engine = engine;
  }

  public void reset(
      CommandSpec spec, byte[][] argv, ClientSession session, ReplySink reply, long nowMillis) {
    this.spec = spec;
    this.argv = argv;
    this.session = session;
    this.reply = reply;
    this.nowMillis = nowMillis;
  }

  public Engine engine() {
    return engine;
  }

  public CommandSpec spec() {
    return spec;
  }

  public ClientSession session() {
    return session;
  }

  public ReplySink reply() {
    return reply;
  }

  /** Milliseconds since the epoch, read once when the command started. */
  public long now() {
    return nowMillis;
  }

  /** The client's selected database. */
  public Database db() {
    return engine.database(session.db());
  }

  public byte[][] argv() {
    return argv;
  }

  public int argc() {
    return argv.length;
  }

  public byte[] arg(int index) {
    return argv[index];
  }

  /** The argument decoded as UTF-8, for option words, names and patterns shown in errors. */
  public String argString(int index) {
    return new String(argv[index], StandardCharsets.UTF_8);
  }

  /** Whether the argument equals the keyword, ignoring ASCII case. */
  public boolean argIs(int index, String keyword) {
    return Numbers.equalsIgnoreCase(argv[index], keyword);
  }

  /** The argument as a 64-bit integer by Redis's strict rules, else {@link Errors#NOT_INTEGER}. */
  public long argLong(int index) {
    return argLong(index, Errors.NOT_INTEGER);
  }

  public long argLong(int index, String errorIfNotInteger) {
    byte[] raw = argv[index];
    if (!Numbers.isLong(raw)) {
      throw new CommandException(errorIfNotInteger);
    }
    return Numbers.parseLong(raw);
  }

  /**
   * The argument as a double by Redis's rules (no NaN, no spaces), else {@link Errors#NOT_FLOAT}.
   */
  public double argDouble(int index) {
    Double value = Numbers.parseDouble(argv[index]);
    if (value == null) {
      throw new CommandException(Errors.NOT_FLOAT);
    }
    return value;
  }

  /** Counts writes for {@code rdb_changes_since_last_save}. */
  public void dirty(long changes) {
    engine.stats().dirty += changes;
  }

  /** Defers this call's reply: it is written, in order, when the returned handle is completed. */
  public io.redstone.storage.DeferredReply defer() {
    return engine.defer(session);
  }

  /**
   * Streams this call's arguments, unchanged, as the effect of a write on the selected database.
   */
  public void propagateAsIs() {
    engine.propagate(session.db(), argv);
  }

  /**
   * Streams a rewritten effect (for example {@code PEXPIREAT} for {@code EXPIRE}) instead of argv.
   */
  public void propagate(byte[]... effect) {
    engine.propagate(session.db(), effect);
  }

  /**
   * Emits the keyspace event {@code event} of class {@code type} (a {@link
   * io.redstone.storage.notify.NotifyClass} bit) for {@code key} of the selected database, as
   * Redis's {@code notifyKeyspaceEvent}: call it right after the change it reports, in the order
   * Redis emits. Costs one {@code int} test while the class is off.
   */
  public void notify(int type, String event, byte[] key) {
    engine.keyspaceEvents().notify(type, event, key, session.db());
  }

  /** As {@link #notify(int, String, byte[])} for a key of database {@code db} (MOVE, COPY DB). */
  public void notify(int type, String event, byte[] key, int db) {
    engine.keyspaceEvents().notify(type, event, key, db);
  }

  /**
   * Emits {@code event} for a change to a container at {@code key}, then {@code del} when {@code
   * deleted} (the change emptied it, and {@link io.redstone.storage.KeyWrite#done()} deleted it),
   * as Redis's pops and removals do.
   */
  public void notifyChange(int type, String event, byte[] key, boolean deleted) {
    notify(type, event, key);
    if (deleted) {
      notify(io.redstone.storage.notify.NotifyClass.GENERIC, "del", key);
    }
  }

  /**
   * Makes this call wait, without a reply, until one of {@code keys} (of the selected database)
   * holds a {@code type} value or {@code deadline} (unix ms, 0 for never) passes. The engine then
   * runs the same command again, which either answers or blocks again (keeping its place), or
   * answers the timeout with a null array. For blocking commands only.
   */
  public void block(byte[][] keys, long deadline, io.redstone.storage.types.ValueType type) {
    if (blockingDenied()) {
      reply.nullArray();
      return;
    }
    engine.block(session, keys, deadline, type, spec, argv);
  }

  /**
   * Whether this call may not wait (it runs inside EXEC or a script): a blocking command then
   * answers at once as its non-blocking form would, which {@link #block} does with the null array
   * of a timeout.
   */
  public boolean blockingDenied() {
    return session.transaction().executing() || session.scripted();
  }

  /**
   * As {@link #block(byte[][], long, io.redstone.storage.types.ValueType)}, but the engine runs
   * {@code runAgain} (the same command, its arguments made concrete: XREAD's {@code $} as the ID it
   * stood for when the client blocked) in place of this call's arguments.
   */
  public void block(
      byte[][] keys, long deadline, io.redstone.storage.types.ValueType type, byte[][] runAgain) {
    if (blockingDenied()) {
      reply.nullArray();
      return;
    }
    engine.block(session, keys, deadline, type, spec, runAgain);
  }

  /**
   * Whether this call is a blocked command the engine runs again because one of its keys was
   * written (or, for a stream, deleted or replaced).
   */
  public boolean servingBlocked() {
    return engine.isServingBlocked(session);
  }
}
