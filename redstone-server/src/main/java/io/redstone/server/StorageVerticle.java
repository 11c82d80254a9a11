package io.redstone.server;

import io.redstone.protocol.RespWriter;
import io.redstone.server.StorageMessage.ClientConnected;
import io.redstone.server.StorageMessage.ClientDisconnected;
import io.redstone.server.StorageMessage.CommandBatch;
import io.redstone.server.StorageMessage.ConnectionRejected;
import io.redstone.server.StorageMessage.MetricsRequest;
import io.redstone.server.StorageMessage.OutputDrained;
import io.redstone.server.metrics.EngineSnapshot;
import io.redstone.server.persistence.PersistenceService;
import io.redstone.storage.ClientPause;
import io.redstone.storage.ClientSession;
import io.redstone.storage.DeferredReply;
import io.redstone.storage.Engine;
import io.redstone.storage.observe.FailureLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of the {@link Engine}, as Redis's main thread owns its keyspace: every command,
 * every client registration and the periodic {@code cron} run on this verticle's event loop and
 * nowhere else. Connections reach it only through {@link StorageMessage}s, over the local event bus
 * or, from its own loop, through a direct {@link StorageLink}.
 */
public final class StorageVerticle extends VerticleBase {
  /** The event-bus address the connections send to. */
  static final String ADDRESS = "redstone.storage";

  private static final Logger log = LoggerFactory.getLogger(StorageVerticle.class);
  private volatile Thread loopThread;

  /**
   * Replies are sent once a batch's exceed this, so a pipeline of large replies leaves in pieces
   * and its connection can stop it when the client falls behind.
   */
  static final int CHUNK_BYTES = 64 * 1024;

  /** A writer grown past this by one huge reply is dropped, so it does not pin the memory. */
  private static final int RETAINED_WRITER_BYTES = 1 << 20;

  private static final int INITIAL_WRITER_BYTES = 16 * 1024;

  private final Engine engine;
  private final PersistenceFactory persistenceFactory;
  private final HeldReplies held = new HeldReplies();
  private final Handler<StorageMessage> handler = this::handle;

  /** Replies deferred by the batch running now, with where each goes among its replies. */
  private final List<DeferralMark> deferrals = new ArrayList<>();

  private PersistenceService persistence;
  private long persistenceTimer = -1;
  private long walkTimer = -1;
  private RespWriter writer = newWriter();
  private MessageConsumer<StorageMessage> consumer;
  private long cronTimer = -1;

  /** Batches taken off the queue: with the connections' count sent, the queue's depth. */
  private long batchesRun;

  /**
   * The batches of each session that cannot run yet, in arrival order: one parked part-way (behind
   * a CLIENT PAUSE or unread output), then those that came after it.
   */
  private final Map<ClientSession, Backlog> backlogs = new HashMap<>();

  /** Sessions whose backlog waits for a CLIENT PAUSE to end, in the order they were held. */
  private final ArrayDeque<ClientSession> pausedSessions = new ArrayDeque<>();

  private final FailureLog failures = new FailureLog(log, TimeUnit.MINUTES.toNanos(1));
  private long pauseTimer = -1;
  private boolean resuming;

  public StorageVerticle(Engine engine) {
    this(engine, (context, durable) -> null);
  }

  /** Builds the persistence layer on the storage context, or returns null for none. */
  @FunctionalInterface
  public interface PersistenceFactory {
    PersistenceService create(Context storageContext, LongConsumer durable);
  }

  private record DeferralMark(int offset, DeferredReply reply) {}

  /** A batch stopped before command {@code next}, which runs first when it goes on. */
  private record Parked(CommandBatch batch, int next) {}

  /** What a parked batch waits for. */
  private enum Wait {
    PAUSE,
    OUTPUT,
    BLOCKED
  }

  private static final class Backlog {
    final ArrayDeque<Parked> batches = new ArrayDeque<>();

    /** The head waits for {@link OutputDrained}. */
    boolean outputFull;

    /** The command before the head is blocked (BLPOP): the head waits for it to be answered. */
    boolean blocked;

    /** The blocked command's timeout timer, or -1. */
    long timer = -1;
  }

  /** Never wait on one timer longer than this: a longer pause re-arms it. */
  private static final long MAX_TIMER_MILLIS = 60_000;

  /**
   * @param persistenceFactory builds the persistence layer on this verticle's context at start, or
   *     returns null when nothing is persisted
   */
  public StorageVerticle(Engine engine, PersistenceFactory persistenceFactory) {
    this.engine = engine;
    this.persistenceFactory = persistenceFactory;
  }

  /** The event loop thread this verticle runs on, known once it has started. */
  Thread loopThread() {
    return loopThread;
  }

