package io.redstone.server.persistence;

import io.redstone.storage.DeferredReply;
import io.redstone.storage.Engine;
import io.redstone.storage.Persistence;
import io.redstone.storage.PersistenceStatus;
import io.redstone.storage.command.CommandException;
import io.vertx.core.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage thread's side of persistence: it numbers the engine's effects and hands them to the
 * {@link AofWriter}, drives the point-in-time walk of a rewrite in small steps between batches,
 * keeps INFO persistence's figures, and refuses writes after the disk failed. Every method runs on
 * the storage context; the writer's reports hop back onto it.
 */
public final class PersistenceService implements Persistence {
  private static final Logger log = LoggerFactory.getLogger(PersistenceService.class);
  /** Keys per base chunk handed to the AOF thread. */
  private static final int CHUNK_ENTRIES = 2048;
  /** Chunks the walk may have in flight before it waits for the writer: bounds the memory used. */
  private static final int MAX_CHUNKS_IN_FLIGHT = 16;
  /** Hash buckets per walk step, and the time a turn of walking may take. */
  private static final int BUCKETS_PER_STEP = 64;

  private static final long WALK_BUDGET_NANOS = 1_000_000;

  public enum FsyncPolicy {
    ALWAYS,
    EVERYSEC,
    NO
  }

  private final Engine engine;
  private final Context context;
  private final FsyncPolicy policy;
  private final EffectStream effects;
  private final AofWriter writer;
  private final LongConsumer durable;
  private final Runnable fatal;

  private List<AofWriter.SnapshotEntry> chunk = new ArrayList<>();
  private int chunksInFlight;
  private boolean rewriting;
  private long rewriteStartedMillis;
  private boolean rewriteScheduled;
  private String lastRewriteStatus = "ok";
  private long lastRewriteSeconds = -1;
  private long rewrites;
  private long consecutiveRewriteFailures;
  private String writeRefusal;
  private String lastWriteStatus = "ok";
  private long currentSize;
  private long baseSize;
  private long sizeAtLastRewrite;
  private long loadedKeys;
  private long loadedExpired;

  /**
   * @param durable told, on the storage thread, when effects up to a sequence number are on disk
   *     as far as the policy promises
   * @param fatal run when the log cannot keep its promise (a failed fsync under always)
   */
  public PersistenceService(
      Engine engine,
      Context context,
      FsyncPolicy policy,
      AofFiles files,
      LongConsumer durable,
      Runnable fatal) {
    this.engine = engine;
    this.context = context;
    this.policy = policy;
    this.durable = durable;
    this.fatal = fatal;
    this.writer = new AofWriter(files, policy == FsyncPolicy.ALWAYS, new WriterReports());
    this.effects = new EffectStream(group -> writer.submit(new AofWriter.Append(group)));
    this.currentSize = files.currentSize();
    this.baseSize = files.baseSize();
    this.sizeAtLastRewrite = currentSize;
    engine.mutationSink(effects);
    engine.persistence(this);
  }

  /**
   * Sends the effects of the turn that just ran; returns the sequence number a reply produced in
   * it must wait for (0 when the policy lets replies leave at once).
   */
  public long endOfTurn() {
    long seq = effects.flush();
    if (rewriting) {
      walk();
    }
    return policy == FsyncPolicy.ALWAYS ? seq : 0;
  }

  /** Once a second: the everysec fsync, and the automatic rewrite check. */
  public void everySecond() {
    if (policy == FsyncPolicy.EVERYSEC) {
      writer.submit(new AofWriter.SyncNow());
    }
    maybeAutoRewrite();
    if (rewriteScheduled && !rewriting) {
      startRewrite();
    }
  }

  /** Keeps a rewrite moving while no commands arrive. */
  public boolean rewriting() {
    return rewriting;
  }

  public void tick() {
    if (rewriting) {
      walk();
    }
  }

  public void loaded(long keys, long expired) {
    this.loadedKeys = keys;
    this.loadedExpired = expired;
  }

  private void maybeAutoRewrite() {
    long percentage = engine.config().getLong("auto-aof-rewrite-percentage");
    long minSize = engine.config().getLong("auto-aof-rewrite-min-size");
    if (rewriting || percentage <= 0 || currentSize < minSize) {
      return;
    }
    long base = Math.max(1, sizeAtLastRewrite);
    if ((currentSize - base) * 100 / base >= percentage) {
      log.info(
          "Starting automatic rewriting of AOF on {}% growth", (currentSize - base) * 100 / base);
      startRewrite();
    }
  }

  @Override
  public void save(DeferredReply reply) {
    reply.complete(sink -> sink.error("ERR SAVE is not supported yet; use BGREWRITEAOF"));
  }

  @Override
  public String bgsave(boolean schedule) {
    throw new CommandException("ERR BGSAVE is not supported yet; use BGREWRITEAOF");
  }

  @Override
  public String bgrewriteaof() {
    if (rewriting) {
      throw new CommandException("ERR Background append only file rewriting already in progress");
    }
    startRewrite();
    return "Background append only file rewriting started";
  }

