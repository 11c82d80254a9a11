package io.redstone.server.persistence;

import io.redstone.persistence.snapshot.KeyCounts;
import io.redstone.persistence.snapshot.SnapshotFile;
import io.redstone.persistence.snapshot.SnapshotReader;
import io.redstone.storage.DeferredReply;
import io.redstone.storage.Engine;
import io.redstone.storage.MutationSink;
import io.redstone.storage.Persistence;
import io.redstone.storage.PersistenceStatus;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.types.EncodingLimits;
import io.vertx.core.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage thread's side of persistence: it numbers the engine's effects and hands them to the
 * {@link AofWriter}, drives the point-in-time walk of a rewrite or a snapshot in small steps
 * between batches, applies the {@code save} rules and automatic rewrites, keeps INFO persistence's
 * figures, and refuses writes after the disk failed. Every method runs on the storage context; the
 * writer's reports hop back onto it.
 */
public final class PersistenceService implements Persistence {
  private static final Logger log = LoggerFactory.getLogger(PersistenceService.class);

  /** Keys per chunk handed to the persistence thread. */
  private static final int CHUNK_ENTRIES = 2048;

  /**
   * Bytes per chunk: a chunk goes as soon as its keys and values reach this, so a few big values
   * count against {@link #MAX_CHUNKS_IN_FLIGHT} as much as many small ones.
   */
  private static final long CHUNK_BYTES = 4L << 20;

  /** Chunks a background walk may have in flight before it waits for the writer: bounds memory. */
  private static final int MAX_CHUNKS_IN_FLIGHT = 16;

  /** Hash buckets per walk step. */
  private static final int BUCKETS_PER_STEP = 64;

  /** The time one pass of the storage loop may spend walking. */
  private static final long WALK_BUDGET_NANOS = 1_000_000;

  public enum FsyncPolicy {
    ALWAYS,
    EVERYSEC,
    NO
  }

  private enum AofState {
    OFF,
    OPENING,
    ON,
    /** appendonly no, and a BGREWRITEAOF opening the files to write a base only, as Redis does. */
    BASE_ONLY_OPENING,
    /** That rewrite writing its base; the files close when it is done. */
    BASE_ONLY
  }

  /** What the point-in-time walk in progress feeds. */
  private enum Walk {
    NONE,
    REWRITE,
    SAVE
  }

  private final Engine engine;
  private final Context context;

  /** Whether effects go to the log; OPENING while the log thread opens it (CONFIG SET). */
  private AofState aofState;

  /** Opens the log's files for a start from memory, when it is turned on at run time. */
  private final AofWriter.LogOpener freshLog;

  /** The log was turned on at run time and no base is committed yet: a failed rewrite retries. */
  private boolean awaitingFirstBase;

  /** CONFIG SET appendonly yes during a base-only rewrite: the log goes on when it is done. */
  private boolean turnOnAfterBaseOnly;

  private final EffectStream effects;
  private final AofWriter writer;
  private final Runnable fatal;
  private final String version;

  /** Runs {@link #endOfPass} once the storage loop's current pass is over. */
  private final Executor endOfLoopPass;

  private final Runnable endOfPass = this::endOfPass;
  private boolean endOfPassScheduled;
  private volatile FsyncPolicy policy;

  private Walk walk = Walk.NONE;

  /**
   * The walk that ended and whose file the writer is still finishing (written, synced, renamed into
   * place): INFO still reports it in progress, as Redis does until its child has exited and the
   * parent has swapped the file in.
   */
  private Walk finishing = Walk.NONE;

  private long walkStartedMillis;
  private long dirtyAtWalkStart;

  /** Start time and dirty count of the walk whose file the writer is finishing. */
  private long finishingStartedMillis;

  private long finishingDirty;
  private List<AofWriter.SnapshotEntry> chunk = new ArrayList<>();
  private long chunkBytes;
  private int chunksInFlight;
  private final List<DeferredReply> saveWaiters = new ArrayList<>();

  /** CONFIG SET appendonly yes, waiting for the log's files to open. */
  private final List<Consumer<ConfigFailure>> logOnWaiters = new ArrayList<>();

  private boolean rewriteScheduled;
  private boolean saveScheduled;
  private String lastRewriteStatus = "ok";
  private long lastRewriteSeconds = -1;
  private long rewrites;
  private long consecutiveRewriteFailures;
  private String writeRefusal;
  private String lastWriteStatus = "ok";

