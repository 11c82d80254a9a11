package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Transactions as applications use them through Jedis: optimistic locking with a WATCH/MULTI/EXEC
 * retry loop from many threads, queued commands with runtime errors, and a discarded transaction.
 */
class JedisTransactionTest {
  private static final int THREADS = 50;

  /**
   * Increments in all. Every success costs about twenty attempts when fifty threads contend for one
   * key (each EXEC that commits fails the others' windows), so 100,000 takes minutes on a two-core
   * build machine; the default keeps the test near ten seconds, and {@code
   * -Dredstone.tx.increments=100000} runs the full count.
   */
  private static final int INCREMENTS = Integer.getInteger("redstone.tx.increments", 5_000);

  @Test
  void watchRetryLoopsFromFiftyThreadsLoseNoIncrement() throws Exception {
    try (TestServer server = TestServer.start()) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      AtomicLong retries = new AtomicLong();
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        work.add(
            pool.submit(
                () -> {
                  try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 10_000)) {
                    for (int done = 0; done < INCREMENTS / THREADS; ) {
                      jedis.watch("counter");
                      String current = jedis.get("counter");
                      long next = (current == null ? 0 : Long.parseLong(current)) + 1;
                      Transaction tx = jedis.multi();
                      tx.set("counter", Long.toString(next));
                      if (tx.exec() == null) {
                        retries.incrementAndGet();
                      } else {
                        done++;
                      }
                    }
                  }
                  return null;
                }));
      }
      pool.shutdown();
      // Generous for the full count; on failure the server's close ends the threads.
      assertThat(pool.awaitTermination(600, TimeUnit.SECONDS)).isTrue();
      for (Future<?> f : work) {
        f.get();
      }
      try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
        assertThat(jedis.get("counter")).isEqualTo(Integer.toString(INCREMENTS));
      }
      // Fifty threads contend for one key: without retries the test proved nothing.
      assertThat(retries.get()).isPositive();
    }
  }

  @Test
  void queuedRepliesAndErrorsComeBackInOrder() {
    try (TestServer server = TestServer.start();
        Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      jedis.set("s", "abc");
      Transaction tx = jedis.multi();
      Response<Long> failed = tx.incr("s");
      Response<String> set = tx.set("s", "5");
      Response<Long> incremented = tx.incr("s");
      List<Object> replies = tx.exec();
      assertThat(replies).hasSize(3);
      assertThat(replies.get(0)).isInstanceOf(JedisDataException.class);
      assertThat(set.get()).isEqualTo("OK");
      assertThat(incremented.get()).isEqualTo(6L);
      org.assertj.core.api.Assertions.assertThatThrownBy(failed::get)
          .hasMessageContaining("not an integer");
    }
  }

  @Test
  void aDiscardedTransactionChangesNothing() {
    try (TestServer server = TestServer.start();
        Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      Transaction tx = jedis.multi();
      tx.set("k", "v");
      assertThat(tx.discard()).isEqualTo("OK");
      assertThat(jedis.get("k")).isNull();
      assertThat(jedis.clientList()).contains(" multi=-1 ");
    }
  }
}
