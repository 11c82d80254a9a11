package io.redstone.server.persistence;

import io.redstone.config.ConfigRegistry;
import io.redstone.persistence.aof.AofDirectory;
import io.redstone.persistence.aof.AofLayout;
import io.redstone.persistence.aof.AofLoadResult;
import io.redstone.persistence.aof.AofLoader;
import io.redstone.persistence.aof.LogChannel;
import io.redstone.persistence.snapshot.KeyCounts;
import io.redstone.persistence.snapshot.SnapshotEntryHandler;
import io.redstone.persistence.snapshot.SnapshotReader;
import io.redstone.persistence.snapshot.ValueType;
import io.redstone.protocol.RespWriter;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import io.redstone.storage.types.EncodingLimits;
import io.vertx.core.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up of persistence: loads the data (the append-only log, or else the snapshot) into the
 * engine before any client connects, opens the log's directory when {@code appendonly yes}, and
 * then builds the {@link PersistenceService} on the storage context.
 */
public final class PersistenceSetup {
  private static final Logger log = LoggerFactory.getLogger(PersistenceSetup.class);

  private final Engine engine;
  private AofFiles files;
  private final PersistenceService.FsyncPolicy policy;
  private final Runnable fatal;
  private final String version;
  private final long loadedKeys;
  private final long loadedExpired;
  private final boolean rewriteAtStart;
  private final AofLayout layout;
  private final LogChannel.Opener opener;

  /** Told of each fsync, once {@link #observeFiles} was called. */
  private LongConsumer fsyncNanos;

  /** The log's files as metrics see them, whether opened at start or at run time. */
  private final AtomicReference<ObservedAofFiles> observed = new AtomicReference<>();

  private PersistenceSetup(
      Engine engine,
      AofFiles files,
      PersistenceService.FsyncPolicy policy,
      String version,
      Runnable fatal,
      long loadedKeys,
      long loadedExpired,
      boolean rewriteAtStart,
      AofLayout layout,
      LogChannel.Opener opener) {
    this.engine = engine;
    this.layout = layout;
    this.opener = opener;
    this.files = files;
    this.policy = policy;
    this.version = version;
    this.fatal = fatal;
    this.loadedKeys = loadedKeys;
    this.loadedExpired = loadedExpired;
    this.rewriteAtStart = rewriteAtStart;
  }

  /**
   * Loads what the configured files hold, before any client connects: the append-only log when it
   * is on and has a manifest, else the snapshot ({@code dir/dbfilename}) if there is one. Throws,
   * naming the file and byte offset, when a file is damaged before its tail.
   */
  public static PersistenceSetup load(
      ConfigRegistry config, Engine engine, String version, Runnable fatal) {
    return load(config, engine, version, fatal, LogChannel.Opener.FILES);
  }

  /**
   * As {@link #load(ConfigRegistry, Engine, String, Runnable)}, on files opened by {@code opener}.
   */
  static PersistenceSetup load(
      ConfigRegistry config,
      Engine engine,
      String version,
      Runnable fatal,
      LogChannel.Opener opener) {
    boolean aof = config.getBoolean("appendonly");
    Path dir = Path.of(config.get("dir"));
    AofLayout layout =
        new AofLayout(dir, config.get("appenddirname"), config.get("appendfilename"));
    PersistenceService.FsyncPolicy policy =
        PersistenceService.FsyncPolicy.valueOf(config.get("appendfsync").toUpperCase(Locale.ROOT));
    Replayer replayer = new Replayer(engine);
    try {
      AofLoader loader = new AofLoader(layout, config.getBoolean("aof-load-truncated"));
      boolean fromLog = aof && loader.manifestExists();
      boolean fromSnapshot = false;
      long lastIncrementEnd = -1;
      if (fromLog) {
        AofLoadResult result = loader.load(replayer, replayer::record);
        lastIncrementEnd = result.lastIncrementEnd();
        log.info(
            "Done loading AOF: {} keys loaded, {} expired keys skipped, {} records replayed, in {}"
                + " ms",
            engine.keyCount(),
            replayer.expired,
            result.commands(),
            result.elapsed().toMillis());
      } else {
        Path snapshot = dir.resolve(config.get("dbfilename"));
        if (Files.exists(snapshot)) {
          long started = System.nanoTime();
          SnapshotReader.read(snapshot, replayer);
          fromSnapshot = true;
          log.info(
              "DB loaded from disk: {} keys, {} expired keys skipped, {} seconds",
              engine.keyCount(),
              replayer.expired,
              String.format(Locale.ROOT, "%.3f", (System.nanoTime() - started) / 1e9));
        }
      }
      engine.stats().dirty = 0;
      AofFiles files = null;
      if (aof) {
        files = new AofDirectoryFiles(AofDirectory.open(layout, opener, lastIncrementEnd));
      }
      // Turning the log on over a snapshot: the log needs a base of that data at once.
      boolean rewriteAtStart = aof && !fromLog && fromSnapshot;
      return new PersistenceSetup(
          engine,
          files,
          policy,
          version,
          fatal,
          engine.keyCount(),
          replayer.expired,
          rewriteAtStart,
          layout,
          opener);
    } catch (IOException e) {
      throw new IllegalStateException("Can't load the data files: " + e.getMessage(), e);
    }
  }