  /** The log's size as its thread last reported it: read here, written there. */
  private volatile long currentSize;

  private long baseSize;
  private long sizeAtLastRewrite;

  private String lastSaveStatus = "ok";
  private long lastSaveSeconds = -1;
  private long lastSaveTimeMillis;
  private long lastSaveAttemptMillis;
  private long saves;
  private long loadedKeys;
  private long loadedExpired;

  /**
   * @param files the log's files, or null with {@code appendonly no} (snapshots only)
   * @param freshLog opens the log's files afresh when {@code CONFIG SET appendonly yes} turns it on
   * @param durable told, on the storage thread, when effects up to a sequence number are on disk as
   *     far as the policy promises
   * @param fatal run when the log cannot keep its promise (a failed fsync under always)
   */
  public PersistenceService(
      Engine engine,
      Context context,
      FsyncPolicy policy,
      AofFiles files,
      AofWriter.LogOpener freshLog,
      String version,
      LongConsumer durable,
      Runnable fatal) {
    this.engine = engine;
    this.context = context;
    this.policy = policy;
    this.aofState = files != null ? AofState.ON : AofState.OFF;
    this.freshLog = freshLog;
    this.fatal = fatal;
    this.version = version;
    this.writer = new AofWriter(files, policy == FsyncPolicy.ALWAYS, new WriterReports(durable));
    this.effects = new EffectStream(group -> writer.submit(new AofWriter.Append(group)));
    this.endOfLoopPass = EndOfLoopPass.of(context);
    if (aofState == AofState.ON) {
      currentSize = files.currentSize();
      baseSize = files.baseSize();
      sizeAtLastRewrite = currentSize;
      engine.mutationSink(effects);
    } else {
      engine.mutationSink(MutationSink.NONE);
    }
    lastSaveTimeMillis = System.currentTimeMillis();
    lastSaveAttemptMillis = lastSaveTimeMillis;
    engine.persistence(this);
    engine
        .config()
        .onChange(
            "appendfsync",
            value -> {
              this.policy = FsyncPolicy.valueOf(value.toUpperCase(java.util.Locale.ROOT));
              writer.syncEveryWrite(this.policy == FsyncPolicy.ALWAYS);
              if (this.policy == FsyncPolicy.ALWAYS && aofState == AofState.ON) {
                // Replies from now on wait for every effect so far, also those written unsynced.
                submitAfterEffects(new AofWriter.SyncNow());
              }
            });
    engine
        .config()
        .onChange(
            "appendonly",
            value -> {
              if (value.equals("yes")) {
                turnLogOn();
              } else {
                turnLogOff();
              }
            });
  }

  /**
   * CONFIG SET appendonly yes, as Redis's: the log starts from a rewrite of what is in memory. The
   * log thread opens the files first (file I/O stays off this thread); effects are logged from the
   * moment they are open, and the rewrite's base is the keyspace of that moment. Until the base is
   * committed the manifest on disk is left as it was, so a crash meanwhile never leaves a manifest
   * naming only the new increment.
   */
  private void turnLogOn() {
    if (aofState == AofState.BASE_ONLY_OPENING || aofState == AofState.BASE_ONLY) {
      // One rewrite at a time (Redis kills its child instead): the log goes on after this one.
      turnOnAfterBaseOnly = true;
      return;
    }
    if (aofState != AofState.OFF) {
      return;
    }
    aofState = AofState.OPENING;
    writer.submit(new AofWriter.OpenLog(freshLog));
  }

  /**
   * CONFIG SET appendonly yes answers once the files are open, or with Redis's error if they cannot
   * be, as Redis opens them before it replies.
   */
  @Override
  public boolean configApplyPending(Collection<String> settings) {
    return settings.contains("appendonly") && logOnPending();
  }

  private boolean logOnPending() {
    return aofState == AofState.OPENING || turnOnAfterBaseOnly;
  }

  @Override
  public void whenConfigApplied(Consumer<ConfigFailure> outcome) {
    if (logOnPending()) {
      logOnWaiters.add(outcome);
    } else {
      outcome.accept(null);
    }
  }

