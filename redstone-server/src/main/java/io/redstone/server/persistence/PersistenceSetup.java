package io.redstone.server.persistence;

import io.redstone.persistence.aof.AofDirectory;
import io.redstone.persistence.aof.AofLayout;
import io.redstone.persistence.aof.AofLoadResult;
import io.redstone.persistence.aof.AofLoader;
import io.redstone.persistence.aof.LogChannel;
import io.redstone.persistence.snapshot.ValueType;
import io.redstone.protocol.RespWriter;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import io.redstone.storage.config.ConfigRegistry;
import io.vertx.core.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up of persistence: with {@code appendonly yes}, opens the log's directory, loads the base
 * and replays the increments into the engine before any client connects, and then builds the
 * {@link PersistenceService} on the storage context.
 */
public final class PersistenceSetup {
  private static final Logger log = LoggerFactory.getLogger(PersistenceSetup.class);

  private final Engine engine;
  private final AofFiles files;
  private final PersistenceService.FsyncPolicy policy;
  private final Runnable fatal;
  private final long loadedKeys;

  private PersistenceSetup(
      Engine engine,
      AofFiles files,
      PersistenceService.FsyncPolicy policy,
      Runnable fatal,
      long loadedKeys) {
    this.engine = engine;
    this.files = files;
    this.policy = policy;
    this.fatal = fatal;
    this.loadedKeys = loadedKeys;
  }

  /**
   * Loads what the configured files hold, before any client connects; throws with the file and
   * byte offset when a file is damaged before its tail.
   */
  public static PersistenceSetup load(
      ConfigRegistry config, Engine engine, String version, Runnable fatal) {
    return load(config, engine, version, fatal, LogChannel.Opener.FILES);
  }

  /** As {@link #load(ConfigRegistry, Engine, String, Runnable)}, on files opened by {@code opener}. */
  static PersistenceSetup load(
      ConfigRegistry config,
      Engine engine,
      String version,
      Runnable fatal,
      LogChannel.Opener opener) {
    if (!config.getBoolean("appendonly")) {
      return new PersistenceSetup(engine, null, PersistenceService.FsyncPolicy.NO, fatal, 0);
    }
    AofLayout layout =
        new AofLayout(
            Path.of(config.get("dir")), config.get("appenddirname"), config.get("appendfilename"));
    PersistenceService.FsyncPolicy policy =
        PersistenceService.FsyncPolicy.valueOf(
            config.get("appendfsync").toUpperCase(Locale.ROOT));
    Replayer replayer = new Replayer(engine);
    try {
      AofLoader loader = new AofLoader(layout, config.getBoolean("aof-load-truncated"));
      if (loader.manifestExists()) {
        AofLoadResult result = loader.load(replayer::baseEntry, replayer::record);
        log.info(
            "Done loading AOF: {} keys loaded, {} expired keys skipped, {} records replayed, in {}"
                + " ms",
            engine.keyCount(),
            replayer.expired,
            result.commands(),
            result.elapsed().toMillis());
      }
      AofDirectory directory = AofDirectory.open(layout, opener);
      engine.stats().dirty = 0;
      AofFiles files = new AofDirectoryFiles(directory, version);
      return new PersistenceSetup(engine, files, policy, fatal, engine.keyCount());
    } catch (IOException e) {
      throw new IllegalStateException("Can't load the append only file: " + e.getMessage(), e);
    }
  }

  /** Builds the storage thread's side, or returns null when nothing is persisted. */
  public PersistenceService create(Context storageContext, LongConsumer durable) {
    if (files == null) {
      return null;
    }
    PersistenceService service =
        new PersistenceService(engine, storageContext, policy, files, durable, fatal);
    service.loaded(loadedKeys, 0);
    return service;
  }

  /** Puts base entries and replays logged effects into the engine, as Redis's fake client. */
  static final class Replayer {
    private final Engine engine;
    private final ClientSession loader = ClientSession.detached(-1);
    private final RespWriter replies = new RespWriter(2, 256);
    long expired;

    Replayer(Engine engine) {
      this.engine = engine;
    }

    void baseEntry(int db, ValueType type, byte[] key, byte[] value, long expireAt) {
      if (!engine.restore(db, key, value, expireAt)) {
        expired++;
      }
    }

    void record(int db, byte[][] argv) {
      replies.reset();
      engine.replay(loader, db, argv, replies);
      if (replies.size() > 0 && replies.array()[0] == '-') {
        String error = new String(replies.array(), 1, replies.size() - 3, java.nio.charset.StandardCharsets.UTF_8);
        throw new IllegalStateException(
            "Bad record in the append only file: replaying "
                + new String(argv[0], java.nio.charset.StandardCharsets.UTF_8)
                + " failed with: "
                + error);
      }
    }
  }
}
