package io.redstone.storage;

import io.redstone.config.ConfigRegistry;
import io.redstone.protocol.ReplySink;
import io.redstone.protocol.RespWriter;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandFlag;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.keyspace.KeyTable;
import io.redstone.storage.notify.KeyspaceEvents;
import io.redstone.storage.observe.ErrorStats;
import io.redstone.storage.observe.FailureLog;
import io.redstone.storage.observe.LatencyMonitor;
import io.redstone.storage.observe.MonitorFeed;
import io.redstone.storage.observe.Redaction;
import io.redstone.storage.observe.SlowLog;
import io.redstone.storage.pubsub.Message;
import io.redstone.storage.pubsub.PubSub;
import io.redstone.storage.tracking.Tracking;
import io.redstone.storage.types.EncodingLimits;
import io.redstone.storage.types.PartLimits;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine: the keyspace of every database, the command table, and the rules of every
 * command. Single-threaded by contract: one thread (the storage verticle's) calls every method.
 * Front ends hand it {@code argv} with a {@link ClientSession} and a {@link ReplySink}; it never
 * sees a socket or a file.
 */
public final class Engine {
  /** The Redis release whose behaviour Redstone matches; clients gate features on it. */
  public static final String REDIS_VERSION = "7.2.4";

  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  /** What a RESP2 client in subscribed mode may send, as Redis's {@code processCommand}. */
  private static final java.util.Set<String> ALLOWED_WHILE_SUBSCRIBED =
      java.util.Set.of(
          "ping",
          "subscribe",
          "ssubscribe",
          "unsubscribe",
          "sunsubscribe",
          "psubscribe",
          "punsubscribe",
          "quit",
          "reset");

  private final ConfigRegistry config;
  private final ServerIdentity identity;
  private final LongSupplier clock;
  private final CommandTable commands;
  private final Database[] databases;

  /** Keeps {@link #prefetch}'s reads alive for the JIT; never read for its value. */
  private int prefetchSink;

  private final EngineStats stats = new EngineStats();
  private final ClientRegistry clients = new ClientRegistry();
  private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());

  /** One invocation per call depth: a command may run others (EXEC its queue, a script). */
  private final java.util.ArrayList<Invocation> frames = new java.util.ArrayList<>();

  private int depth;
  private final ActiveExpiry activeExpiry = new ActiveExpiry();
  private final SnapshotState snapshots = new SnapshotState();
  private final ErrorStats errorStats = new ErrorStats();
  private final SlowLog slowLog = new SlowLog();
  private final LatencyMonitor latencyMonitor = new LatencyMonitor();
  private final MonitorFeed monitors = new MonitorFeed();
  private final ClientPause pause = new ClientPause();
  private final FailureLog failures = new FailureLog(log, TimeUnit.MINUTES.toNanos(1));
  private final BlockedClients blocked = new BlockedClients();

  /** The directives that pick a collection's encoding, read once per change, not per write. */
  private static final List<String> ENCODING_DIRECTIVES =
      List.of(
          "hash-max-listpack-entries",
          "hash-max-listpack-value",
          "set-max-intset-entries",
          "zset-max-listpack-entries",
          "zset-max-listpack-value");

  private EncodingLimits encodingLimits;
  private final io.redstone.storage.scripting.Scripting scripting =
      new io.redstone.storage.scripting.Scripting(this);

  /** Set by a script's {@code redis.set_repl(redis.REPL_NONE)}: its writes are not logged. */
  private boolean effectsMuted;

  private final PubSub pubsub = new PubSub(this::deliver);
  private final KeyspaceEvents keyspaceEvents = new KeyspaceEvents(pubsub);
  private final Transactions transactions = new Transactions(this);
  private final Tracking tracking = new Tracking(clients, this::sendInPlaceOrPush);

  /**
   * The client whose command {@link #execute} runs, and the sink its replies go to: messages for it
   * (pub/sub, invalidations) are written there, in place among its replies. Null between commands.
   */
  private ClientSession current;

  private ReplySink currentSink;

  /** Where the replies of a client with CLIENT REPLY OFF or SKIP go, to be dropped. */
  private final RespWriter silencedReplies = new RespWriter(2, 256);

  /** The read-only script commands whose reads are remembered through the script's own calls. */
  private static final java.util.Set<String> READ_ONLY_SCRIPTS =
      java.util.Set.of("eval_ro", "evalsha_ro", "fcall_ro");

  /** Where a blocked client's reply is written when it is served, times out or is unblocked. */
  private final RespWriter unblockReply = new RespWriter(2, 256);

  /** The blocked client whose command is being run again, or null. */
  private ClientSession retrying;

  /** Set when the command run again blocked again: it keeps its place and owes no reply. */
  private boolean blockedAgain;

  private Unblocked unblocked =
      (session, reply) -> {
        throw new IllegalStateException("this front end cannot serve blocked clients");
      };

  /** slowlog-log-slower-than in ns; Long.MAX_VALUE while the slow log is off. */
  private long slowlogNanos;

  /** latency-monitor-threshold in ns; Long.MAX_VALUE while the latency monitor is off. */
  private long latencyNanos;

  /** The lower of the two: the one comparison every command pays. */
  private long slowNanos;

  private boolean replaying;
  private MutationSink mutations = MutationSink.NONE;
  private boolean activeExpireEnabled = true;
  private Runnable shutdownHandler;
  private Persistence persistence = Persistence.NONE;
  private Consumer<DeferredReply> deferrals =
      deferred -> {
        throw new IllegalStateException("this front end cannot wait for deferred replies");
      };

  public Engine(ConfigRegistry config, ServerIdentity identity, LongSupplier clock) {
    this(config, identity, clock, CommandTable.standard());
  }

  /** An engine that answers the commands of {@code commands}, in place of the standard table. */
  public Engine(
      ConfigRegistry config, ServerIdentity identity, LongSupplier clock, CommandTable commands) {
    this.config = config;
    this.identity = identity;
    this.clock = clock;
    this.commands = commands;
    int count = config.getInt("databases");
    this.databases = new Database[count];
    for (int i = 0; i < count; i++) {
      databases[i] =
          new Database(
              i, random.nextInt(), stats, this::keyExpired, changes, snapshots, keyspaceEvents);
    }
    keyspaceEvents.configure(config.get("notify-keyspace-events"));
    config.onChange("notify-keyspace-events", keyspaceEvents::configure);
    config.onChange("slowlog-log-slower-than", value -> updateThresholds());
    config.onChange("latency-monitor-threshold", value -> updateThresholds());
    config.onChange("slowlog-max-len", value -> slowLog.trim(config.getInt("slowlog-max-len")));
    updateThresholds();
    for (String directive : ENCODING_DIRECTIVES) {
      config.onChange(directive, value -> encodingLimits = EncodingLimits.of(config));
    }
    encodingLimits = EncodingLimits.of(config);
  }

  private void updateThresholds() {
    long slowlogMicros = config.getLong("slowlog-log-slower-than");
    long latencyMillis = config.getLong("latency-monitor-threshold");
    slowlogNanos = slowlogMicros < 0 ? Long.MAX_VALUE : nanos(slowlogMicros, 1_000);
    latencyNanos = latencyMillis <= 0 ? Long.MAX_VALUE : nanos(latencyMillis, 1_000_000);
    slowNanos = Math.min(slowlogNanos, latencyNanos);
  }

  private static long nanos(long amount, long unitNanos) {
    return amount > Long.MAX_VALUE / unitNanos ? Long.MAX_VALUE : amount * unitNanos;
  }

  /** An engine with default configuration and the system clock, for tests and tools. */
  public static Engine withDefaults() {
    return new Engine(
        ConfigRegistry.standard(),
        ServerIdentity.embedded(System.currentTimeMillis()),
        System::currentTimeMillis);
  }

  /**
   * Runs one command from a client and writes its reply: {@link #admit}, then {@link #call}.
   * Unknown commands and wrong arity are answered with Redis's texts; a {@link CommandException}
   * from the handler becomes its error reply; any other exception is a bug, logged and answered
   * with a generic error so one bad command cannot take the server down.
   */
  public void execute(ClientSession session, byte[][] argv, ReplySink reply) {
    ClientSession outerClient = current;
    ReplySink outerSink = currentSink;
    current = session;
    currentSink = reply;
    // CLIENT REPLY OFF/SKIP: the reply is written aside and dropped; pushes still go to `reply`.
    boolean silenced = session.replies().silenced();
    ReplySink sink = reply;
    if (silenced) {
      silencedReplies.reset();
      silencedReplies.protocol(session.protocol());
      sink = silencedReplies;
    }
    try {
      if (tracking.active()) {
        tracking.limit(config.getLong("tracking-table-max-keys"), session, random);
      }
      admitAndRun(session, argv, sink);
    } finally {
      current = outerClient;
      currentSink = outerSink;
    }
    if (silenced) {
      // CLIENT REPLY ON (or RESET) turned replies back on: its own reply is sent.
      if (!session.replies().silenced() && silencedReplies.size() > 0) {
        reply.raw(silencedReplies.toByteArray());
      }
      silencedReplies.reset();
    }
    session.replies().commandDone();
    tracking.commandDone(session, argv.length > 0 && isClientCommand(argv[0]));
  }

  private static boolean isClientCommand(byte[] name) {
    return name.length == 6
        && new String(name, StandardCharsets.US_ASCII).equalsIgnoreCase("client");
  }

  private void admitAndRun(ClientSession session, byte[][] argv, ReplySink reply) {
    CommandSpec spec = admit(session, argv, reply);
    if (spec == null) {
      return;
    }
    if (transactions.queues(session, spec)) {
      // Between MULTI and EXEC: admitted now, run by EXEC, as Redis's queueMultiCommand.
      session.recordCommand(spec.fullName(), clock.getAsLong());
      session.transaction().queue(spec, argv);
      reply.simpleString("QUEUED");
      return;
    }
    call(spec, session, argv, reply);
  }

  /**
   * The checks Redis's {@code processCommand} makes before a command runs: known, arity, protected,
   * authenticated, allowed in MULTI, writes accepted. Returns the command (a subcommand's own spec)
   * to {@link #call}, or null after writing the refusal to {@code reply}. A refusal while the
   * client is in MULTI makes its EXEC fail (EXECABORT); EXEC itself refused discards the
   * transaction.
   */
  public CommandSpec admit(ClientSession session, byte[][] argv, ReplySink reply) {
    CommandSpec spec = commands.lookup(argv[0]);
    if (spec == null) {
      transactions.refused(session);
      rejectUnknown(argv, reply);
      return null;
    }
    if (!spec.arityAccepts(argv.length)) {
      reject(session, spec, Errors.wrongArity(spec.fullName()), reply);
      return null;
    }
    // Before authentication, as Redis checks it.
    if (spec.protectedBy() != null
        && !config.allowsProtectedAction(spec.protectedBy(), session.isLocal())) {
      reject(session, spec, Errors.protectedCommand(spec.name(), spec.protectedBy()), reply);
      return null;
    }
    // A container called bare runs its own handler where it has one (COMMAND), as Redis does.
    if (spec.isContainer() && (argv.length > 1 || spec.handler() == null)) {
      if (argv.length < 2) {
        reject(session, spec, Errors.wrongArity(spec.fullName()), reply);
        return null;
      }
      CommandSpec sub = spec.subcommand(new String(argv[1], StandardCharsets.UTF_8));
      if (sub == null) {
        reject(
            session,
            spec,
            Errors.unknownSubcommand(new String(argv[1], StandardCharsets.UTF_8), spec.name()),
            reply);
        return null;
      }
      if (!sub.arityAccepts(argv.length)) {
        reject(session, sub, Errors.wrongArity(sub.fullName()), reply);
        return null;
      }
      spec = sub;
    }
    if (!session.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
      reject(session, spec, Errors.NOAUTH, reply);
      return null;
    }
    if (spec.has(CommandFlag.NO_MULTI) && session.transaction().open()) {
      reject(session, spec, Errors.NOT_ALLOWED_IN_MULTI, reply);
      return null;
    }
    // As Redis, a RESP2 client in subscribed mode may only manage its subscriptions; RESP3 mixes
    // pushes with replies, so there it may send anything.
    if (session.protocol() == 2
        && session.subscribed()
        && !ALLOWED_WHILE_SUBSCRIBED.contains(spec.fullName())) {
      reject(session, spec, Errors.onlyPubSubAllowed(spec.fullName()), reply);
      return null;
    }
    // As Redis: after a failed write or fsync, writes (and PING, which monitors use to tell a
    // healthy server) are refused until the disk recovers; reads go on.
    String refusal = persistence.writeRefusal();
    if (refusal != null
        && (spec.has(CommandFlag.WRITE)
            || spec.name().equals("ping")
            || isExecOfWrites(session, spec))) {
      reject(session, spec, refusal, reply);
      return null;
    }
    return spec;
  }

  /**
   * Runs an admitted command, as Redis's {@code call()}. Re-entrant: a command may call others
   * (EXEC its queue, a script its {@code redis.call}), each in an invocation of its own; they share
   * the outermost call's clock reading, as Redis's command time snapshot. After the outermost call,
   * clients blocked on the keys it wrote are served.
   */
  public void call(CommandSpec spec, ClientSession session, byte[][] argv, ReplySink reply) {
    long now = depth == 0 ? clock.getAsLong() : frames.get(depth - 1).now();
    if (depth == 0) {
      session.recordCommand(spec.fullName(), now);
    }
    Invocation invocation = frame(depth);
    invocation.reset(spec, argv, session, reply, now);
    long replyMark = reply.mark();
    long started = System.nanoTime();
    depth++;
    try {
      spec.handler().handle(invocation);
    } catch (CommandException e) {
      spec.stats().failedCalls++;
      failHalfWrittenReply(reply, replyMark);
      error(e.getMessage(), reply);
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // A bug, or a reply too large for the heap: the command gets one error reply in place of
      // whatever it half wrote, so the client's later replies stay in step with its requests.
      spec.stats().failedCalls++;
      failures.failed("Command '" + spec.fullName() + "'", e, System.nanoTime());
      failHalfWrittenReply(reply, replyMark);
      error(Errors.unexpectedFailure(spec.fullName(), e), reply);
    } finally {
      depth--;
    }
    if (tracking.active() && spec.has(CommandFlag.READONLY)) {
      rememberReads(spec, session, argv);
    }
    long elapsed = System.nanoTime() - started;
    spec.stats().calls++;
    spec.stats().nanos += elapsed;
    spec.stats().latency.record(elapsed);
    stats.commandsProcessed++;
    if (elapsed >= slowNanos) {
      recordSlow(spec, session, argv, elapsed);
    }
    if (!monitors.isEmpty() && !replaying) {
      feedMonitors(spec, session, argv);
    }
    if (depth == 0) {
      // As Redis: the caller's own invalidations after its reply, then blocked clients served,
      // then the broadcasts of the turn.
      tracking.commandEnded(current);
      if (blocked.anyReady() && retrying == null) {
        serveReadyKeys();
      }
      tracking.broadcast();
    }
  }

  /**
   * Client tracking: a read-only command's keys, found by its key specs, are remembered for the
   * client that may now cache them. A command a script runs counts as a read of the keys the script
   * declared, for the script's caller (the read-only script commands themselves remember nothing:
   * their reads do), as Redis's {@code call()}.
   */
  private void rememberReads(CommandSpec spec, ClientSession session, byte[][] argv) {
    if (READ_ONLY_SCRIPTS.contains(spec.fullName())) {
      return;
    }
    CommandSpec readSpec = spec;
    ClientSession reader = session;
    byte[][] readArgv = argv;
    if (session.scripted()) {
      // The script command's frame: the deepest one below that a client (not a script) runs.
      for (int level = depth - 1; level >= 0; level--) {
        Invocation frame = frames.get(level);
        if (!frame.session().scripted()) {
          readSpec = frame.spec();
          reader = frame.session();
          readArgv = frame.argv();
          break;
        }
      }
      if (reader == session) {
        return;
      }
    }
    if (!tracking.remembersReads(reader) || readSpec.has(CommandFlag.PUBSUB)) {
      return;
    }
    tracking.remember(
        reader, readArgv, io.redstone.storage.command.KeySearch.find(readSpec, readArgv));
  }

  private Invocation frame(int level) {
    while (frames.size() <= level) {
      frames.add(new Invocation(this));
    }
    return frames.get(level);
  }

  /**
   * Opens a group of effects that reach the log together or not at all (around a transaction's or a
   * script's calls); groups nest. Always paired with {@link #endEffectGroup}.
   */
  public void beginEffectGroup() {
    mutations.beginGroup();
  }

  public void endEffectGroup() {
    mutations.endGroup();
  }

  /** The slow log and the latency monitor, for a command that crossed either threshold. */
  private void recordSlow(CommandSpec spec, ClientSession session, byte[][] argv, long nanos) {
    long unixSeconds = clock.getAsLong() / 1000;
    if (nanos >= slowlogNanos && !spec.has(CommandFlag.SKIP_SLOWLOG)) {
      slowLog.add(
          Redaction.of(spec.fullName(), argv),
          unixSeconds,
          nanos / 1000,
          session.address(),
          session.name(),
          config.getInt("slowlog-max-len"));
    }
    if (nanos >= latencyNanos) {
      String event = spec.has(CommandFlag.FAST) ? "fast-command" : "command";
      latencyMonitor.add(event, unixSeconds, nanos / 1_000_000);
    }
  }

  /** As Redis, administrative commands are not shown to monitors, and passwords are hidden. */
  private void feedMonitors(CommandSpec spec, ClientSession session, byte[][] argv) {
    if (spec.has(CommandFlag.ADMIN) || spec.has(CommandFlag.SKIP_MONITOR)) {
      return;
    }
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    monitors.feed(micros, session.db(), session.address(), Redaction.of(spec.fullName(), argv));
  }

  /**
   * Takes back the part of a reply that a failing command wrote before it failed. A sink that
   * cannot take bytes back gets its error after the fragment, which only a command that fails
   * half-way through an aggregate reply could leave.
   */
  private static void failHalfWrittenReply(ReplySink reply, long mark) {
    if (mark >= 0) {
      reply.discardSince(mark);
    }
  }

  /** Where every error reply leaves the engine: counted for INFO stats and errorstats. */
  private void error(String message, ReplySink reply) {
    stats.errorReplies++;
    errorStats.count(message);
    reply.error(message);
  }

  /**
   * Whether the command in {@code argv} must wait for a CLIENT PAUSE to end before it runs. Costs
   * one field read while nothing is paused. Unknown commands never wait: they are refused at once,
   * as Redis refuses them before it checks for a pause.
   */
  public boolean mustWait(byte[][] argv) {
    return mustWait(null, argv);
  }

  /**
   * As {@link #mustWait(byte[][])} for a command of {@code session}: an EXEC whose transaction
   * queued writes waits for a write pause as a write does, as Redis checks EXEC by its queue.
   */
  public boolean mustWait(ClientSession session, byte[][] argv) {
    if (pause.mode() == ClientPause.Mode.NONE || !pause.active(clock.getAsLong())) {
      return false;
    }
    CommandSpec spec = commands.lookup(argv[0]);
    if (spec == null) {
      return false;
    }
    return pause.holds(spec)
        || (session != null
            && pause.mode() == ClientPause.Mode.WRITE
            && isExecOfWrites(session, spec));
  }

  /**
   * Before a pipelined batch runs, touches the table memory of each command's first argument in the
   * session's database, so the cache misses of the batch's lookups overlap instead of following one
   * another (see {@link io.redstone.storage.keyspace.KeyTable#touch}). Only a hint: it changes
   * nothing, and an argument that is not a key costs a hash. A SELECT inside the batch makes later
   * touches miss their database, which is harmless.
   */
  public void prefetch(ClientSession session, List<byte[][]> commands) {
    if (commands.size() < 2) {
      return;
    }
    Database db = databases[session.db()];
    int seen = 0;
    for (byte[][] argv : commands) {
      if (argv.length > 1) {
        seen += db.touch(argv[1]);
      }
    }
    prefetchSink += seen;
  }

  private void rejectUnknown(byte[][] argv, ReplySink reply) {
    String[] args = new String[argv.length - 1];
    for (int i = 1; i < argv.length; i++) {
      args[i - 1] = new String(argv[i], StandardCharsets.UTF_8);
    }
    error(Errors.unknownCommand(new String(argv[0], StandardCharsets.UTF_8), args), reply);
  }

  private void reject(ClientSession session, CommandSpec spec, String message, ReplySink reply) {
    spec.stats().rejectedCalls++;
    if (isExec(spec)) {
      transactions.discard(session);
      error(Errors.execAbort(message), reply);
      return;
    }
    transactions.refused(session);
    error(message, reply);
  }

  private static boolean isExec(CommandSpec spec) {
    return spec.fullName().equals("exec");
  }

  /** EXEC of a transaction that queued writes is refused as a write would be. */
  private static boolean isExecOfWrites(ClientSession session, CommandSpec spec) {
    return isExec(spec) && session.transaction().queuesWrite();
  }

  /**
   * The periodic work of the storage thread, called {@code hz} times a second: active expiry within
   * its time budget, then incremental rehashing for at most a millisecond per database with a
   * rehash in progress.
   */
  public void cron() {
    long now = clock.getAsLong();
    // As Redis, a pause stops the active cycle: deleting keys is a write the pause holds back.
    if (activeExpireEnabled && !pause.active(now)) {
      int hz = Math.max(1, config.getInt("hz"));
      // Redis's slow cycle: at most 25% of the time between two runs.
      long budgetNanos = 1_000_000_000L / hz / 4;
      activeExpiry.run(databases, random, now, budgetNanos, stats);
    }
    for (Database db : databases) {
      db.rehashFor(1_000_000L);
    }
    if (tracking.active()) {
      tracking.limit(config.getLong("tracking-table-max-keys"), null, random);
      tracking.broadcast();
    }
  }

  /**
   * Registers a new connection. As in Redis, it starts authenticated only while no password is
   * required; changing {@code requirepass} later does not log out clients already in.
   */
  public void clientConnected(ClientSession session) {
    session.authenticated(!passwordRequired());
    clients.add(session);
  }

  /** Forgets a closed connection, and stops feeding it if it was a monitor. */
  public void clientDisconnected(ClientSession session) {
    clients.remove(session);
    transactions.discard(session);
    if (blocked.remove(session) != null) {
      session.blocked(false);
    }
    monitors.remove(session);
    pubsub.unsubscribeAll(session);
    tracking.disable(session);
  }

  /**
   * How a published message reaches one subscriber. The client whose command is running gets it in
   * place among that command's replies (a RESP3 client that publishes to itself sees the message
   * before PUBLISH's count, as in Redis); any other client gets the shared bytes through its link,
   * after the replies it was already sent. A client on its way out gets nothing.
   */
  private void deliver(ClientSession subscriber, Message message) {
    if (subscriber == current) {
      message.writeTo(currentSink);
    } else if (!subscriber.closing()) {
      byte[] bytes = message.encoded(subscriber.protocol());
      stats.netOutputBytes += bytes.length;
      subscriber.link().push(bytes);
    }
  }

  /** As {@link #deliver}, for a message already encoded for its receiver. */
  private void sendInPlaceOrPush(ClientSession receiver, byte[] message) {
    if (receiver == current) {
      currentSink.raw(message);
    } else if (!receiver.closing()) {
      stats.netOutputBytes += message.length;
      receiver.link().push(message);
    }
  }

  /** Whether {@code requirepass} is set. */
  public boolean passwordRequired() {
    return !config.get("requirepass").isEmpty();
  }

  /**
   * Starts a point-in-time image of all databases as they are now, handed to {@code sink} as {@link
   * #snapshotStep} walks the tables and as writes overtake the walk. One at a time.
   */
  public PointInTimeWalk startSnapshot(SnapshotSink sink) {
    return startSnapshot(sink, PartLimits.DEFAULT);
  }

  /**
   * As {@link #startSnapshot(SnapshotSink)}, with big collections handed over in parts of at most
   * {@code partLimits}.
   */
  public PointInTimeWalk startSnapshot(SnapshotSink sink, PartLimits partLimits) {
    if (snapshots.active != null) {
      throw new IllegalStateException("a point-in-time walk is already in progress");
    }
    KeyTable[] tables = new KeyTable[databases.length];
    for (int i = 0; i < databases.length; i++) {
      tables[i] = databases[i].table();
    }
    snapshots.epoch++;
    snapshots.active =
        new PointInTimeWalk(snapshots.epoch, tables, sink, partLimits, clock.getAsLong());
    return snapshots.active;
  }

  /**
   * Walks up to {@code buckets} more hash buckets of the snapshot in progress; returns true when it
   * is complete (or none is running), after which writes no longer feed its sink.
   */
  public boolean snapshotStep(int buckets) {
    PointInTimeWalk walk = snapshots.active;
    if (walk == null) {
      return true;
    }
    if (walk.step(buckets, clock.getAsLong())) {
      snapshots.active = null;
      return true;
    }
    return false;
  }

  /** Abandons the snapshot in progress, if any: its sink receives nothing more. */
  public void abortSnapshot() {
    snapshots.active = null;
  }

  public boolean snapshotInProgress() {
    return snapshots.active != null;
  }

  /**
   * Before loading a snapshot or base file: sizes database {@code db} for the {@code keys} keys the
   * file says are coming. Ignored for a database this server does not have.
   */
  public void reserve(int db, long keys) {
    if (db >= 0 && db < databases.length) {
      databases[db].reserve(keys);
    }
  }

  /** Each database's key count, in database order. */
  public long[] keysPerDatabase() {
    long[] counts = new long[databases.length];
    for (int i = 0; i < databases.length; i++) {
      counts[i] = databases[i].size();
    }
    return counts;
  }

  /**
   * Puts one key of a loaded snapshot or base file. A key whose expiry has already passed is not
   * loaded (returns false), as Redis skips expired keys when it loads as a master.
   */
  public boolean restore(int db, byte[] key, Object value, long expireAt) {
    long now = clock.getAsLong();
    if (expireAt != io.redstone.storage.keyspace.Entry.NO_EXPIRY && expireAt <= now) {
      return false;
    }
    Database database = databases[db];
    io.redstone.storage.keyspace.Entry entry = database.put(key, value, false, now);
    if (expireAt != io.redstone.storage.keyspace.Entry.NO_EXPIRY) {
      database.setExpireAt(entry, expireAt);
    }
    return true;
  }

  /**
   * Replays one logged effect on database {@code db} as the loading client, Redis's fake AOF
   * client: authenticated, and its replies go to {@code reply}, which the loader checks for errors.
   */
  public void replay(ClientSession loader, int db, byte[][] argv, ReplySink reply) {
    loader.authenticated(true);
    loader.db(db);
    replaying = true;
    try {
      execute(loader, argv, reply);
    } finally {
      replaying = false;
    }
  }

  /** The layer that owns the files; set once by the server before clients connect. */
  public void persistence(Persistence persistence) {
    this.persistence = persistence;
  }

  public Persistence persistence() {
    return persistence;
  }

  /** Where the front end learns of replies a command defers (see {@link DeferredReply}). */
  public void onDeferredReply(Consumer<DeferredReply> listener) {
    this.deferrals = listener;
  }

  /**
   * Defers the reply of the command running for {@code session}: it will be written, in its place
   * among the connection's replies, when completed.
   */
  public DeferredReply defer(ClientSession session) {
    DeferredReply deferred = new DeferredReply(session.protocol());
    deferrals.accept(deferred);
    return deferred;
  }

  // ---------------------------------------------------------------------------------------------
  // Blocked clients

  /** What the front end does with the reply of a blocked client that has been answered. */
  @FunctionalInterface
  public interface Unblocked {
    /**
     * {@code session} is no longer blocked and {@code reply} (RESP, the blocked command's whole
     * reply) goes out after the replies it already had; its later commands may run. Called on the
     * storage thread, possibly while another client's command runs.
     */
    void unblocked(ClientSession session, byte[] reply);
  }

  public void onUnblocked(Unblocked listener) {
    this.unblocked = listener;
  }

  /** See {@link Invocation#block}. */
  public void block(
      ClientSession session,
      byte[][] keys,
      long deadline,
      io.redstone.storage.types.ValueType type,
      CommandSpec spec,
      byte[][] argv) {
    if (session == retrying) {
      blockedAgain = true;
      return;
    }
    blocked.add(new BlockedClients.Waiter(session, session.db(), keys, deadline, type, spec, argv));
    session.blocked(true);
  }

  /** See {@link Invocation#servingBlocked}. */
  public boolean isServingBlocked(ClientSession session) {
    return session == retrying;
  }

  /** When the client blocked in the command just run must be answered anyway: 0 for never. */
  public long blockedDeadline(ClientSession session) {
    BlockedClients.Waiter waiter = blocked.of(session);
    return waiter == null ? 0 : waiter.deadline();
  }

  /** Blocked clients with a deadline: INFO's {@code clients_in_timeout_table}. */
  public int blockedWithTimeout() {
    int count = 0;
    for (BlockedClients.Waiter waiter : blocked.all()) {
      if (waiter.deadline() != 0) {
        count++;
      }
    }
    return count;
  }

  /** The deadline of a blocked client passed: it gets the null array of a timeout. */
  public void timeOutBlocked(ClientSession session) {
    if (blocked.of(session) != null) {
      answerBlocked(session, sink -> sink.nullArray());
    }
  }

  /**
   * CLIENT UNBLOCK: answers a blocked client as a timeout would, or with the UNBLOCKED error.
   * Returns whether the client was blocked.
   */
  public boolean unblock(long clientId, boolean withError) {
    ClientSession session = clients.get(clientId);
    if (session == null || blocked.of(session) == null) {
      return false;
    }
    answerBlocked(
        session,
        sink -> {
          if (withError) {
            error(Errors.UNBLOCKED, sink);
          } else {
            sink.nullArray();
          }
        });
    return true;
  }

  private void answerBlocked(ClientSession session, Consumer<ReplySink> answer) {
    blocked.remove(session);
    session.blocked(false);
    unblockReply.reset();
    unblockReply.protocol(session.protocol());
    answer.accept(unblockReply);
    unblocked.unblocked(session, replyUnlessSilenced(session));
  }

  /** What the databases tell of changes to keys: blocked clients and WATCH wait on them. */
  private final Database.ChangeListener changes =
      new Database.ChangeListener() {
        @Override
        public void written(Database db, byte[] key) {
          if (!blocked.isEmpty()) {
            blocked.signal(db.index(), key);
          }
          transactions.touched(db, key);
          if (tracking.active()) {
            tracking.keyChanged(key, current);
          }
        }

        @Override
        public void touched(Database db, byte[] key) {
          transactions.touched(db, key);
          if (tracking.active()) {
            tracking.keyChanged(key, current);
          }
        }

        @Override
        public void deleted(Database db, byte[] key) {
          if (!blocked.isEmpty()) {
            blocked.signal(db.index(), key);
          }
        }

        @Override
        public void replacing(Database db, Database other) {
          transactions.replacing(db, other, clock.getAsLong());
        }
      };

  /**
   * Serves the clients waiting on keys that were written, key by key in the order they were written
   * and client by client in the order they blocked, as Redis's {@code handleClientsBlockedOnKeys}:
   * each waiter's command runs again and either answers or blocks again. Serving can make more keys
   * ready (BLMOVE pushes), which are served in the same loop. A key that now holds another type
   * leaves its waiters waiting, but for stream readers, which are run again to decide.
   */
  private void serveReadyKeys() {
    DbKey key;
    while ((key = blocked.pollReady()) != null) {
      for (BlockedClients.Waiter waiter : blocked.waitersOn(key)) {
        if (blocked.of(waiter.session()) != waiter || waiter.session().closing()) {
          continue;
        }
        io.redstone.storage.keyspace.Entry entry =
            databases[key.db()].peek(key.key(), clock.getAsLong());
        boolean fits =
            entry != null && io.redstone.storage.types.Values.type(entry.value()) == waiter.type();
        // A stream reader decides for itself: XREADGROUP answers a deleted or replaced stream
        // with an error, as Redis does, while XREAD waits on.
        if (!fits && waiter.type() != io.redstone.storage.types.ValueType.STREAM) {
          break;
        }
        runAgain(waiter);
      }
    }
  }

  private void runAgain(BlockedClients.Waiter waiter) {
    ClientSession session = waiter.session();
    unblockReply.reset();
    unblockReply.protocol(session.protocol());
    retrying = session;
    blockedAgain = false;
    long now = clock.getAsLong();
    try {
      Invocation invocation = frame(depth);
      invocation.reset(waiter.spec(), waiter.argv(), session, unblockReply, now);
      waiter.spec().handler().handle(invocation);
    } catch (CommandException e) {
      unblockReply.reset();
      error(e.getMessage(), unblockReply);
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      failures.failed("Command '" + waiter.spec().fullName() + "' served", e, System.nanoTime());
      unblockReply.reset();
      error(Errors.unexpectedFailure(waiter.spec().fullName(), e), unblockReply);
    } finally {
      retrying = null;
    }
    if (blockedAgain) {
      return;
    }
    blocked.remove(session);
    session.blocked(false);
    unblocked.unblocked(session, replyUnlessSilenced(session));
  }

  /** A blocked client's answer, or nothing for a client that turned its replies off. */
  private byte[] replyUnlessSilenced(ClientSession session) {
    return session.replies().silenced() ? new byte[0] : unblockReply.toByteArray();
  }

  /** Called by a database when a key's TTL passed: counted there, logged here as DEL. */
  private void keyExpired(Database db, byte[] key) {
    if (tracking.active()) {
      tracking.keyExpired(key);
    }
    mutations.append(db.index(), new byte[][] {"DEL".getBytes(StandardCharsets.US_ASCII), key});
  }

  /** Streams a write's effect to the mutation sink. */
  public void propagate(int db, byte[][] effect) {
    if (!effectsMuted) {
      mutations.append(db, effect);
    }
  }

  /**
   * While true, commands' effects are not streamed (a script's {@code redis.set_repl}); the script
   * that set it clears it when it ends.
   */
  public void effectsMuted(boolean muted) {
    this.effectsMuted = muted;
  }

  /** The script cache, function libraries and Lua interpreters of this engine. */
  public io.redstone.storage.scripting.Scripting scripting() {
    return scripting;
  }

  public void mutationSink(MutationSink sink) {
    this.mutations = sink;
  }

  /**
   * What SHUTDOWN calls to stop the process: supplied by the server, which owns the process. It
   * must not block the storage thread; the server stops asynchronously.
   */
  public void onShutdownRequest(Runnable handler) {
    this.shutdownHandler = handler;
  }

  /** Asks the server to shut down; false when nothing can (an engine embedded without a server). */
  public boolean requestShutdown() {
    if (shutdownHandler == null) {
      return false;
    }
    shutdownHandler.run();
    return true;
  }

  /**
   * {@code DEBUG SET-ACTIVE-EXPIRE}: tests turn the background cycle off to observe lazy expiry.
   */
  public void activeExpireEnabled(boolean enabled) {
    this.activeExpireEnabled = enabled;
  }

  public boolean activeExpireEnabled() {
    return activeExpireEnabled;
  }

  /** SWAPDB: exchanges the contents of two databases; connected clients keep their index. */
  public void swapDatabases(int first, int second) {
    if (first == second) {
      // As Redis: nothing changes, not even for WATCH.
      return;
    }
    databases[first].swapContents(databases[second]);
  }

  public Database database(int index) {
    return databases[index];
  }

  public int databaseCount() {
    return databases.length;
  }

  public CommandTable commands() {
    return commands;
  }

  /** The encoding thresholds as configured now. */
  public EncodingLimits encodingLimits() {
    return encodingLimits;
  }

  public ConfigRegistry config() {
    return config;
  }

  public EngineStats stats() {
    return stats;
  }

  /** Client-side caching: tracking clients, the keys they may cache, invalidations. */
  public Tracking tracking() {
    return tracking;
  }

  /**
   * FLUSHDB, FLUSHALL: every tracking client is told that all its keys are invalid (the client
   * whose command flushed, after that command's reply).
   */
  public void flushed() {
    tracking.flushed(current);
  }

  /** MULTI/EXEC and WATCH for every client. */
  public Transactions transactions() {
    return transactions;
  }

  public ClientRegistry clients() {
    return clients;
  }

  public ErrorStats errorStats() {
    return errorStats;
  }

  public SlowLog slowLog() {
    return slowLog;
  }

  public LatencyMonitor latencyMonitor() {
    return latencyMonitor;
  }

  /** Keyspace notifications: commands emit their events here (see {@link Invocation#notify}). */
  public KeyspaceEvents keyspaceEvents() {
    return keyspaceEvents;
  }

  /** The pub/sub index: subscribe clients, and publish from any command. */
  public PubSub pubsub() {
    return pubsub;
  }

  public MonitorFeed monitors() {
    return monitors;
  }

  public ClientPause pause() {
    return pause;
  }

  public ServerIdentity identity() {
    return identity;
  }

  public SplittableRandom random() {
    return random;
  }

  public long now() {
    return clock.getAsLong();
  }

  /**
   * Empties every database without logging anything: for reloading the data from disk, which
   * already holds it.
   */
  public void clearForReload() {
    for (Database db : databases) {
      db.clear();
    }
    tracking.flushed(current);
  }

  /** Keys in all databases (expired ones not yet removed included). */
  public long keyCount() {
    long keys = 0;
    for (Database db : databases) {
      keys += db.size();
    }
    return keys;
  }

  /** Estimated bytes held by all databases. */
  public long usedMemory() {
    long total = 0;
    for (Database db : databases) {
      total += db.estimatedBytes();
    }
    return total;
  }
}
