package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;

/**
 * Lists as applications use them through Jedis: a job queue of producers pushing and consumers
 * blocked in BRPOP, and a reliable queue moving each job to a processing list with BLMOVE.
 */
class JedisListQueueTest {
  private static final int PRODUCERS = 8;
  private static final int CONSUMERS = 8;
  private static final int JOBS_EACH = 2_500;

  @ParameterizedTest(name = "io-threads {0}")
  @ValueSource(ints = {1, 3})
  void producersAndBlockedConsumersLoseAndDuplicateNothing(int ioThreads) throws Exception {
    try (TestServer server = TestServer.start("--io-threads", String.valueOf(ioThreads))) {
      ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + CONSUMERS);
      Set<String> received = ConcurrentHashMap.newKeySet();
      AtomicInteger duplicates = new AtomicInteger();
      int total = PRODUCERS * JOBS_EACH;
      AtomicInteger left = new AtomicInteger(total);
      List<Future<?>> work = new ArrayList<>();
      for (int c = 0; c < CONSUMERS; c++) {
        work.add(
            pool.submit(
                () -> {
                  try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 10_000)) {
                    while (left.get() > 0) {
                      List<String> popped = jedis.brpop(1, "jobs");
                      if (popped != null) {
                        if (!received.add(popped.get(1))) {
                          duplicates.incrementAndGet();
                        }
                        left.decrementAndGet();
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
                    for (int j = 0; j < JOBS_EACH; j++) {
                      jedis.lpush("jobs", producer + ":" + j);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(duplicates).hasValue(0);
      assertThat(received).hasSize(total);
      try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
        assertThat(jedis.exists("jobs")).isFalse();
        assertThat(jedis.info("clients")).contains("blocked_clients:0");
      }
    }
  }

  @Test
  void aReliableQueueMovesEachJobToProcessingAndAcknowledgesIt() {
    try (TestServer server = TestServer.start();
        Jedis worker = new Jedis("127.0.0.1", server.port());
        Jedis producer = new Jedis("127.0.0.1", server.port())) {
      producer.rpush("queue", "job-1", "job-2");
      String job = worker.blmove("queue", "processing", ListDirection.LEFT, ListDirection.RIGHT, 1);
      assertThat(job).isEqualTo("job-1");
      assertThat(worker.lrange("processing", 0, -1)).containsExactly("job-1");
      assertThat(worker.lrem("processing", 1, job)).isEqualTo(1);
      assertThat(worker.lpos("queue", "job-2")).isZero();
      assertThat(worker.lmpop(ListDirection.LEFT, 5, "queue").getValue()).containsExactly("job-2");
      assertThat(
              worker.blmove("queue", "processing", ListDirection.LEFT, ListDirection.RIGHT, 0.05))
          .isNull();
    }
  }
}