  /**
   * Reports each fsync of the log's files, in nanoseconds, to {@code fsyncNanos} (on the log's
   * thread), and returns where to read the bytes written since the last fsync (0 while the log is
   * off). Covers files opened later, when CONFIG SET turns the log on. Call before {@link #create}.
   */
  public LongSupplier observeFiles(LongConsumer fsyncNanos) {
    this.fsyncNanos = fsyncNanos;
    if (files != null) {
      files = observed(files);
    }
    return () -> {
      ObservedAofFiles current = observed.get();
      return current == null ? 0 : current.unsyncedBytes();
    };
  }

  private AofFiles observed(AofFiles raw) {
    if (fsyncNanos == null) {
      return raw;
    }
    ObservedAofFiles wrapped = new ObservedAofFiles(raw, fsyncNanos);
    observed.set(wrapped);
    return wrapped;
  }

  /** Opens the log for a start from memory; on the log's thread, when CONFIG SET turns it on. */
  private AofFiles openFresh() throws IOException {
    return observed(new AofDirectoryFiles(AofDirectory.openFresh(layout, opener)));
  }

  /** Builds the storage thread's side of persistence. */
  public PersistenceService create(Context storageContext, LongConsumer durable) {
    PersistenceService service =
        new PersistenceService(
            engine, storageContext, policy, files, this::openFresh, version, durable, fatal);
    service.loaded(loadedKeys, loadedExpired);
    if (rewriteAtStart) {
      service.scheduleRewrite();
    }
    return service;
  }

  /** Puts base entries and replays logged effects into the engine, as Redis's fake client. */
  static final class Replayer implements SnapshotEntryHandler {
    private final Engine engine;
    private final ClientSession loader = ClientSession.detached(-1);
    private final RespWriter replies = new RespWriter(2, 256);
    private final ValueAssembler values;
    long expired;

    Replayer(Engine engine) {
      this.engine = engine;
      this.values =
          new ValueAssembler(
              EncodingLimits.of(engine.config()),
              this::restore,
              engine.scripting()::restoreLibrary);
    }

    /** The file says how many keys each database gets: size the tables once, before they come. */
    @Override
    public void info(long createdAtMillis, Map<String, String> aux) {
      KeyCounts.decode(aux).forEach(engine::reserve);
    }

    @Override
    public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAt) {
      values.entry(db, type, key, value, expireAt);
    }

    @Override
    public void firstPart(int db, ValueType type, byte[] key, byte[] part, long expireAt) {
      values.firstPart(db, type, key, part, expireAt);
    }

    @Override
    public void nextPart(byte[] part, boolean last) {
      values.nextPart(part, last);
    }

    /** A library loads as FUNCTION LOAD would; one that cannot stops the load, as in Redis. */
    @Override
    public void library(byte[] code) {
      values.library(code);
    }

    /** A key whose value is whole: put in place with its expiry, unless that has passed. */
    private void restore(int db, byte[] key, Object value, long expireAt) {
      if (!engine.restore(db, key, value, expireAt)) {
        expired++;
      }
    }

    void record(int db, byte[][] argv) {
      replies.reset();
      engine.replay(loader, db, argv, replies);
      if (replies.size() > 0 && replies.array()[0] == '-') {
        String error =
            new String(
                replies.array(), 1, replies.size() - 3, java.nio.charset.StandardCharsets.UTF_8);
        throw new IllegalStateException(
            "Bad record in the append only file: replaying "
                + new String(argv[0], java.nio.charset.StandardCharsets.UTF_8)
                + " failed with: "
                + error);
      }
    }
  }
}
