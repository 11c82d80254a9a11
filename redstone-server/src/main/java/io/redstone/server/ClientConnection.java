package io.redstone.server;

import io.netty.buffer.ByteBuf;
import io.redstone.config.BufferLimits;
import io.redstone.protocol.ProtocolException;
import io.redstone.protocol.RequestParser;
import io.redstone.server.StorageMessage.ClientConnected;
import io.redstone.server.StorageMessage.ClientDisconnected;
import io.redstone.server.StorageMessage.CommandBatch;
import io.redstone.server.StorageMessage.OutputDrained;
import io.redstone.storage.ClientSession;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's socket: parses what it reads into batches for the storage verticle and writes the
 * replies back in order. Every method runs on the connection's event loop, except those of {@link
 * ClientSession.Link} and {@link ReplyTarget}, which the storage thread calls and which hop over
 * when storage runs on another loop.
 *
 * <p>Memory is bounded both ways. Reads pause while the output is over its high-water mark or
 * {@link ConnectionSettings#MAX_BATCHES_IN_FLIGHT} batches wait for storage, so a client that
 * pipelines without reading costs little input. And storage stops running a batch once the output
 * it produced and the client has not yet received (queued for this loop, held for an fsync, in
 * Vert.x's and Netty's write queues) passes the high-water mark ({@code client-output-high-water});
 * it goes on when that falls to the low-water mark, half of it. So a pipeline of large replies
 * costs about the high-water mark, not the sum of its replies.
 */
final class ClientConnection implements ClientSession.Link, ReplyTarget {
  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

  private final NetSocket socket;
  private final Context context;
  private final StorageLink toStorage;
  private final ServerMetrics metrics;
  private final RequestParser parser;
  private final ClientSession session;
  private final boolean sharesStorageThread;
  private final ConnectionSettings settings;
  private final Promise<Void> closed = Promise.promise();

  /** How pushes reach this connection: in order with the replies storage may be holding. */
  private final PushRoute pushRoute;

  /**
   * With storage on another loop: replies and pushes in the order storage produced them, taken off
   * by {@link #drainOutbox} on this loop. Storage adds; this loop removes.
   */
  private final ConcurrentLinkedQueue<Outgoing> outbox = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean outboxScheduled = new AtomicBoolean();

  /**
   * Pushes (pub/sub messages, MONITOR lines) not yet written, gathered so that a subscriber gets
   * one write per turn of the loop however many messages were published in it, as Redis writes a
   * client's buffer once per event-loop iteration. The arrays are shared between subscribers and
   * copied once, into the direct buffer that is written. This loop only.
   */
  private final ArrayList<byte[]> pendingPushes = new ArrayList<>();

  private int pendingPushBytes;
  private final Handler<Void> writePushesTask = v -> writePendingPushes();

  /** Bytes storage has produced for this client that the kernel has not yet taken. */
  private final AtomicLong unsentBytes = new AtomicLong();

  /** When the unsent output went past the soft limit and stayed there; 0 when it is not. */
  private long softLimitSince;

  /**
   * Set on the storage thread when the client passed an output limit: nothing more is written to
   * it, as Redis frees such a client without writing what it owed.
   */
  private volatile boolean cutOff;

  /** Storage stopped a batch on {@link #unsentBytes} and waits for {@link OutputDrained}. */
  private boolean drainWanted;

  private int batchesInFlight;
  private int unreportedInputBytes;
  private boolean paused;
  private boolean backpressured;

  /** No more input is read: QUIT, CLIENT KILL, a protocol error, or server shutdown. */
  private boolean closing;

  private boolean finishing;
  private boolean socketClosed;
  private String protocolError;
  private Future<Void> lastWrite = Future.succeededFuture();

  ClientConnection(
      NetSocket socket,
      Context context,
      StorageLink toStorage,
      ConnectionSettings settings,
      ServerMetrics metrics,
      PushRoute pushRoute,
      long clientId) {
    this.socket = socket;
    this.pushRoute = pushRoute;
    this.context = context;
    this.toStorage = toStorage;
    this.metrics = metrics;
    this.settings = settings;
    this.parser = new RequestParser(settings.parserLimits());
    this.session =
        new ClientSession(
            clientId,
            format(socket.remoteAddress()),
            format(socket.localAddress()),
            System.currentTimeMillis(),
            this);
    session.authenticated(!settings.passwordRequired());
    this.sharesStorageThread = toStorage.sharesThread();
  }

  /** Registers the session with storage and starts reading. */
  void start() {
    socket.handler(this::onData);
    socket.drainHandler(v -> updateFlow());
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> log.debug("Client id={} socket error: {}", session.id(), e));
    socket.shutdownHandler(v -> closeWhenAnswered());
    toStorage.send(new ClientConnected(session));
  }

  /** Completes once the socket has closed and storage was told. */
  Future<Void> closed() {
    return closed.future();
  }

  private void onData(Buffer data) {
    if (closing) {
      return;
    }
    unreportedInputBytes += data.length();
    List<byte[][]> commands = new ArrayList<>();
    try {
      // As of the last batch answered: an AUTH in flight has not lifted the limits yet.
      parser.unauthenticated(!session.authenticated());
      parser.feed(byteBuffer(data), commands::add);
    } catch (ProtocolException e) {
      // Redis logs this only at verbose level; an operator wondering why a client was dropped
      // should not have to raise the level to find out.
      log.info("Closing client id={} addr={}: {}", session.id(), session.address(), e.getMessage());
      protocolError = e.getMessage();
      closing = true;
    }
    if (!commands.isEmpty()) {
      batchesInFlight++;
      CommandBatch batch = new CommandBatch(session, commands, unreportedInputBytes, this);
      unreportedInputBytes = 0;
      metrics.batchSent();
      toStorage.send(batch);
    }
    if (closing) {
      finishWhenAnswered();
    }
    updateFlow();
  }

  /** Something storage produced for this connection: a chunk of replies, or a push. */
  private record Outgoing(Buffer reply, byte[] push, boolean endOfBatch) {}

  @Override
  public void replies(Buffer chunk, boolean endOfBatch) {
    // Storage on this loop answers during the read that sent the batch, or when an fsync lets
    // held replies out: written at once, without a trip through the loop's task queue.
    if (sharesStorageThread) {
      writePendingPushes();
      onReplies(chunk, endOfBatch);
    } else {
      send(new Outgoing(chunk, null, endOfBatch));
    }
  }

  /** From the storage thread: a push that no reply of this client is still held in front of. */
  @Override
  public void pushed(byte[] bytes) {
    if (sharesStorageThread) {
      gatherPush(bytes);
    } else {
      send(new Outgoing(null, bytes, false));
    }
  }

  /** Hands storage's output to this loop, scheduling one drain for any number of items. */
  private void send(Outgoing outgoing) {
    outbox.add(outgoing);
    if (outboxScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drainOutbox());
    }
  }

  private void drainOutbox() {
    // Cleared first: what storage adds from now on schedules a drain of its own.
    outboxScheduled.set(false);
    Outgoing next;
    while ((next = outbox.poll()) != null) {
      if (next.reply() != null) {
        writePendingPushes();
        onReplies(next.reply(), next.endOfBatch());
      } else {
        gatherPush(next.push());
      }
    }
    writePendingPushes();
  }

  /** Adds a push to those written together at the end of this turn of the loop. */
  private void gatherPush(byte[] bytes) {
    if (socketClosed || cutOff) {
      unsentBytes.addAndGet(-bytes.length);
      return;
    }
    if (pendingPushes.isEmpty() && sharesStorageThread) {
      // After the storage turn that published, which may push more to this client.
      context.runOnContext(writePushesTask);
    }
    pendingPushes.add(bytes);
    pendingPushBytes += bytes.length;
  }

  private void writePendingPushes() {
    if (pendingPushes.isEmpty()) {
      return;
    }
    int length = pendingPushBytes;
    pendingPushBytes = 0;
    if (socketClosed || cutOff) {
      pendingPushes.clear();
      unsentBytes.addAndGet(-length);
      return;
    }
    if (socket instanceof NetSocketInternal internal) {
      // Direct and pooled: the transport writes it without another copy and releases it after.
      ByteBuf out = internal.channelHandlerContext().alloc().directBuffer(length);
      for (byte[] push : pendingPushes) {
        out.writeBytes(push);
      }
      lastWrite = internal.writeMessage(out);
    } else {
      Buffer out = Buffer.buffer(length);
      for (byte[] push : pendingPushes) {
        out.appendBytes(push);
      }
      lastWrite = socket.write(out);
    }
    pendingPushes.clear();
    if (pendingPushes.size() > 1024) {
      pendingPushes.trimToSize();
    }
    lastWrite.onComplete(ar -> written(length));
    updateFlow();
  }

  @Override
  public void owe(int bytes) {
    long unsent = unsentBytes.addAndGet(bytes);
    // Redis's client type decides the class: pubsub while subscribed to anything.
    BufferLimits.Limit limit =
        session.subscribed() ? settings.pubsubOutputLimit() : settings.outputLimit();
    if (limit.hardBytes() > 0 || limit.softBytes() > 0) {
      checkOutputLimit(unsent, limit);
    }
  }

  /**
   * Redis's {@code checkClientOutputBufferLimits}, on the storage thread as output is added: a
   * client past the hard limit, or past the soft limit for longer than its seconds, is closed at
   * once and what it was owed is dropped. The high-water mark keeps a client that reads from ever
   * getting far past it; these limits are for clients that stop reading, in Redis's meaning.
   */
  private void checkOutputLimit(long unsent, BufferLimits.Limit limit) {
    boolean over = limit.hardBytes() > 0 && unsent >= limit.hardBytes();
    if (!over && limit.softBytes() > 0 && unsent >= limit.softBytes()) {
      long now = System.currentTimeMillis();
      if (softLimitSince == 0) {
        softLimitSince = now;
      }
      over = now - softLimitSince >= limit.softSeconds() * 1000;
    } else if (!over) {
      softLimitSince = 0;
    }
    if (over && !session.closing()) {
      log.warn(
          "Client id={} addr={} name={} omem={} scheduled to be closed ASAP for overcoming of"
              + " output buffer limits.",
          session.id(),
          session.address(),
          session.name(),
          unsent);
      cutOff = true;
      session.close();
      context.runOnContext(v -> closeNow());
    }
  }

  @Override
  public boolean outputFull() {
    return unsentBytes.get() > settings.outputHighWater();
  }

  @Override
  public void notifyWhenDrained() {
    // Always through the task queue: from inside storage's turn, telling storage at once would
    // run the rest of the batch in the middle of it.
    context.runOnContext(
        v -> {
          drainWanted = true;
          checkDrained();
        });
  }

  private void onReplies(Buffer replies, boolean endOfBatch) {
    if (endOfBatch) {
      batchesInFlight--;
    }
    int length = replies.length();
    if (socketClosed || cutOff) {
      unsentBytes.addAndGet(-length);
      return;
    }
    if (length > 0) {
      lastWrite = socket.write(replies);
      lastWrite.onComplete(ar -> written(length));
    }
    if (closing) {
      finishWhenAnswered();
    }
    updateFlow();
  }

  /** The kernel took a chunk (or the socket failed and never will): it is no longer owed. */
  private void written(int length) {
    unsentBytes.addAndGet(-length);
    if (drainWanted) {
      checkDrained();
    }
    if (paused && !closing) {
      updateFlow();
    }
  }

  private void checkDrained() {
    if (drainWanted && (socketClosed || unsentBytes.get() <= settings.outputHighWater() / 2)) {
      drainWanted = false;
      // Not from inside a write's completion, which may run within storage's turn.
      context.runOnContext(v -> toStorage.send(new OutputDrained(session)));
    }
  }

  /** From the storage thread: QUIT or CLIENT KILL asked to close after the replies so far. */
  @Override
  public void closeAfterReplies() {
    context.runOnContext(v -> closeWhenAnswered());
  }

  /**
   * Stops reading and closes once every batch already sent has been answered and written. Storage
   * answers a closing session's later batches without running them, so this does not wait long.
   */
  void closeWhenAnswered() {
    closing = true;
    finishWhenAnswered();
    updateFlow();
  }

  /** Closes now, dropping replies still owed: the drain at shutdown ran out of time. */
  void forceClose() {
    socket.close();
  }

  /** Closes the channel at once, without writing what is still queued for it. */
  private void closeNow() {
    if (!socketClosed) {
      SocketFds.closeNow(socket);
    }
  }

  /**
   * Pub/sub messages and MONITOR lines, from the storage thread: written after the replies already
   * produced for this connection, those still held for an fsync included.
   */
  @Override
  public void push(byte[] bytes) {
    if (!cutOff) {
      pushRoute.push(this, bytes);
    }
  }

  @Override
  public int fd() {
    return SocketFds.fd(socket);
  }

  @Override
  public long pendingOutputBytes() {
    return unsentBytes.get();
  }

  private void finishWhenAnswered() {
    if (batchesInFlight > 0 || finishing || socketClosed) {
      return;
    }
    finishing = true;
    if (protocolError != null) {
      // The message may quote the offending byte; one char per byte, as Redis writes it.
      byte[] reply = ("-ERR " + protocolError + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      lastWrite = socket.write(Buffer.buffer(reply));
    }
    // Writes complete in order: once the last is flushed, so is every reply before it.
    lastWrite.onComplete(ar -> socket.close());
  }

  /** Pauses or resumes reading to match the backpressure and closing state. */
  private void updateFlow() {
    if (socketClosed) {
      return;
    }
    boolean overloaded =
        batchesInFlight >= ConnectionSettings.MAX_BATCHES_IN_FLIGHT
            || socket.writeQueueFull()
            || outputFull();
    if (overloaded != backpressured) {
      backpressured = overloaded;
      if (overloaded) {
        metrics.connectionPaused();
      } else {
        metrics.connectionResumed();
      }
    }
    boolean shouldPause = closing || overloaded;
    if (shouldPause != paused) {
      paused = shouldPause;
      if (shouldPause) {
        socket.pause();
      } else {
        // Resuming may hand buffered input to onData at once, and so a new batch to storage;
        // from inside a storage callback that would run one batch in the middle of another.
        context.runOnContext(
            v -> {
              if (!paused && !socketClosed) {
                socket.resume();
              }
            });
      }
    }
  }

  private void onClosed() {
    socketClosed = true;
    if (backpressured) {
      backpressured = false;
      metrics.connectionResumed();
    }
    metrics.clientDisconnected();
    toStorage.send(new ClientDisconnected(session));
    closed.tryComplete();
  }

  private static ByteBuffer byteBuffer(Buffer data) {
    if (data instanceof BufferInternal internal) {
      // A view of Netty's read buffer: no copy. The parser copies out what it keeps.
      return internal.getByteBuf().nioBuffer();
    }
    return ByteBuffer.wrap(data.getBytes());
  }

  /** Redis's address format: {@code ip:port}, IPv6 in brackets. */
  private static String format(SocketAddress address) {
    if (address == null) {
      return "";
    }
    String host = address.hostAddress();
    String printable = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return printable + ":" + address.port();
  }
}