  /**
   * The log thread opened the files for {@link #turnLogOn} or a base-only rewrite, or failed to.
   */
  private void logOpened(IOException error, long size, long base) {
    if (aofState == AofState.BASE_ONLY_OPENING) {
      baseOnlyOpened(error, size, base);
      return;
    }
    List<Consumer<ConfigFailure>> waiters = List.copyOf(logOnWaiters);
    logOnWaiters.clear();
    try {
      applyLogOpened(error, size, base);
    } finally {
      ConfigFailure failure =
          error == null
              ? null
              : new ConfigFailure("appendonly", "Unable to turn on AOF. Check server logs.");
      waiters.forEach(waiter -> waiter.accept(failure));
    }
  }

  private void applyLogOpened(IOException error, long size, long base) {
    if (!engine.config().getBoolean("appendonly")) {
      // Turned off again while opening.
      aofState = AofState.OFF;
      if (error == null) {
        writer.submit(new AofWriter.CloseLog(false));
      }
      return;
    }
    if (error != null) {
      aofState = AofState.OFF;
      log.warn("Can't turn the AOF on: opening its files failed: {}", error.toString());
      try {
        // CONFIG GET tells the truth: the log is off.
        engine.config().set("appendonly", "no");
      } catch (io.redstone.config.ConfigException e) {
        throw new IllegalStateException("appendonly no was refused", e);
      }
      return;
    }
    aofState = AofState.ON;
    awaitingFirstBase = true;
    currentSize = size;
    baseSize = base;
    sizeAtLastRewrite = size;
    engine.mutationSink(effects);
    if (walk == Walk.NONE) {
      startRewrite();
    } else {
      // A snapshot's walk is running; the rewrite follows it (everySecond).
      rewriteScheduled = true;
    }
  }

  /**
   * CONFIG SET appendonly no: what was logged is fsynced and the files closed; a rewrite in
   * progress is abandoned. The files stay on disk, and writes are accepted even if the disk had
   * failed, as Redis refuses writes for the log's sake only while it is on.
   */
  private void turnLogOff() {
    if (turnOnAfterBaseOnly) {
      // Off again before the base-only rewrite was done: it was never on.
      turnOnAfterBaseOnly = false;
      List.copyOf(logOnWaiters).forEach(waiter -> waiter.accept(null));
      logOnWaiters.clear();
      return;
    }
    if (aofState == AofState.OPENING) {
      aofState = AofState.OFF;
      return;
    }
    if (aofState != AofState.ON) {
      return;
    }
    if (walk == Walk.REWRITE) {
      abandonWalk();
    }
    rewriteScheduled = false;
    awaitingFirstBase = false;
    submitAfterEffects(new AofWriter.CloseLog(false));
    engine.mutationSink(MutationSink.NONE);
    aofState = AofState.OFF;
    writeRefusal = null;
    lastWriteStatus = "ok";
    log.info("The append-only log is off: written and fsynced up to here, files closed");
  }

  /**
   * Called after each turn (a batch, an expiry cycle); returns the sequence number a reply produced
   * in it must wait for (0 when the policy lets replies leave at once). The turn's effects go to
   * the log with those of the other turns of this loop pass, once it is over: one wake-up of the
   * log thread, and under {@code always} one fsync, for every client served in it.
   */
  public long endOfTurn() {
    if (effects.hasPending() || walk != Walk.NONE) {
      scheduleEndOfPass();
    }
    return policy == FsyncPolicy.ALWAYS && aofState == AofState.ON ? effects.currentSeq() : 0;
  }

  private void scheduleEndOfPass() {
    if (!endOfPassScheduled) {
      endOfPassScheduled = true;
      endOfLoopPass.execute(endOfPass);
    }
  }

  /**
   * Once per pass of the storage loop, after all its turns: sends the pass's effects to the log,
   * and moves a walk in progress on by one time budget. Per pass, not per turn: a pass that served
   * fifty clients would otherwise walk fifty budgets before any of them got a reply.
   */
  private void endOfPass() {
    endOfPassScheduled = false;
    effects.flush();
    if (walk != Walk.NONE) {
      walkOn();
    }
  }

  /** Once a second: the everysec fsync, the save rules and the automatic rewrite. */
  public void everySecond() {
    if (aofState == AofState.ON && policy == FsyncPolicy.EVERYSEC) {
      submitAfterEffects(new AofWriter.SyncNow());
    }
    if (walk != Walk.NONE) {
      return;
    }
    if (rewriteScheduled) {
      if (aofState == AofState.OFF) {
        startBaseOnly();
      } else {
        startRewrite();
      }
    } else if (saveScheduled || saveRuleMatches()) {
      startBackgroundSave();
    } else {
      maybeAutoRewrite();
    }
  }

