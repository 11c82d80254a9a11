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
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of the {@link Engine}, as Redis's main thread owns its keyspace: every command,
 * every client registration and the periodic {@code cron} run on this verticle's event loop and
 * nowhere else. Connections reach it only through {@link StorageMessage}s on the local event bus.
 */
public final class StorageVerticle extends VerticleBase {
  /** The event-bus address the connections send to. */
  static final String ADDRESS = "redstone.storage";

  private static final Logger log = LoggerFactory.getLogger(StorageVerticle.class);
  /** A writer grown past this by one huge reply is dropped, so it does not pin the memory. */
  private static final int RETAINED_WRITER_BYTES = 1 << 20;
  private static final int INITIAL_WRITER_BYTES = 16 * 1024;

  private final Engine engine;
  private final PersistenceFactory persistenceFactory;
  private final HeldReplies held = new HeldReplies();
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
   * @param persistenceFactory builds the persistence layer on this verticle's context at start, or
   *     returns null when nothing is persisted
   */
  public StorageVerticle(Engine engine, PersistenceFactory persistenceFactory) {
    this.engine = engine;
    this.persistenceFactory = persistenceFactory;
  }

  @Override
  public Future<?> start() {
    // The consumer must never drop a message: a dropped batch would leave its client waiting
    // forever. What it may hold is bounded by the connections' in-flight limit instead.
    MessageConsumerOptions options =
        new MessageConsumerOptions()
            .setAddress(ADDRESS)
            .setLocalOnly(true)
            .setMaxBufferedMessages(Integer.MAX_VALUE);
    consumer = vertx.eventBus().consumer(options, message -> handle(message.body()));
    engine.onDeferredReply(this::deferred);
    persistence = persistenceFactory.create(context, held::durable);
    if (persistence != null) {
      persistenceTimer = vertx.setPeriodic(1000, id -> persistence.everySecond());
      // A walk moves on after each batch and as the writer takes its chunks; this timer only
      // keeps it going should both pause at once.
      walkTimer = vertx.setPeriodic(10, id -> persistence.tick());
    }
    scheduleCron();
    engine.config().onChange("hz", value -> scheduleCron());
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(cronTimer);
    vertx.cancelTimer(persistenceTimer);
    vertx.cancelTimer(walkTimer);
    if (persistence != null) {
      persistence.close();
    }
    return consumer.unregister();
  }

  private void handle(StorageMessage message) {
    // Batches first: they are nearly all the traffic. (Java 17 has no pattern switch.)
    if (message instanceof CommandBatch batch) {
      run(batch);
    } else if (message instanceof ClientConnected connected) {
      engine.clientConnected(connected.session());
      engine.stats().connectionsReceived++;
    } else if (message instanceof ClientDisconnected disconnected) {
      engine.clients().remove(disconnected.session());
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
  private void run(CommandBatch batch) {
    ClientSession session = batch.session();
    batchesRun++;
    engine.stats().netInputBytes += batch.inputBytes();
    writer.reset();
    try {
      for (byte[][] argv : batch.commands()) {
        if (session.closing()) {
          break;
        }
        // HELLO may have switched the protocol for the commands after it.
        writer.protocol(session.protocol());
        engine.execute(session, argv, writer);
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

  /** A command deferred its reply: remember where it goes among this batch's replies. */
  private void deferred(DeferredReply reply) {
    deferrals.add(new DeferralMark(writer.size(), reply));
  }

  /**
   * The batch's replies as parts: the bytes written before each deferred reply (whose offsets
   * {@link #deferred} noted), the deferred reply itself, and the bytes after the last one.
   */
  private List<HeldReplies.Part> splitAtDeferrals(Buffer replies) {
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
