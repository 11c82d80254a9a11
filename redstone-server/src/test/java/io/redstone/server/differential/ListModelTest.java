package io.redstone.server.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A long random sequence of list commands, with arguments chosen to hit the edges (negative and
 * out-of-range indexes, counts of zero, empty results, wrong types), run against a real
 * redis-server and against Redstone: every reply must be the same bytes, and every few steps the
 * whole of every list is compared. Skips, saying why, without redis-server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListModelTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int STEPS = 4000;
  private static final int KEYS = 6;

  private TestServer reference;
  private TestServer target;

  @BeforeAll
  void startServers() {
    Optional<Path> redisServer = LocalEnvironment.onPath("redis-server");
    if (redisServer.isPresent()) {
      reference = RedisServerProcess.start(redisServer.get(), "redis-server");
      target = Target.selected().start(redisServer.get());
    }
  }

  @AfterAll
  void stopServers() {
    if (target != null) {
      target.close();
    }
    if (reference != null) {
      reference.close();
    }
  }

  @Test
  void randomListCommandsAnswerAsRedisDoes() throws IOException {
    assumeTrue(reference != null, RedisServerProcess.MISSING);
    Random random = new Random(20261207);
    try (RespClient left = RespClient.connect(reference.port(), TIMEOUT);
        RespClient right = RespClient.connect(target.port(), TIMEOUT)) {
      left.call("FLUSHALL");
      right.call("FLUSHALL");
      for (int step = 0; step < STEPS; step++) {
        List<String> argv = randomCommand(random);
        compare(left, right, argv, step);
        if (step % 50 == 0) {
          for (int k = 0; k < KEYS; k++) {
            compare(left, right, List.of("LRANGE", "k" + k, "0", "-1"), step);
          }
        }
      }
    }
  }

  private static void compare(RespClient left, RespClient right, List<String> argv, int step)
      throws IOException {
    List<byte[]> raw = argv.stream().map(a -> a.getBytes(StandardCharsets.UTF_8)).toList();
    RespValue expected;
    RespValue actual;
    try {
      expected = left.call(raw);
      actual = right.call(raw);
    } catch (IOException e) {
      throw new AssertionError("step " + step + ": " + String.join(" ", argv) + ": " + e, e);
    }
    assertThat(RespValue.escaped(actual.raw(), 2000))
        .as("step %d: %s", step, String.join(" ", argv))
        .isEqualTo(RespValue.escaped(expected.raw(), 2000));
  }

  private static List<String> randomCommand(Random random) {
    String key = "k" + random.nextInt(KEYS);
    String other = "k" + random.nextInt(KEYS);
    String element = element(random);
    String end = random.nextBoolean() ? "LEFT" : "RIGHT";
    String end2 = random.nextBoolean() ? "LEFT" : "RIGHT";
    List<String> argv = new ArrayList<>();
    // The blocking commands mostly find data or time out at once; a real wait costs Redis up to
    // 100 ms (it checks timeouts at hz 10), so they come a quarter as often as the rest.
    int pick = random.nextInt(22);
    if (pick >= 17 && pick <= 19 && random.nextInt(4) != 0) {
      pick = 14;
    }
    switch (pick) {
      case 0, 1, 2 -> {
        argv.add(random.nextBoolean() ? "LPUSH" : "RPUSH");
        argv.add(key);
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
          argv.add(element(random));
        }
      }
      case 3 -> argv.addAll(List.of(random.nextBoolean() ? "LPUSHX" : "RPUSHX", key, element));
      case 4 -> argv.addAll(List.of(random.nextBoolean() ? "LPOP" : "RPOP", key));
      case 5 -> argv.addAll(
          List.of(random.nextBoolean() ? "LPOP" : "RPOP", key, String.valueOf(random.nextInt(5))));
      case 6 -> argv.addAll(List.of("LLEN", key));
      case 7 -> argv.addAll(List.of("LRANGE", key, index(random), index(random)));
      case 8 -> argv.addAll(List.of("LINDEX", key, index(random)));
      case 9 -> argv.addAll(List.of("LSET", key, index(random), element));
      case 10 -> argv.addAll(
          List.of(
              "LINSERT", key, random.nextBoolean() ? "BEFORE" : "AFTER", element(random), element));
      case 11 -> argv.addAll(List.of("LREM", key, String.valueOf(random.nextInt(7) - 3), element));
      case 12 -> argv.addAll(List.of("LTRIM", key, index(random), index(random)));
      case 13 -> {
        argv.addAll(List.of("LPOS", key, element));
        if (random.nextBoolean()) {
          int rank = random.nextInt(7) - 3;
          argv.addAll(List.of("RANK", String.valueOf(rank == 0 ? 1 : rank)));
        }
        if (random.nextBoolean()) {
          argv.addAll(List.of("COUNT", String.valueOf(random.nextInt(4))));
        }
        if (random.nextBoolean()) {
          argv.addAll(List.of("MAXLEN", String.valueOf(random.nextInt(6))));
        }
      }
      case 14 -> argv.addAll(List.of("LMOVE", key, other, end, end2));
      case 15 -> argv.addAll(List.of("RPOPLPUSH", key, other));
      case 16 -> argv.addAll(
          List.of("LMPOP", "2", key, other, end, "COUNT", String.valueOf(1 + random.nextInt(3))));
      case 17 -> argv.addAll(
          List.of(random.nextBoolean() ? "BLPOP" : "BRPOP", key, other, "0.001"));
      case 18 -> argv.addAll(List.of("BLMOVE", key, other, end, end2, "0.001"));
      case 19 -> argv.addAll(List.of("BLMPOP", "0.001", "1", key, end));
      case 20 -> argv.addAll(List.of("DEL", key));
      default -> argv.addAll(List.of("SET", key, "string"));
    }
    return argv;
  }

  private static String element(Random random) {
    return random.nextInt(10) == 0 ? "" : String.valueOf((char) ('a' + random.nextInt(5)));
  }

  private static String index(Random random) {
    return String.valueOf(random.nextInt(15) - 7);
  }
}