  private void startRewrite() {
    rewriteScheduled = false;
    // Effects so far belong to the old increment; the walk's image is of this instant.
    effects.flush();
    writer.submit(new AofWriter.StartRewrite());
    rewriting = true;
    rewriteStartedMillis = System.currentTimeMillis();
    chunk = new ArrayList<>();
    engine.startSnapshot(
        (db, key, value, expireAt) -> {
          chunk.add(new AofWriter.SnapshotEntry(db, key, value, expireAt));
          if (chunk.size() >= CHUNK_ENTRIES) {
            sendChunk();
          }
        });
    log.info("Background append only file rewriting started");
    walk();
  }

  private void walk() {
    long deadline = System.nanoTime() + WALK_BUDGET_NANOS;
    boolean done = false;
    while (chunksInFlight < MAX_CHUNKS_IN_FLIGHT && System.nanoTime() < deadline) {
      if (engine.snapshotStep(BUCKETS_PER_STEP)) {
        done = true;
        break;
      }
    }
    // Keys that writes saved ahead of the walk must reach the base too.
    if (!chunk.isEmpty()) {
      sendChunk();
    }
    if (done) {
      rewriting = false;
      writer.submit(new AofWriter.FinishRewrite());
    }
  }

  private void sendChunk() {
    chunksInFlight++;
    writer.submit(new AofWriter.BaseChunk(chunk));
    chunk = new ArrayList<>();
  }

  @Override
  public PersistenceStatus status() {
    long now = System.currentTimeMillis();
    return new PersistenceStatus(
        false,
        false,
        0,
        "ok",
        -1,
        -1,
        0,
        loadedExpired,
        loadedKeys,
        true,
        rewriting,
        rewriteScheduled,
        lastRewriteSeconds,
        rewriting ? (now - rewriteStartedMillis) / 1000 : -1,
        lastRewriteStatus,
        rewrites,
        consecutiveRewriteFailures,
        lastWriteStatus,
        currentSize,
        baseSize,
        0,
        0,
        0);
  }

  @Override
  public String writeRefusal() {
    return writeRefusal;
  }

  /** Flushes and syncs what is queued and closes the files (at shutdown). */
  public void close() {
    effects.flush();
    if (rewriting) {
      engine.abortSnapshot();
      writer.submit(new AofWriter.AbortRewrite());
    }
    writer.close();
  }

  private void diskFailed(String what, IOException error) {
    lastWriteStatus = "err";
    String reason = error.getMessage() == null ? error.toString() : error.getMessage();
    writeRefusal = "MISCONF Errors writing to the AOF file: " + reason;
    log.warn("{} to the AOF failed: {}. Writes are refused until a rewrite succeeds.", what, reason);
    // What the log lost cannot be trusted back from the kernel; memory still has it all, so a
    // rewrite writes it again from scratch. It is retried once a second until the disk recovers.
    rewriteScheduled = true;
  }

  /** The writer's reports, moved onto the storage thread. */
  private final class WriterReports implements AofWriter.Listener {
    @Override
    public void written(long seq, boolean synced, long size) {
      context.runOnContext(
          v -> {
            currentSize = size;
            durable.accept(seq);
          });
    }

    @Override
    public void writeFailed(long seq, IOException error) {
      context.runOnContext(
          v -> {
            if (policy == FsyncPolicy.ALWAYS) {
              log.error("Can't persist AOF under appendfsync always: {}. Exiting.", error.toString());
              fatal.run();
              return;
            }
            diskFailed("Writing", error);
          });
    }

    @Override
    public void syncFailed(IOException error) {
      context.runOnContext(
          v -> {
            if (policy == FsyncPolicy.ALWAYS) {
              log.error(
                  "Can't persist AOF for fsync error when the AOF fsync policy is 'always': {}."
                      + " Exiting...",
                  error.toString());
              fatal.run();
              return;
            }
            diskFailed("Fsync", error);
          });
    }

    @Override
    public void chunkDone() {
      context.runOnContext(
          v -> {
            chunksInFlight--;
            if (rewriting) {
              walk();
            }
          });
    }

    @Override
    public void rewriteFinished(IOException error, long newCurrentSize, long newBaseSize) {
      context.runOnContext(
          v -> {
            long seconds = (System.currentTimeMillis() - rewriteStartedMillis) / 1000;
            lastRewriteSeconds = seconds;
            currentSize = newCurrentSize;
            baseSize = newBaseSize;
            if (error == null) {
              rewrites++;
              consecutiveRewriteFailures = 0;
              lastRewriteStatus = "ok";
              sizeAtLastRewrite = newCurrentSize;
              if (writeRefusal != null) {
                log.info("The AOF was rewritten from memory; writes are accepted again");
              }
              writeRefusal = null;
              lastWriteStatus = "ok";
              log.info("Background AOF rewrite finished successfully");
            } else {
              consecutiveRewriteFailures++;
              lastRewriteStatus = "err";
              if (writeRefusal != null) {
                rewriteScheduled = true;
              }
            }
          });
    }
  }
}
