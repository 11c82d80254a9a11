package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Transaction;

/**
 * A real server process under {@code appendfsync always}, killed with SIGKILL during a stream of
 * MULTI/EXEC transactions, restarted on the same directory: every transaction whose EXEC was
 * answered is there, and no transaction is there in part. Each transaction changes four keys of
 * three types (and one in another database) together, so a partial one shows as keys that disagree.
 */
class TransactionCrashTest {
  private static final int WRITERS = 4;
  private static final int ROUNDS = 2;

  @TempDir Path dataDir;

  /** Per writer: how many of its transactions were answered. */
  private final Map<Integer, Long> acknowledged = new ConcurrentHashMap<>();

  private static Jedis client(int port) {
    return new Jedis("127.0.0.1", port, 15_000);
  }

  private String[] directives() {
    return new String[] {
      "--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir.toString()
    };
  }

  @Test
  void everyAnsweredTransactionIsWholeAfterAKillAndNoneIsPartial() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      try (ServerProcess server = ServerProcess.start(directives())) {
        verify(server);
        runThenKill(server, 600 + 400 * round);
      }
    }
    try (ServerProcess server = ServerProcess.start(directives())) {
      verify(server);
    }
    assertThat(acknowledged.values().stream().mapToLong(Long::longValue).sum())
        .as("transactions answered before the kills")
        .isGreaterThan(20);
  }

  private void runThenKill(ServerProcess server, long killAfterMillis) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      Thread thread = new Thread(() -> transact(server.port(), writer, stop), "tx-writer-" + w);
      thread.start();
      threads.add(thread);
    }
    Thread.sleep(killAfterMillis);
    server.kill();
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(30_000);
    }
  }

  /**
   * Transaction n of a writer sets its counter to n+1, appends n to its list, sets field n of its
   * hash and its counter in database 1. Only an answered EXEC counts as acknowledged.
   */
  private void transact(int port, int writer, AtomicBoolean stop) {
    try (Jedis jedis = client(port)) {
      String count = jedis.get(counter(writer));
      long n = count == null ? 0 : Long.parseLong(count);
      while (!stop.get()) {
        Transaction tx = jedis.multi();
        tx.incr(counter(writer));
        tx.rpush(list(writer), Long.toString(n));
        tx.hset(hash(writer), "f" + n, Long.toString(n));
        tx.sendCommand(Protocol.Command.SELECT, "1");
        tx.incr(counter(writer));
        tx.sendCommand(Protocol.Command.SELECT, "0");
        List<Object> replies = tx.exec();
        assertThat(replies).hasSize(6);
        assertThat(replies.get(0)).isEqualTo(n + 1);
        n++;
        acknowledged.put(writer, n);
      }
    } catch (RuntimeException connectionDied) {
      // expected: the server was killed; the EXEC in flight was not acknowledged
    }
  }

  private void verify(ServerProcess server) {
    try (Jedis jedis = client(server.port())) {
      for (int writer = 0; writer < WRITERS; writer++) {
        long acked = acknowledged.getOrDefault(writer, 0L);
        String value = jedis.get(counter(writer));
        long count = value == null ? 0 : Long.parseLong(value);
        // The EXEC in flight at the kill may or may not have reached the disk: whole, if it did.
        assertThat(count).as("writer %d", writer).isBetween(acked, acked + 1);
        assertThat(jedis.llen(list(writer))).as("writer %d list", writer).isEqualTo(count);
        assertThat(jedis.hlen(hash(writer))).as("writer %d hash", writer).isEqualTo(count);
        if (count > 0) {
          assertThat(jedis.lindex(list(writer), -1)).isEqualTo(Long.toString(count - 1));
          assertThat(jedis.hget(hash(writer), "f" + (count - 1)))
              .isEqualTo(Long.toString(count - 1));
        }
        jedis.select(1);
        String inDb1 = jedis.get(counter(writer));
        assertThat(inDb1 == null ? 0 : Long.parseLong(inDb1))
            .as("writer %d, database 1", writer)
            .isEqualTo(count);
        jedis.select(0);
        // The next round goes on from what is there.
        acknowledged.put(writer, count);
      }
    }
  }

  private static String counter(int writer) {
    return "tx-count-" + writer;
  }

  private static String list(int writer) {
    return "tx-list-" + writer;
  }

  private static String hash(int writer) {
    return "tx-hash-" + writer;
  }
}
