package io.redstone.server.differential;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Three clients interleaving WATCH, MULTI, EXEC, DISCARD and UNWATCH with writes of every type
 * (fixed seed), against the target (Redstone unless {@code -Dredstone.diff.target=redis}) and a
 * real redis-server, every reply compared byte for byte. Whether an EXEC runs or answers a null
 * array shows whether each write, no-op write and refused write changed a watched key exactly as in
 * Redis.
 */
class TransactionModelTest extends ModelComparison {
  private static final long SEED = 0x7a_c710L;
  private static final int STEPS = 8000;
  private static final int CLIENTS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final List<String> KEYS = List.of("str", "n", "l", "h", "s", "z", "x");
  private static final List<String> VALUES = List.of("a", "b", "1", "2", "");

  private final Random random = new Random(SEED);

  TransactionModelTest() {
    super(SEED);
  }

  @Test
  void interleavedTransactionsOfThreeClientsMatchRedis() throws IOException {
    Optional<Path> binary = LocalEnvironment.onPath("redis-server");
    assumeTrue(binary.isPresent(), RedisServerProcess.MISSING);
    try (TestServer reference = RedisServerProcess.start(binary.get(), "redis-server");
        TestServer subject = Target.selected().start(binary.get())) {
      List<RespClient> lefts = new ArrayList<>();
      List<RespClient> rights = new ArrayList<>();
      try {
        for (int c = 0; c < CLIENTS; c++) {
          lefts.add(RespClient.connect(reference.port(), TIMEOUT));
          rights.add(RespClient.connect(subject.port(), TIMEOUT));
        }
        redis = lefts.get(0);
        target = rights.get(0);
        same("FLUSHALL");
        for (step = 0; step < STEPS; step++) {
          int client = random.nextInt(CLIENTS);
          redis = lefts.get(client);
          target = rights.get(client);
          if (step == STEPS / 2 && client == 1) {
            both("HELLO", "3");
          }
          randomCommand();
        }
      } finally {
        for (int c = 0; c < lefts.size(); c++) {
          lefts.get(c).close();
        }
        for (int c = 0; c < rights.size(); c++) {
          rights.get(c).close();
        }
      }
    }
  }

  private String key() {
    return KEYS.get(random.nextInt(KEYS.size()));
  }

  private String value() {
    return VALUES.get(random.nextInt(VALUES.size()));
  }

  private String member() {
    return Integer.toString(random.nextInt(4));
  }

  private void randomCommand() throws IOException {
    int pick = random.nextInt(100);
    if (pick < 12) {
      List<String> argv = new ArrayList<>(List.of("WATCH"));
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        argv.add(key());
      }
      same(argv.toArray(String[]::new));
    } else if (pick < 15) {
      same("UNWATCH");
    } else if (pick < 24) {
      same("MULTI");
    } else if (pick < 34) {
      same("EXEC");
    } else if (pick < 36) {
      same("DISCARD");
    } else if (pick < 37) {
      same("NOSUCH", key());
    } else if (pick < 38) {
      same("SELECT", Integer.toString(random.nextInt(2)));
    } else {
      write();
    }
  }

  /** A write, often one that changes nothing or is refused, to a random key of any type. */
  private void write() throws IOException {
    String key = key();
    switch (random.nextInt(40)) {
      case 0 -> same("SET", key, value());
      case 1 -> same("SET", key, value(), "NX");
      case 2 -> same("SET", key, value(), "XX");
      case 3 -> same("APPEND", key, value());
      case 4 -> same("SETRANGE", key, "1", value());
      case 5 -> same("INCR", key);
      case 6 -> same("INCRBYFLOAT", key, "0.5");
      case 7 -> same("GETDEL", key);
      case 8 -> same("DEL", key, key());
      case 9 -> same("EXPIRE", key, "1000");
      case 10 -> same("EXPIRE", key, "1000", "NX");
      case 11 -> same("PERSIST", key);
      case 12 -> same("RENAME", key, key());
      case 13 -> same("RENAMENX", key, key());
      case 14 -> same("COPY", key, key());
      case 15 -> same("MOVE", key, "1");
      case 16 -> same("LPUSH", key, value());
      case 17 -> same("LPUSHX", key, value());
      case 18 -> same("LPOP", key);
      case 19 -> same("LREM", key, "0", value());
      case 20 -> same("LSET", key, "0", value());
      case 21 -> same("LTRIM", key, "0", "1");
      case 22 -> same("LINSERT", key, "BEFORE", value(), value());
      case 23 -> same("RPOPLPUSH", key, key());
      case 24 -> same("HSET", key, member(), value());
      case 25 -> same("HSETNX", key, member(), value());
      case 26 -> same("HDEL", key, member());
      case 27 -> same("HINCRBY", key, member(), "1");
      case 28 -> same("SADD", key, member());
      case 29 -> same("SREM", key, member());
      case 30 -> same("SMOVE", key, key(), member());
      case 31 -> same("SINTERSTORE", key, key(), key());
      case 32 -> same("ZADD", key, Integer.toString(random.nextInt(3)), member());
      case 33 -> same("ZADD", key, "XX", "1", member());
      case 34 -> same("ZINCRBY", key, Integer.toString(random.nextInt(2)), member());
      case 35 -> same("ZREM", key, member());
      case 36 -> same("ZPOPMIN", key);
      case 37 -> same("GET", key);
      case 38 -> {
        if (random.nextBoolean()) {
          same("FLUSHDB");
        } else {
          same("SWAPDB", "0", "1");
        }
      }
      default -> same("BLPOP", key, "0.01");
    }
  }
}