  /** Keeps a walk moving while no commands arrive. */
  public void tick() {
    if (walk != Walk.NONE) {
      scheduleEndOfPass();
    }
  }

  public void loaded(long keys, long expired) {
    this.loadedKeys = keys;
    this.loadedExpired = expired;
  }

  /** After loading a snapshot with the log on: the log has no base yet, so write one now. */
  public void scheduleRewrite() {
    rewriteScheduled = true;
  }

  /** Redis's {@code save <seconds> <changes>} rules; after a failed save, retried after 5 s. */
  private boolean saveRuleMatches() {
    String rules = engine.config().get("save").trim();
    if (rules.isEmpty()) {
      return false;
    }
    long now = System.currentTimeMillis();
    if (lastSaveStatus.equals("err") && now - lastSaveAttemptMillis < 5_000) {
      return false;
    }
    String[] parts = rules.split("\\s+");
    for (int i = 0; i + 1 < parts.length; i += 2) {
      long seconds = Long.parseLong(parts[i]);
      long changes = Long.parseLong(parts[i + 1]);
      if (engine.stats().dirty >= changes && now - lastSaveTimeMillis >= seconds * 1000) {
        log.info("{} changes in {} seconds. Saving...", changes, seconds);
        return true;
      }
    }
    return false;
  }

  private void maybeAutoRewrite() {
    long percentage = engine.config().getLong("auto-aof-rewrite-percentage");
    long minSize = engine.config().getLong("auto-aof-rewrite-min-size");
    if (aofState != AofState.ON || percentage <= 0 || currentSize < minSize) {
      return;
    }
    long base = Math.max(1, sizeAtLastRewrite);
    long growth = (currentSize - base) * 100 / base;
    if (growth >= percentage) {
      log.info("Starting automatic rewriting of AOF on {}% growth", growth);
      startRewrite();
    }
  }

  @Override
  public void save(DeferredReply reply) {
    // The reply is already deferred: a refusal must complete it, not throw.
    String refusal = saveRefusal();
    if (refusal != null) {
      reply.complete(sink -> sink.error(refusal));
      return;
    }
    saveWaiters.add(reply);
    saveNow();
  }

  private void saveNow() {
    startSave();
    // SAVE blocks as Redis's does: walk the whole keyspace now (references only, no copies);
    // the writer thread does the file I/O, and the reply waits for it.
    while (!engine.snapshotStep(Integer.MAX_VALUE)) {
      // the walk reports its own progress
    }
    if (!chunk.isEmpty()) {
      sendChunk();
    }
    finishWalk();
  }

  /**
   * DEBUG RELOAD, on this thread as Redis's blocks its own: the walk writes the snapshot directly,
   * then the file is read back whole and only then swapped in for the keyspace, so a bad file
   * leaves the data as it was. A debugging command: the one place file I/O runs here.
   */
  @Override
  public void reload() {
    String refusal = saveRefusal();
    if (refusal != null) {
      throw new CommandException(refusal);
    }
    Path target = snapshotFile();
    Path temp =
        target.resolveSibling(
            "temp-reload-" + ProcessHandle.current().pid() + "-" + target.getFileName());
    List<LoadedKey> loaded = new ArrayList<>();
    List<byte[]> libraries = new ArrayList<>();
    long started = System.currentTimeMillis();
    try {
      java.nio.file.Files.createDirectories(target.getParent());
      try (SnapshotFile file = SnapshotFile.create(target, temp, started, snapshotInfo())) {
        for (byte[] code : engine.scripting().libraryCodes()) {
          file.writer().library(code);
        }
        IOException[] failure = new IOException[1];
        engine.startSnapshot(
            (db, key, value, expireAt) -> {
              if (failure[0] == null) {
                try {
                  StoredTypes.write(file.writer(), db, key, value, expireAt);
                } catch (IOException e) {
                  failure[0] = e;
                }
              }
            });
        while (!engine.snapshotStep(Integer.MAX_VALUE)) {
          // one step walks everything
        }
        if (failure[0] != null) {
          throw failure[0];
        }
        file.commit();
      }
      SnapshotReader.read(
          target,
          new ValueAssembler(
              EncodingLimits.of(engine.config()),
              (db, key, value, expireAt) -> loaded.add(new LoadedKey(db, key, value, expireAt)),
              libraries::add));
    } catch (IOException e) {
      engine.abortSnapshot();
      throw new CommandException("ERR Error trying to save or load the DB: " + e.getMessage());
    }
    // The file holds the keys there are now, less any that expired meanwhile.
    long[] keysPerDb = engine.keysPerDatabase();
    engine.clearForReload();
    // As Redis's DEBUG RELOAD empties the data, functions included, and loads the file's back.
    engine.scripting().flushLibraries();
    for (byte[] code : libraries) {
      engine.scripting().restoreLibrary(code);
    }
    for (int db = 0; db < keysPerDb.length; db++) {
      engine.reserve(db, keysPerDb[db]);
    }
    for (LoadedKey key : loaded) {
      engine.restore(key.db(), key.key(), key.value(), key.expireAt());
    }
    engine.stats().dirty = 0;
    lastSaveTimeMillis = started;
    log.info("DB reloaded by DEBUG RELOAD");
  }

