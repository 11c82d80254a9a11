package io.redstone.server;

import io.redstone.protocol.RespWriter;
import io.redstone.server.StorageMessage.ClientConnected;
import io.redstone.server.StorageMessage.ClientDisconnected;
import io.redstone.server.StorageMessage.CommandBatch;
import io.redstone.server.StorageMessage.ConnectionRejected;
import io.redstone.server.StorageMessage.MetricsRequest;
import io.redstone.server.metrics.EngineSnapshot;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import io.redstone.server.persistence.PersistenceService;
import io.redstone.storage.DeferredReply;
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
import io.redstone.storage.ClientPause;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
  /** Batches waiting for a CLIENT PAUSE to end, in the order they arrived. */
  private final ArrayDeque<PausedBatch> paused = new ArrayDeque<>();
  /** Sessions with a batch in {@link #paused}: their later batches queue behind it. */
  private final Set<ClientSession> waitingSessions = new HashSet<>();
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

  /**
   * A batch stopped at command {@code next} by a pause, with the replies (and deferred-reply
   * marks) of the commands before it, which go out together with the rest once it has run.
   */
  private record PausedBatch(
      CommandBatch batch, int next, byte[] repliesSoFar, List<DeferralMark> deferrals) {}

  /** Never wait on one timer longer than this: a longer pause re-arms it. */
  private static final long MAX_TIMER_MILLIS = 60_000;
  private static final byte[] NO_REPLIES = new byte[0];

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
   * message objects, delivery contexts and meters cost this one thread about a microsecond per
   * request and buy nothing when sender and receiver share it (docs/persistence.md, "Late
   * evening"). Either way a sender's messages are handled in the order it sent them.
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
      if (waitingSessions.contains(batch.session())) {
        paused.addLast(new PausedBatch(batch, 0, NO_REPLIES, List.of()));
      } else {
        run(batch, 0, NO_REPLIES, List.of());
      }
      if (!paused.isEmpty()) {
        releaseKilled();
      }
    } else if (message instanceof ClientConnected connected) {
      engine.clientConnected(connected.session());
      engine.stats().connectionsReceived++;
    } else if (message instanceof ClientDisconnected disconnected) {
      engine.clientDisconnected(disconnected.session());
      if (waitingSessions.contains(disconnected.session())) {
        // Redis frees a paused client with its pending commands: they never run.
        paused.removeIf(p -> p.batch().session() == disconnected.session());
        refreshWaiting();
      }
    } else if (message instanceof ConnectionRejected) {
      engine.stats().rejectedConnections++;
    } else if (message instanceof MetricsRequest request) {
      request.reply().accept(EngineSnapshot.capture(engine, engine.now(), batchesRun));
    }
  }

  /**
   * Runs the commands of one read in order and returns all their replies in one buffer. Once a
   * command asks for the connection to close (QUIT, CLIENT KILL), the rest are not run, as Redis
   * stops reading a client flagged to close after its reply.
   */
  private void run(
      CommandBatch batch, int from, byte[] repliesSoFar, List<DeferralMark> earlierDeferrals) {
    ClientSession session = batch.session();
    writer.reset();
    writer.raw(repliesSoFar);
    deferrals.addAll(earlierDeferrals);
    List<byte[][]> commands = batch.commands();
    if (from == 0) {
      engine.prefetch(session, commands);
    }
    try {
      for (int i = from; i < commands.size(); i++) {
        if (session.closing()) {
          break;
        }
        if (engine.mustWait(commands.get(i))) {
          hold(batch, i);
          return;
        }
        // HELLO may have switched the protocol for the commands after it.
        writer.protocol(session.protocol());
        engine.execute(session, commands.get(i), writer);
      }
    } catch (RuntimeException e) {
      // Engine.execute contains command failures; anything here is a bug in the batch path. The
      // client still gets an answer for what ran, and its connection is closed.
      log.error("Batch for client id={} failed", session.id(), e);
      session.close();
    }
    long requiredSeq = persistence == null ? 0 : persistence.endOfTurn();
    Buffer replies = Buffer.buffer(writer.toByteArray());
    engine.stats().netOutputBytes += replies.length();
    if (writer.array().length > RETAINED_WRITER_BYTES) {
      writer = newWriter();
    }
    if (deferrals.isEmpty() && held.canSendNow(requiredSeq)) {
      batch.replies().accept(replies);
      return;
    }
    held.hold(splitAtDeferrals(replies), requiredSeq, batch.replies());
  }

  /**
   * Parks a batch at a command a CLIENT PAUSE holds back. What ran before it is already logged;
   * its replies wait with the batch so the connection still gets one answer per batch, in order.
   */
  private void hold(CommandBatch batch, int next) {
    if (persistence != null) {
      persistence.endOfTurn();
    }
    PausedBatch held =
        new PausedBatch(batch, next, writer.toByteArray(), new ArrayList<>(deferrals));
    deferrals.clear();
    // While resuming, the batch came off the front of the queue and goes back there.
    if (resuming) {
      paused.addFirst(held);
    } else {
      paused.addLast(held);
    }
    waitingSessions.add(batch.session());
    batch.session().waiting(true);
  }

  /**
   * A waiting client that CLIENT KILL closed is answered at once with what ran before the pause,
   * as Redis frees a killed client at once: its connection closes instead of lingering until the
   * pause ends. Its held commands never run.
   */
  private void releaseKilled() {
    boolean released = false;
    for (var it = paused.iterator(); it.hasNext(); ) {
      PausedBatch waiting = it.next();
      if (waiting.batch().session().closing()) {
        it.remove();
        released = true;
        run(waiting.batch(), waiting.batch().commands().size(), waiting.repliesSoFar(),
            waiting.deferrals());
      }
    }
    if (released) {
      refreshWaiting();
    }
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

  /** Runs the batches that waited, in order, until done or until a new pause holds one back. */
  private void resumeWaiting() {
    resuming = true;
    try {
      while (!paused.isEmpty()) {
        PausedBatch next = paused.peekFirst();
        if (engine.mustWait(next.batch().commands().get(next.next()))) {
          return;
        }
        paused.pollFirst();
        run(next.batch(), next.next(), next.repliesSoFar(), next.deferrals());
        if (paused.peekFirst() != null && paused.peekFirst().batch() == next.batch()) {
          return;
        }
      }
    } finally {
      resuming = false;
      refreshWaiting();
    }
  }

  /** Recomputes which sessions wait from the queue, and marks them for INFO and CLIENT LIST. */
  private void refreshWaiting() {
    for (ClientSession session : waitingSessions) {
      session.waiting(false);
    }
    waitingSessions.clear();
    for (PausedBatch p : paused) {
      waitingSessions.add(p.batch().session());
      p.batch().session().waiting(true);
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
