package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Streams as applications use them through Jedis: a consumer group of three consumers blocked in
 * XREADGROUP sharing a stream that producers append to, one of them dying with entries pending and
 * another recovering those with XAUTOCLAIM; and a reader blocked in XREAD on {@code $}.
 */
class JedisStreamTest {
  private static final int PRODUCERS = 4;
  private static final int EACH = 500;

  @Test
  void aGroupOfThreeSharesAStreamAndXautoclaimRecoversADeadConsumersEntries() throws Exception {
    try (TestServer server = TestServer.start();
        Jedis admin = new Jedis("127.0.0.1", server.port(), 10_000)) {
      admin.xgroupCreate("jobs", "workers", new StreamEntryID(), true);
      // The consumer that dies takes three entries and never acknowledges them.
      for (int i = 0; i < 3; i++) {
        admin.xadd("jobs", StreamEntryID.NEW_ENTRY, Map.of("job", "early" + i));
      }
      List<Map.Entry<String, List<StreamEntry>>> taken =
          admin.xreadGroup(
              "workers",
              "dead",
              XReadGroupParams.xReadGroupParams().count(3),
              Map.of("jobs", StreamEntryID.UNRECEIVED_ENTRY));
      assertThat(taken.get(0).getValue()).hasSize(3);

      int total = PRODUCERS * EACH;
      Set<String> done = ConcurrentHashMap.newKeySet();
      AtomicInteger duplicates = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(3 + PRODUCERS);
      List<Future<?>> work = new ArrayList<>();
      for (String name : List.of("w1", "w2", "w3")) {
        work.add(
            pool.submit(
                () -> {
                  try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 10_000)) {
                    while (done.size() < total) {
                      var read =
                          jedis.xreadGroup(
                              "workers",
                              name,
                              XReadGroupParams.xReadGroupParams().count(10).block(200),
                              Map.of("jobs", StreamEntryID.UNRECEIVED_ENTRY));
                      if (read == null) {
                        continue;
                      }
                      for (StreamEntry entry : read.get(0).getValue()) {
                        if (!done.add(entry.getFields().get("job"))) {
                          duplicates.incrementAndGet();
                        }
                        jedis.xack("jobs", "workers", entry.getID());
                      }
                    }
                  }
                  return null;
                }));
      }
      for (int p = 0; p < PRODUCERS; p++) {
        int producer = p;
        work.add(
            pool.submit(
                () -> {
                  try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 10_000)) {
                    for (int i = 0; i < EACH; i++) {
                      jedis.xadd(
                          "jobs", StreamEntryID.NEW_ENTRY, Map.of("job", producer + ":" + i));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(done).hasSize(total);
      assertThat(duplicates).hasValue(0);

      // The dead consumer's entries are still pending; a live one claims them.
      assertThat(admin.xpending("jobs", "workers").getTotal()).isEqualTo(3);
      Map.Entry<StreamEntryID, List<StreamEntry>> claimed =
          admin.xautoclaim(
              "jobs", "workers", "w1", 0, new StreamEntryID(), XAutoClaimParams.xAutoClaimParams());
      assertThat(claimed.getValue())
          .extracting(e -> e.getFields().get("job"))
          .containsExactly("early0", "early1", "early2");
      assertThat(claimed.getKey()).isEqualTo(new StreamEntryID());
      for (StreamEntry entry : claimed.getValue()) {
        admin.xack("jobs", "workers", entry.getID());
      }
      assertThat(admin.xpending("jobs", "workers").getTotal()).isZero();
      assertThat(admin.xlen("jobs")).isEqualTo(total + 3);
      assertThat(admin.xinfoGroups("jobs").get(0).getGroupInfo()).containsEntry("lag", 0L);
    }
  }

  @Test
  void aReaderBlockedOnDollarGetsOnlyWhatIsAddedAfter() throws Exception {
    try (TestServer server = TestServer.start();
        Jedis writer = new Jedis("127.0.0.1", server.port(), 10_000)) {
      writer.xadd("events", new StreamEntryID(1, 1), Map.of("old", "1"));
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<List<Map.Entry<String, List<StreamEntry>>>> read =
          pool.submit(
              () -> {
                try (Jedis reader = new Jedis("127.0.0.1", server.port(), 10_000)) {
                  return reader.xread(
                      XReadParams.xReadParams().block(5_000),
                      Map.of("events", StreamEntryID.LAST_ENTRY));
                }
              });
      Thread.sleep(200);
      writer.xadd("events", new StreamEntryID(2, 1), Map.of("new", "2"));
      List<Map.Entry<String, List<StreamEntry>>> got = read.get(10, TimeUnit.SECONDS);
      pool.shutdown();
      assertThat(got).hasSize(1);
      assertThat(got.get(0).getValue())
          .extracting(StreamEntry::getID)
          .containsExactly(new StreamEntryID(2, 1));
    }
  }
}