  /** A key DEBUG RELOAD read back, held until the keyspace is swapped. */
  private record LoadedKey(int db, byte[] key, Object value, long expireAt) {}

  /** Why a SAVE cannot start now, or null. */
  private String saveRefusal() {
    if (walk == Walk.SAVE) {
      return "ERR Background save already in progress";
    }
    if (walk == Walk.REWRITE) {
      // Redis's SAVE does not wait for a child either; here the walk is shared, so it must.
      return "ERR Background append only file rewriting in progress: can't SAVE right now";
    }
    return null;
  }

  @Override
  public String bgsave(boolean schedule) {
    if (walk == Walk.SAVE) {
      throw new CommandException("ERR Background save already in progress");
    }
    if (walk == Walk.REWRITE) {
      if (schedule) {
        saveScheduled = true;
        return "Background saving scheduled";
      }
      throw new CommandException(
          "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE"
              + " SCHEDULE in order to schedule a BGSAVE whenever possible.");
    }
    startBackgroundSave();
    return "Background saving started";
  }

  @Override
  public String bgrewriteaof() {
    if (walk == Walk.REWRITE
        || finishing == Walk.REWRITE
        || aofState == AofState.BASE_ONLY_OPENING
        || aofState == AofState.BASE_ONLY) {
      throw new CommandException("ERR Background append only file rewriting already in progress");
    }
    if (aofState == AofState.OPENING) {
      // The log starts with a rewrite as soon as its files are open.
      return "Background append only file rewriting scheduled";
    }
    if (walk == Walk.SAVE) {
      rewriteScheduled = true;
      return "Background append only file rewriting scheduled";
    }
    if (aofState == AofState.OFF) {
      startBaseOnly();
    } else {
      startRewrite();
    }
    return "Background append only file rewriting started";
  }

  /**
   * BGREWRITEAOF with appendonly no, as Redis's: the log's directory gets a base of what is in
   * memory and a manifest naming it, for a later start with appendonly yes; nothing is logged. The
   * log thread opens the files (a new increment, listed only once the base commits), the rewrite
   * writes the base, and the files close again.
   */
  private void startBaseOnly() {
    rewriteScheduled = false;
    aofState = AofState.BASE_ONLY_OPENING;
    writer.submit(new AofWriter.OpenLog(freshLog));
    log.info("Opening the AOF directory for a rewrite that writes a base only (appendonly no)");
  }

  private void baseOnlyOpened(IOException error, long size, long base) {
    if (error != null) {
      consecutiveRewriteFailures++;
      lastRewriteStatus = "err";
      log.warn(
          "Background AOF rewrite failed: opening the AOF directory failed: {}", error.toString());
      baseOnlyDone(false, false);
      return;
    }
    aofState = AofState.BASE_ONLY;
    currentSize = size;
    baseSize = base;
    if (walk == Walk.NONE) {
      startRewrite();
    } else {
      // A snapshot's walk is running; the rewrite follows it (everySecond).
      rewriteScheduled = true;
    }
  }

