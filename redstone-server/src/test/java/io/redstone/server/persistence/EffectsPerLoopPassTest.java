package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.config.ConfigRegistry;
import io.redstone.protocol.RespWriter;
import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.OnContext;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import io.redstone.storage.ServerIdentity;
import io.redstone.storage.types.StoredValue;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The log is fed once per pass of the storage event loop, as Redis writes its log once per loop in
 * {@code beforeSleep}: every client served in one pass shares one write and, under {@code always},
 * one fsync.
 */
class EffectsPerLoopPassTest {
  /** Counts effects per write and fsyncs; nothing reaches a disk. */
  private static final class CountingFiles implements AofFiles {
    final List<Integer> effectsPerWrite = new CopyOnWriteArrayList<>();
    final AtomicInteger syncs = new AtomicInteger();
    final AtomicInteger baseEntries = new AtomicInteger();
    final AtomicInteger rewritesFinished = new AtomicInteger();
    private int buffered;

    @Override
    public void append(int db, byte[][] argv) {
      buffered++;
    }

    @Override
    public void appendAtomic(List<Effect.Write> writes) {
      buffered += writes.size();
    }

    @Override
    public void write() {
      effectsPerWrite.add(buffered);
      buffered = 0;
    }

    @Override
    public void sync() {
      syncs.incrementAndGet();
    }

    @Override
    public void startRewrite(java.util.Map<String, String> aux, List<byte[]> libraries) {}

    @Override
    public void baseEntry(int db, byte[] key, StoredValue value, long expireAt) {
      baseEntries.incrementAndGet();
    }

    @Override
    public void finishRewrite() {
      rewritesFinished.incrementAndGet();
    }

    @Override
    public void abortRewrite() {}

    @Override
    public long currentSize() {
      return 0;
    }

    @Override
    public long baseSize() {
      return 0;
    }

    @Override
    public void closeKeepingBaseOnly() {}

    @Override
    public void close() {}
  }

  private final Vertx vertx = Vertx.vertx();
  private final Context storage = vertx.getOrCreateContext();
  private final CountingFiles files = new CountingFiles();
  private final AtomicLong durableSeq = new AtomicLong();
  private Engine engine;
  private ClientSession client;
  private PersistenceService service;

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      onStorage(
          () -> {
            service.close();
            return null;
          });
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private void open(PersistenceService.FsyncPolicy policy) throws Exception {
    ConfigRegistry config = ConfigRegistry.standard();
    config.set("appendfsync", policy.name().toLowerCase(java.util.Locale.ROOT));
    engine = new Engine(config, ServerIdentity.embedded(0), System::currentTimeMillis);
    client = ClientSession.detached(1);
    service =
        onStorage(
            () ->
                new PersistenceService(
                    engine,
                    storage,
                    policy,
                    files,
                    () -> files,
                    "test",
                    durableSeq::set,
                    () -> {}));
    onStorage(
        () -> {
          engine.clientConnected(client);
          return null;
        });
  }

  /** Runs {@code work} as one task on the storage loop: everything in it is one loop pass. */
  private <T> T onStorage(Supplier<T> work) throws Exception {
    return OnContext.call(storage, work);
  }

  /** One turn, as the storage verticle runs a batch: the command, then the end of the turn. */
  private long turn(String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    engine.execute(client, argv, new RespWriter());
    return service.endOfTurn();
  }

  @Test
  void theTurnsOfOnePassShareOneWriteAndOneFsync() throws Exception {
    open(PersistenceService.FsyncPolicy.ALWAYS);
    List<Long> waitFor =
        onStorage(() -> List.of(turn("SET", "a", "1"), turn("GET", "a"), turn("SET", "b", "2")));
    // The read after a write in the same pass waits for that write's fsync, as in Redis.
    assertThat(waitFor).containsExactly(1L, 1L, 1L);
    Eventually.waitFor("the pass durable", Duration.ofSeconds(10), () -> durableSeq.get() == 1);
    assertThat(files.effectsPerWrite).containsExactly(2);
    assertThat(files.syncs.get()).isEqualTo(1);

    assertThat(onStorage(() -> turn("SET", "c", "3")))
        .as("the next pass, the next group")
        .isEqualTo(2);
    Eventually.waitFor(
        "the second pass durable", Duration.ofSeconds(10), () -> durableSeq.get() == 2);
    assertThat(files.effectsPerWrite).containsExactly(2, 1);
    assertThat(files.syncs.get()).isEqualTo(2);
  }

  @Test
  void everysecRepliesWaitForNothingAndOnlyTheFsyncReportsDurable() throws Exception {
    open(PersistenceService.FsyncPolicy.EVERYSEC);
    assertThat(onStorage(() -> turn("SET", "a", "1"))).isZero();
    Eventually.waitFor("written", Duration.ofSeconds(10), () -> files.effectsPerWrite.size() == 1);
    Thread.sleep(50);
    assertThat(durableSeq.get()).as("written is not durable").isZero();

    onStorage(
        () -> {
          service.everySecond();
          return null;
        });
    Eventually.waitFor("the fsync reported", Duration.ofSeconds(10), () -> durableSeq.get() == 1);
    assertThat(files.syncs.get()).isEqualTo(1);
  }

  @Test
  void switchingToAlwaysMakesWhatEverysecWroteDurable() throws Exception {
    open(PersistenceService.FsyncPolicy.EVERYSEC);
    onStorage(() -> turn("SET", "a", "1"));
    Eventually.waitFor("written", Duration.ofSeconds(10), () -> files.effectsPerWrite.size() == 1);
    // A reply produced from now on waits for seq 1: without an fsync for it, it would wait forever.
    assertThat(onStorage(() -> turn("CONFIG", "SET", "appendfsync", "always"))).isEqualTo(1);
    Eventually.waitFor("a durable", Duration.ofSeconds(10), () -> durableSeq.get() == 1);
    assertThat(files.syncs.get()).isEqualTo(1);
  }

  @Test
  void aRewriteWalksAtTheEndOfAPassNotInEachOfItsTurns() throws Exception {
    open(PersistenceService.FsyncPolicy.EVERYSEC);
    int keys = 20_000;
    onStorage(
        () -> {
          for (int i = 0; i < keys; i++) {
            turn("SET", "k" + i, "v");
          }
          return null;
        });
    onStorage(
        () -> {
          turn("BGREWRITEAOF");
          for (int i = 0; i < 50; i++) {
            turn("SET", "new" + i, "v");
          }
          // Fifty turns walked nothing: had any, the writer would have had keys of the base by now.
          sleep(100);
          assertThat(files.baseEntries.get()).isZero();
          return null;
        });
    Eventually.waitFor(
        "the rewrite", Duration.ofSeconds(30), () -> files.rewritesFinished.get() == 1);
    assertThat(files.baseEntries.get()).as("the base holds the keys of the start").isEqualTo(keys);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void theEndOfAPassComesAfterEveryTaskQueuedDuringIt() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    storage.runOnContext(
        v -> {
          EndOfLoopPass.of(storage)
              .execute(
                  () -> {
                    order.add("end of pass");
                    done.complete(null);
                  });
          storage.runOnContext(later -> order.add("queued later in the pass"));
        });
    done.get(10, TimeUnit.SECONDS);
    assertThat(order).containsExactly("queued later in the pass", "end of pass");
  }
}