  @Override
  public Future<?> start() {
    loopThread = Thread.currentThread();
    // The consumer must never drop a message: a dropped batch would leave its client waiting
    // forever. What it may hold is bounded by the connections' in-flight limit instead.
    MessageConsumerOptions options =
        new MessageConsumerOptions()
            .setAddress(ADDRESS)
            .setLocalOnly(true)
            .setMaxBufferedMessages(Integer.MAX_VALUE);
    consumer = vertx.eventBus().consumer(options, message -> handle(message.body()));
    engine.onDeferredReply(this::deferred);
    engine.onUnblocked(this::unblocked);
    engine.pause().onChange(this::pauseChanged);
    persistence = persistenceFactory.create(context, held::durable);
    if (persistence != null) {
      persistenceTimer = vertx.setPeriodic(1000, id -> persistence.everySecond());
      // A walk moves on once per loop pass that ran commands or saw the writer take a chunk;
      // this timer only keeps it going should both pause at once.
      walkTimer = vertx.setPeriodic(10, id -> persistence.tick());
    }
    scheduleCron();
    engine.config().onChange("hz", value -> scheduleCron());
    return consumer.completion();
  }

  /**
   * A link for a verticle running on {@code sender}. From another event loop, messages go over the
   * local event bus. From this verticle's own loop (connections with {@code io-threads 1}) they are
   * handled at once, with this verticle's context current, as the bus would on arrival: the bus's
   * message objects, delivery contexts and meters cost the one thread a measurable share of each
   * request (docs/performance.md) and buy nothing when sender and receiver share it. Either way a
   * sender's messages are handled in the order it sent them.
   */
  StorageLink linkFrom(Context sender) {
    if (context instanceof ContextInternal own
        && sender instanceof ContextInternal other
        && own.nettyEventLoop() == other.nettyEventLoop()) {
      return new DirectLink(own, handler);
    }
    DeliveryOptions delivery =
        new DeliveryOptions().setLocalOnly(true).setCodecName(LocalMessageCodec.NAME);
    return new BusLink(vertx.eventBus(), delivery);
  }

  private record DirectLink(ContextInternal storage, Handler<StorageMessage> handler)
      implements StorageLink {
    @Override
    public void send(StorageMessage message) {
      storage.emit(message, handler);
    }

    @Override
    public boolean sharesThread() {
      return true;
    }
  }

  private record BusLink(EventBus bus, DeliveryOptions delivery) implements StorageLink {
    @Override
    public void send(StorageMessage message) {
      bus.send(ADDRESS, message, delivery);
    }

    @Override
    public boolean sharesThread() {
      return false;
    }
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(cronTimer);
    vertx.cancelTimer(persistenceTimer);
    vertx.cancelTimer(walkTimer);
    vertx.cancelTimer(pauseTimer);
    if (persistence != null) {
      persistence.close();
    }
    return consumer.unregister();
  }

  private void handle(StorageMessage message) {
    // Batches first: they are nearly all the traffic. (Java 17 has no pattern switch.)
    if (message instanceof CommandBatch batch) {
      batchesRun++;
      engine.stats().netInputBytes += batch.inputBytes();
      Backlog backlog = backlogs.get(batch.session());
      if (backlog != null) {
        backlog.batches.addLast(new Parked(batch, 0));
      } else {
        run(batch, 0);
      }
      if (!backlogs.isEmpty()) {
        releaseClosing();
      }
    } else if (message instanceof OutputDrained drained) {
      Backlog backlog = backlogs.get(drained.session());
      if (backlog != null && backlog.outputFull) {
        backlog.outputFull = false;
        runBacklog(drained.session(), backlog);
      }
    } else if (message instanceof ClientConnected connected) {
      engine.clientConnected(connected.session());
      engine.stats().connectionsReceived++;
    } else if (message instanceof ClientDisconnected disconnected) {
      engine.clientDisconnected(disconnected.session());
      // Redis frees a client with its pending commands: they never run.
      Backlog gone = backlogs.remove(disconnected.session());
      if (gone != null) {
        vertx.cancelTimer(gone.timer);
        unpause(disconnected.session());
      }
    } else if (message instanceof ConnectionRejected) {
      engine.stats().rejectedConnections++;
    } else if (message instanceof MetricsRequest request) {
      request.reply().accept(EngineSnapshot.capture(engine, engine.now(), batchesRun));
    }
  }