  /**
   * A base-only rewrite is over; its files are open unless opening them failed, and its base is the
   * log's when {@code baseCommitted}: the manifest is then left naming that base alone.
   */
  private void baseOnlyDone(boolean filesOpen, boolean baseCommitted) {
    aofState = AofState.OFF;
    if (!turnOnAfterBaseOnly) {
      if (filesOpen) {
        writer.submit(new AofWriter.CloseLog(baseCommitted));
      }
      return;
    }
    turnOnAfterBaseOnly = false;
    if (filesOpen) {
      // The open files serve the log from now on, which starts with a rewrite of its own.
      aofState = AofState.OPENING;
      logOpened(null, currentSize, baseSize);
    } else {
      turnLogOn();
    }
  }

  private void startRewrite() {
    rewriteScheduled = false;
    // Effects so far belong to the old increment; the walk's image is of this instant.
    submitAfterEffects(
        new AofWriter.StartRewrite(snapshotInfo(), engine.scripting().libraryCodes()));
    beginWalk(Walk.REWRITE);
    log.info("Background append only file rewriting started");
    scheduleEndOfPass();
  }

  private void startBackgroundSave() {
    saveScheduled = false;
    startSave();
    log.info("Background saving started");
    scheduleEndOfPass();
  }

  private Path snapshotFile() {
    return Path.of(engine.config().get("dir")).resolve(engine.config().get("dbfilename"));
  }

  private void startSave() {
    Path target = snapshotFile();
    writer.submit(
        new AofWriter.StartSave(
            target, System.currentTimeMillis(), snapshotInfo(), engine.scripting().libraryCodes()));
    lastSaveAttemptMillis = System.currentTimeMillis();
    beginWalk(Walk.SAVE);
  }

