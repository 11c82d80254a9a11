package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.Eventually;
import io.redstone.storage.types.StoredValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AofWriterTest {
  /** Files in memory: records what reached "disk" and how often it was synced. */
  private static final class MemoryFiles implements AofFiles {
    final List<String> buffered = new ArrayList<>();
    final List<String> written = new CopyOnWriteArrayList<>();
    final AtomicInteger syncs = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    volatile CountDownLatch syncGate = new CountDownLatch(0);
    volatile boolean failSync;

    @Override
    public void append(int db, byte[][] argv) {
      buffered.add(db + ":" + new String(argv[1], StandardCharsets.UTF_8));
    }

    @Override
    public void appendAtomic(List<Effect.Write> writes) {
      StringBuilder record = new StringBuilder("group");
      for (Effect.Write write : writes) {
        record
            .append(' ')
            .append(write.db())
            .append(':')
            .append(new String(write.argv()[1], StandardCharsets.UTF_8));
      }
      buffered.add(record.toString());
    }

    @Override
    public void write() {
      writes.incrementAndGet();
      written.addAll(buffered);
      buffered.clear();
    }

    @Override
    public void sync() throws IOException {
      try {
        syncGate.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      if (failSync) {
        throw new IOException("Input/output error");
      }
      syncs.incrementAndGet();
    }

    @Override
    public void startRewrite(java.util.Map<String, String> aux, List<byte[]> libraries) {}

    @Override
    public void baseEntry(int db, byte[] key, StoredValue value, long expireAt) {}

    @Override
    public void finishRewrite() {}

    @Override
    public void abortRewrite() {}

    @Override
    public long currentSize() {
      return written.size();
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

  private static final class Reports implements AofWriter.Listener {
    /** The last group reported written, synced or not. */
    final AtomicLong durableSeq = new AtomicLong();

    /** The last group reported fsynced. */
    final AtomicLong syncedSeq = new AtomicLong();

    final AtomicInteger syncFailures = new AtomicInteger();

    @Override
    public void written(long seq, boolean synced, long currentSize) {
      durableSeq.set(seq);
      if (synced) {
        syncedSeq.set(seq);
      }
    }

    @Override
    public void writeFailed(long seq, IOException error) {}

    @Override
    public void syncFailed(IOException error) {
      syncFailures.incrementAndGet();
    }

    @Override
    public void rewriteFinished(IOException errorOrNull, long currentSize, long baseSize) {}

    @Override
    public void logOpened(IOException errorOrNull, long currentSize, long baseSize) {}

    @Override
    public void chunkDone() {}

    @Override
    public void saveFinished(IOException errorOrNull) {}
  }

  private static EffectStream.Group group(long seq, String key) {
    byte[][] argv = {"SET".getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8)};
    return new EffectStream.Group(seq, List.of(new Effect.Write(0, argv)));
  }

  @Test
  void groupsQueuedDuringAnFsyncShareTheNextOne() {
    MemoryFiles files = new MemoryFiles();
    Reports reports = new Reports();
    AofWriter writer = new AofWriter(files, true, reports);
    files.syncGate = new CountDownLatch(1);
    writer.submit(new AofWriter.Append(group(1, "a")));
    Eventually.waitFor("the first write", Duration.ofSeconds(10), () -> files.writes.get() == 1);
    for (int seq = 2; seq <= 50; seq++) {
      writer.submit(new AofWriter.Append(group(seq, "k" + seq)));
    }
    assertThat(reports.durableSeq.get()).as("nothing durable before its fsync").isZero();
    files.syncGate.countDown();
    Eventually.waitFor("all durable", Duration.ofSeconds(10), () -> reports.durableSeq.get() == 50);
    assertThat(files.written).hasSize(50).startsWith("0:a", "0:k2");
    assertThat(files.syncs.get())
        .as("one fsync for the first, one for the 49 that waited")
        .isEqualTo(2);
    writer.close();
  }

  @Test
  void aFailedFsyncIsReportedAndNeverAcknowledged() {
    MemoryFiles files = new MemoryFiles();
    Reports reports = new Reports();
    AofWriter writer = new AofWriter(files, true, reports);
    files.failSync = true;
    writer.submit(new AofWriter.Append(group(1, "a")));
    Eventually.waitFor(
        "the failure", Duration.ofSeconds(10), () -> reports.syncFailures.get() == 1);
    assertThat(reports.durableSeq.get()).isZero();
    writer.close();
  }

  @Test
  void everysecWritesAtOnceAndSyncsOnlyWhenAsked() {
    MemoryFiles files = new MemoryFiles();
    Reports reports = new Reports();
    AofWriter writer = new AofWriter(files, false, reports);
    writer.submit(new AofWriter.Append(group(1, "a")));
    Eventually.waitFor("written", Duration.ofSeconds(10), () -> reports.durableSeq.get() == 1);
    assertThat(files.syncs.get()).isZero();
    writer.submit(new AofWriter.SyncNow());
    Eventually.waitFor("synced", Duration.ofSeconds(10), () -> files.syncs.get() == 1);
    assertThat(reports.syncedSeq.get()).as("the sync reports what it made durable").isEqualTo(1);
    writer.submit(new AofWriter.SyncNow());
    writer.close();
    // Nothing new was written: the second SyncNow found nothing to sync; close syncs once more.
    assertThat(files.syncs.get()).isEqualTo(2);
  }

  /** A gather step the test holds open, to see what arrives while the writer waits. */
  private static final class HeldGather implements Runnable {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void run() {
      calls.incrementAndGet();
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void everysecGathersWhatArrivesAfterAWriteIntoTheNextOne() throws Exception {
    MemoryFiles files = new MemoryFiles();
    Reports reports = new Reports();
    HeldGather gather = new HeldGather();
    AofWriter writer = new AofWriter(files, false, reports, gather);
    writer.submit(new AofWriter.Append(group(1, "a")));
    assertThat(gather.entered.await(10, TimeUnit.SECONDS)).as("gathering after a write").isTrue();
    for (int seq = 2; seq <= 20; seq++) {
      writer.submit(new AofWriter.Append(group(seq, "k" + seq)));
    }
    Thread.sleep(50);
    assertThat(files.writes.get()).as("no write while gathering").isEqualTo(1);
    gather.release.countDown();
    Eventually.waitFor("all written", Duration.ofSeconds(10), () -> reports.durableSeq.get() == 20);
    assertThat(files.writes.get()).as("what gathered went out in one write").isEqualTo(2);
    assertThat(files.written).hasSize(20).startsWith("0:a", "0:k2").endsWith("0:k20");
    assertThat(reports.syncedSeq.get()).isZero();
    writer.close();
  }

  @Test
  void alwaysNeverWaitsToGather() {
    MemoryFiles files = new MemoryFiles();
    Reports reports = new Reports();
    HeldGather gather = new HeldGather();
    AofWriter writer = new AofWriter(files, true, reports, gather);
    for (int seq = 1; seq <= 3; seq++) {
      writer.submit(new AofWriter.Append(group(seq, "k" + seq)));
      long expected = seq;
      Eventually.waitFor(
          "synced", Duration.ofSeconds(10), () -> reports.syncedSeq.get() == expected);
    }
    assertThat(gather.calls.get()).isZero();
    writer.close();
  }
}