  /**
   * Runs the commands of one read from command {@code from} on, sending their replies in chunks of
   * about {@link #CHUNK_BYTES}. Stops early, parking the batch at the next command, when a CLIENT
   * PAUSE holds that command back or when the client's unsent output has passed the high-water
   * mark; the batch goes on from there later. Once a command asks for the connection to close
   * (QUIT, CLIENT KILL), the rest are not run, as Redis stops reading a client flagged to close
   * after its reply.
   */
  private void run(CommandBatch batch, int from) {
    ClientSession session = batch.session();
    ReplyTarget target = batch.target();
    List<byte[][]> commands = batch.commands();
    writer.reset();
    if (from == 0) {
      engine.prefetch(session, commands);
    }
    try {
      for (int i = from; i < commands.size(); i++) {
        if (session.closing()) {
          break;
        }
        if (engine.mustWait(session, commands.get(i))) {
          send(target, false);
          park(batch, i, Wait.PAUSE);
          return;
        }
        // HELLO may have switched the protocol for the commands after it.
        writer.protocol(session.protocol());
        engine.execute(session, commands.get(i), writer);
        if (session.blocked()) {
          // BLPOP and friends: its reply comes when it is served; the commands after it wait.
          send(target, false);
          park(batch, i + 1, Wait.BLOCKED);
          return;
        }
        if (writer.size() >= CHUNK_BYTES && i + 1 < commands.size()) {
          send(target, false);
          if (target.outputFull()) {
            park(batch, i + 1, Wait.OUTPUT);
            target.notifyWhenDrained();
            return;
          }
        }
      }
      send(target, true);
    } catch (RuntimeException | Error e) {
      // Engine.execute answers every command's own failure, so this is the batch path itself: a
      // reply may be lost, so none may follow it. The client gets an empty last chunk (so its
      // connection knows the batch is over) and its connection closes.
      failures.failed("Batch for client id=" + session.id(), e, System.nanoTime());
      session.close();
      writer.reset();
      deferrals.clear();
      Buffer none = Buffer.buffer();
      if (held.isEmpty()) {
        target.replies(none, true);
      } else {
        held.hold(List.of(new HeldReplies.Written(none)), 0, target, true);
      }
    }
  }

  /**
   * Hands the replies written so far to {@code target}, at once or, when they must wait for an
   * fsync or a deferred reply, through {@link #held}; then starts the writer afresh.
   */
  private void send(ReplyTarget target, boolean endOfBatch) {
    Buffer replies = Buffer.buffer(writer.toByteArray());
    writer.reset();
    if (writer.array().length > RETAINED_WRITER_BYTES) {
      writer = newWriter();
    }
    send(replies, target, endOfBatch);
  }

  private void send(Buffer replies, ReplyTarget target, boolean endOfBatch) {
    long requiredSeq = persistence == null ? 0 : persistence.endOfTurn();
    engine.stats().netOutputBytes += replies.length();
    target.owe(replies.length());
    if (deferrals.isEmpty() && held.canSendNow(requiredSeq)) {
      target.replies(replies, endOfBatch);
      return;
    }
    held.hold(splitAtDeferrals(replies), requiredSeq, target, endOfBatch);
  }

  /**
   * A push for a connection: counted as output it owes, then handed over at once, or queued behind
   * held replies when there are any, so that it never overtakes a reply its client was given first.
   */
  void push(ReplyTarget target, byte[] bytes) {
    target.owe(bytes.length);
    if (held.isEmpty()) {
      target.pushed(bytes);
    } else {
      held.hold(List.of(new HeldReplies.Written(Buffer.buffer(bytes))), 0, target, false);
    }
  }

  /**
   * Parks a batch at command {@code next}, ahead of the session's later batches. What ran before it
   * is already logged and its replies sent.
   */
  private void park(CommandBatch batch, int next, Wait wait) {
    ClientSession session = batch.session();
    Backlog backlog = backlogs.computeIfAbsent(session, s -> new Backlog());
    backlog.batches.addFirst(new Parked(batch, next));
    if (wait == Wait.OUTPUT) {
      backlog.outputFull = true;
      return;
    }
    if (wait == Wait.BLOCKED) {
      backlog.blocked = true;
      long deadline = engine.blockedDeadline(session);
      if (deadline > 0) {
        backlog.timer =
            vertx.setTimer(
                Math.max(1, deadline - engine.now()), id -> engine.timeOutBlocked(session));
      }
      return;
    }
    // While resuming, the session came off the front of the queue and goes back there.
    if (resuming) {
      pausedSessions.addFirst(session);
    } else {
      pausedSessions.addLast(session);
    }
    session.waiting(true);
  }

  /**
   * Runs a session's parked batches in order until they are done or one is parked again. The
   * session must not be waiting for a pause.
   */
  private void runBacklog(ClientSession session, Backlog backlog) {
    while (!backlog.batches.isEmpty()) {
      if (backlog.outputFull || backlog.blocked || pausedSessions.contains(session)) {
        return;
      }
      Parked next = backlog.batches.pollFirst();
      run(next.batch(), next.next());
    }
    backlogs.remove(session);
  }