  /**
   * The info fields of a snapshot or base whose walk starts now: the writer's version, and each
   * database's key count, which the walk's image holds (keys expired meanwhile aside).
   */
  private Map<String, String> snapshotInfo() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("redstone-ver", version);
    info.put(KeyCounts.AUX_NAME, KeyCounts.encode(engine.keysPerDatabase()));
    return info;
  }

  private void beginWalk(Walk purpose) {
    walk = purpose;
    walkStartedMillis = System.currentTimeMillis();
    dirtyAtWalkStart = engine.stats().dirty;
    chunk = new ArrayList<>();
    chunkBytes = 0;
    engine.startSnapshot(
        (db, key, value, expireAt) -> {
          chunk.add(new AofWriter.SnapshotEntry(db, key, value, expireAt));
          chunkBytes += key.length + value.size();
          if (chunk.size() >= CHUNK_ENTRIES || chunkBytes >= CHUNK_BYTES) {
            sendChunk();
          }
        });
  }

  private void walkOn() {
    long deadline = System.nanoTime() + WALK_BUDGET_NANOS;
    boolean done = false;
    while (chunksInFlight < MAX_CHUNKS_IN_FLIGHT && System.nanoTime() < deadline) {
      if (engine.snapshotStep(BUCKETS_PER_STEP)) {
        done = true;
        break;
      }
    }
    // Keys that writes saved ahead of the walk must reach the file too.
    if (!chunk.isEmpty()) {
      sendChunk();
    }
    if (done) {
      finishWalk();
    }
  }

  private void finishWalk() {
    finishingStartedMillis = walkStartedMillis;
    finishingDirty = dirtyAtWalkStart;
    Walk finished = walk;
    walk = Walk.NONE;
    finishing = finished;
    submitAfterEffects(
        finished == Walk.REWRITE ? new AofWriter.FinishRewrite() : new AofWriter.FinishSave());
  }

  /**
   * Sends the effects collected so far, then {@code task}: a control task must see the log exactly
   * as the keyspace was when it was asked for, not without the effects still waiting for the end of
   * the loop pass.
   */
  private void submitAfterEffects(AofWriter.Task task) {
    effects.flush();
    writer.submit(task);
  }

  private void sendChunk() {
    chunksInFlight++;
    writer.submit(
        walk == Walk.REWRITE ? new AofWriter.BaseChunk(chunk) : new AofWriter.SaveChunk(chunk));
    chunk = new ArrayList<>();
    chunkBytes = 0;
  }

  @Override
  public PersistenceStatus status() {
    long now = System.currentTimeMillis();
    return new PersistenceStatus(
        false,
        walk == Walk.SAVE || finishing == Walk.SAVE,
        lastSaveTimeMillis / 1000,
        lastSaveStatus,
        lastSaveSeconds,
        walk == Walk.SAVE ? (now - walkStartedMillis) / 1000 : -1,
        saves,
        loadedExpired,
        loadedKeys,
        aofState == AofState.ON || logOnPending(),
        walk == Walk.REWRITE
            || finishing == Walk.REWRITE
            || aofState == AofState.BASE_ONLY_OPENING
            || aofState == AofState.BASE_ONLY,
        rewriteScheduled,
        lastRewriteSeconds,
        walk == Walk.REWRITE ? (now - walkStartedMillis) / 1000 : -1,
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
    if (walk != Walk.NONE) {
      abandonWalk();
    }
    writer.close();
  }

  /**
   * Stops the walk in progress; a rewrite's temporary base is deleted, the log goes on as it was.
   */
  private void abandonWalk() {
    engine.abortSnapshot();
    if (walk == Walk.REWRITE) {
      submitAfterEffects(new AofWriter.AbortRewrite());
    }
    walk = Walk.NONE;
    chunk = new ArrayList<>();
    chunkBytes = 0;
  }

  private void diskFailed(String what, IOException error) {
    lastWriteStatus = "err";
    String reason = error.getMessage() == null ? error.toString() : error.getMessage();
    writeRefusal = "MISCONF Errors writing to the AOF file: " + reason;
    log.warn(
        "{} to the AOF failed: {}. Writes are refused until a rewrite succeeds.", what, reason);
    // What the log lost cannot be trusted back from the kernel; memory still has it all, so a
    // rewrite writes it again from scratch. It is retried once a second until the disk recovers.
    rewriteScheduled = true;
  }

  /** The writer's reports, moved onto the storage thread. */
  private final class WriterReports implements AofWriter.Listener {
    private final LongConsumer durable;

    WriterReports(LongConsumer durable) {
      this.durable = durable;
    }

    @Override
    public void written(long seq, boolean synced, long size) {
      currentSize = size;
      // Only an fsync lets replies out, and only under always do replies wait for one: a write
      // under everysec or no is not worth waking the storage thread for.
      if (synced) {
        context.runOnContext(v -> durable.accept(seq));
      }
    }

    @Override
    public void writeFailed(long seq, IOException error) {
      context.runOnContext(
          v -> {
            if (policy == FsyncPolicy.ALWAYS) {
              log.error(
                  "Can't persist AOF under appendfsync always: {}. Exiting.", error.toString());
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
            if (walk != Walk.NONE) {
              scheduleEndOfPass();
            }
          });
    }

    @Override
    public void saveFinished(IOException error) {
      context.runOnContext(
          v -> {
            if (finishing == Walk.SAVE) {
              finishing = Walk.NONE;
            }
            long now = System.currentTimeMillis();
            lastSaveSeconds = (now - finishingStartedMillis) / 1000;
            if (error == null) {
              saves++;
              lastSaveStatus = "ok";
              lastSaveTimeMillis = finishingStartedMillis;
              engine.stats().dirty -= finishingDirty;
              log.info("DB saved on disk");
            } else {
              lastSaveStatus = "err";
              log.warn("Saving the snapshot failed: {}", error.toString());
            }
            for (DeferredReply reply : saveWaiters) {
              if (error == null) {
                reply.complete(sink -> sink.ok());
              } else {
                reply.complete(sink -> sink.error("ERR " + error.getMessage()));
              }
            }
            saveWaiters.clear();
          });
    }

    @Override
    public void logOpened(IOException error, long size, long base) {
      context.runOnContext(v -> PersistenceService.this.logOpened(error, size, base));
    }

    @Override
    public void rewriteFinished(IOException error, long newCurrentSize, long newBaseSize) {
      // Set here, in order with the sizes written() reports, not later on the storage thread.
      currentSize = newCurrentSize;
      context.runOnContext(
          v -> {
            if (finishing == Walk.REWRITE) {
              finishing = Walk.NONE;
            }
            lastRewriteSeconds = (System.currentTimeMillis() - finishingStartedMillis) / 1000;
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
              awaitingFirstBase = false;
              log.info("Background AOF rewrite finished successfully");
            } else {
              consecutiveRewriteFailures++;
              lastRewriteStatus = "err";
              // Retried once a second while the log cannot be trusted without a new base.
              if (aofState == AofState.ON && (writeRefusal != null || awaitingFirstBase)) {
                rewriteScheduled = true;
              }
            }
            if (aofState == AofState.BASE_ONLY) {
              baseOnlyDone(true, error == null);
            }
          });
    }
  }
}