  /**
   * A parked client that CLIENT KILL or QUIT closed is answered at once, as Redis frees a killed
   * client at once: its connection closes instead of lingering until a pause ends or its output
   * drains. Its parked commands never run.
   */
  private void releaseClosing() {
    List<ClientSession> closing = new ArrayList<>();
    for (ClientSession session : backlogs.keySet()) {
      if (session.closing()) {
        closing.add(session);
      }
    }
    for (ClientSession session : closing) {
      Backlog backlog = backlogs.remove(session);
      vertx.cancelTimer(backlog.timer);
      unpause(session);
      for (Parked parked : backlog.batches) {
        run(parked.batch(), parked.batch().commands().size());
      }
    }
  }

  /** Takes a session off the pause queue; INFO and CLIENT LIST no longer count it as blocked. */
  private void unpause(ClientSession session) {
    if (pausedSessions.remove(session)) {
      session.waiting(false);
    }
  }

  /**
   * A blocked client was answered (served, timed out, CLIENT UNBLOCK): its reply goes out after
   * what it already had, and its later commands run, but not from inside the command that served
   * it, which may be another client's.
   */
  private void unblocked(ClientSession session, byte[] reply) {
    Backlog backlog = backlogs.get(session);
    if (backlog == null || !backlog.blocked) {
      return;
    }
    backlog.blocked = false;
    vertx.cancelTimer(backlog.timer);
    backlog.timer = -1;
    send(Buffer.buffer(reply), backlog.batches.peekFirst().batch().target(), false);
    context.runOnContext(
        v -> {
          Backlog current = backlogs.get(session);
          if (current != null) {
            runBacklog(session, current);
          }
        });
  }

  /** A pause started, grew, or ended: re-arm the deadline timer, or run what waited. */
  private void pauseChanged() {
    if (pauseTimer >= 0) {
      vertx.cancelTimer(pauseTimer);
      pauseTimer = -1;
    }
    if (engine.pause().mode() == ClientPause.Mode.NONE) {
      // Never from inside the command that ended the pause: after its batch is answered.
      context.runOnContext(v -> resumeWaiting());
      return;
    }
    long delay = Math.min(MAX_TIMER_MILLIS, engine.pause().endMillis() - engine.now());
    pauseTimer =
        vertx.setTimer(
            Math.max(1, delay),
            id -> {
              pauseTimer = -1;
              if (engine.pause().active(engine.now())) {
                pauseChanged();
              }
            });
  }

  /**
   * Runs the sessions that waited for a pause, in the order they were held, until done or until a
   * new pause holds one back.
   */
  private void resumeWaiting() {
    resuming = true;
    try {
      while (!pausedSessions.isEmpty()) {
        ClientSession session = pausedSessions.peekFirst();
        Backlog backlog = backlogs.get(session);
        Parked head = backlog.batches.peekFirst();
        if (engine.mustWait(session, head.batch().commands().get(head.next()))) {
          return;
        }
        unpause(session);
        runBacklog(session, backlog);
        if (pausedSessions.peekFirst() == session) {
          return;
        }
      }
    } finally {
      resuming = false;
    }
  }

  /** A command deferred its reply: remember where it goes among this batch's replies. */
  private void deferred(DeferredReply reply) {
    deferrals.add(new DeferralMark(writer.size(), reply));
  }

  /**
   * The batch's replies as parts: the bytes written before each deferred reply (whose offsets
   * {@link #deferred} noted), the deferred reply itself, and the bytes after the last one.
   */
  private List<HeldReplies.Part> splitAtDeferrals(Buffer replies) {
    if (deferrals.isEmpty()) {
      // The common case under appendfsync always: one piece, held as it is, without a copy.
      return List.of(new HeldReplies.Written(replies));
    }
    List<HeldReplies.Part> parts = new ArrayList<>();
    int from = 0;
    for (DeferralMark mark : deferrals) {
      parts.add(new HeldReplies.Written(replies.getBuffer(from, mark.offset())));
      parts.add(new HeldReplies.Deferred(mark.reply()));
      from = mark.offset();
    }
    parts.add(new HeldReplies.Written(replies.getBuffer(from, replies.length())));
    deferrals.clear();
    return parts;
  }

  private void scheduleCron() {
    if (cronTimer >= 0) {
      vertx.cancelTimer(cronTimer);
    }
    // Redis accepts hz between 1 and 500.
    int hz = Math.min(500, Math.max(1, engine.config().getInt("hz")));
    cronTimer = vertx.setPeriodic(Math.max(1, 1000 / hz), id -> cron());
  }

  private void cron() {
    try {
      engine.cron();
    } catch (RuntimeException e) {
      log.error("Periodic engine work failed", e);
    }
    if (persistence != null) {
      // Keys that expired in the cycle are logged as DEL like any write.
      persistence.endOfTurn();
    }
  }

  private static RespWriter newWriter() {
    return new RespWriter(2, INITIAL_WRITER_BYTES);
  }
}
