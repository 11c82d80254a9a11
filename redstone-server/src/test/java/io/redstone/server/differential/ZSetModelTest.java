package io.redstone.server.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A long random run of sorted-set commands (fixed seed) against Redstone and a real redis-server
 * side by side, every reply compared byte for byte, and the whole state (every key's members and
 * scores, and its encoding) every {@value #CHECK_EVERY} steps. Replies are normalized only where
 * Redis leaves the order open: ZSCAN of a skip list (hash-table order) and ZRANDMEMBER (random;
 * only its shape is compared). Half of the commands go over a RESP3 connection.
 *
 * <p>Lexicographic commands run only on the key {@code lex}, whose members all have score 0: Redis
 * answers them over mixed scores from its skip list's random layout.
 */
class ZSetModelTest {
  private static final long SEED = 20261207L;
  private static final int STEPS = 4_000;
  private static final int CHECK_EVERY = 100;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final String[] KEYS = {"z0", "z1", "z2", "big"};
  private static final String LEX = "lex";
  private static final String[] SCORES = {
    "0", "1", "-1", "2", "2.5", "3", "-3.25", "10", "0.1", "1e3", "inf", "-inf", "-0", "7", "100",
    "0.3", "1.5e-7", "42"
  };
  private static final String LONG_MEMBER = "L".repeat(70);

  private final Random random = new Random(SEED);

  private static final class Side {
    final String name;
    final RespClient resp2;
    final RespClient resp3;

    Side(String name, int port) throws IOException {
      this.name = name;
      this.resp2 = RespClient.connect(port, TIMEOUT);
      this.resp3 = RespClient.connect(port, TIMEOUT);
      resp3.call("HELLO", "3");
    }

    RespValue call(boolean resp3Connection, List<String> argv) throws IOException {
      List<byte[]> bytes = argv.stream().map(a -> a.getBytes(StandardCharsets.UTF_8)).toList();
      return (resp3Connection ? resp3 : resp2).call(bytes);
    }
  }

  private enum Compare {
    EXACT,
    UNORDERED,
    SHAPE
  }

  private record Step(List<String> argv, Compare compare) {}

  @Test
  void randomSortedSetCommandsAnswerAsRedisDoes() throws Exception {
    Optional<Path> binary = LocalEnvironment.onPath("redis-server");
    assumeTrue(binary.isPresent(), RedisServerProcess.MISSING);
    try (RedisServerProcess redis = RedisServerProcess.start(binary.get(), "redis-server");
        InProcessRedstone redstone = InProcessRedstone.start()) {
      Side reference = new Side("redis-server", redis.port());
      Side target = new Side("redstone", redstone.port());
      for (int i = 1; i <= STEPS; i++) {
        Step step = next();
        boolean resp3 = random.nextBoolean();
        compare(i, step, resp3, reference, target);
        if (i % CHECK_EVERY == 0) {
          compareState(i, reference, target);
        }
      }
      compareState(STEPS, reference, target);
    }
  }

  private static void compare(int i, Step step, boolean resp3, Side reference, Side target)
      throws IOException {
    RespValue expected = reference.call(resp3, step.argv());
    RespValue actual = target.call(resp3, step.argv());
    String where = "step " + i + (resp3 ? " (RESP3): " : ": ") + String.join(" ", step.argv());
    switch (step.compare()) {
      case EXACT -> assertEquals(text(expected.raw()), text(actual.raw()), where);
      case UNORDERED -> assertEquals(
          text(RespValue.unordered(expected)), text(RespValue.unordered(actual)), where);
      case SHAPE -> assertEquals(RespValue.shape(expected), RespValue.shape(actual), where);
    }
  }

  private static void compareState(int i, Side reference, Side target) throws IOException {
    List<String> keys = new ArrayList<>(List.of(KEYS));
    keys.add(LEX);
    keys.add("dst");
    for (String key : keys) {
      for (List<String> read :
          List.of(
              List.of("TYPE", key),
              List.of("ZRANGE", key, "0", "-1", "WITHSCORES"),
              List.of("OBJECT", "ENCODING", key))) {
        compare(i, new Step(read, Compare.EXACT), false, reference, target);
      }
    }
  }

  private static String text(byte[] raw) {
    return new String(raw, StandardCharsets.UTF_8);
  }

  private String key() {
    return KEYS[random.nextInt(KEYS.length)];
  }

  private String member() {
    int pick = random.nextInt(60);
    if (pick == 0) {
      return LONG_MEMBER;
    }
    return "m" + (pick % 25);
  }

  private String score() {
    return SCORES[random.nextInt(SCORES.length)];
  }

  private String bound() {
    String value = score();
    return random.nextInt(4) == 0 ? "(" + value : value;
  }

  private String lexBound() {
    return switch (random.nextInt(6)) {
      case 0 -> "-";
      case 1 -> "+";
      case 2 -> "(" + member();
      default -> "[" + member();
    };
  }

  private String index() {
    return Integer.toString(random.nextInt(40) - 20);
  }

  private Step exact(String... argv) {
    return new Step(List.of(argv), Compare.EXACT);
  }

  private Step next() {
    int kind = random.nextInt(100);
    String key = key();
    List<String> argv = new ArrayList<>();
    if (kind < 22) {
      argv.add("ZADD");
      argv.add(key);
      String[] options = {"NX", "XX", "GT", "LT", "CH", "INCR"};
      for (String option : options) {
        if (random.nextInt(8) == 0) {
          argv.add(option);
        }
      }
      int pairs = key.equals("big") ? 1 + random.nextInt(12) : 1 + random.nextInt(3);
      for (int p = 0; p < pairs; p++) {
        argv.add(score());
        argv.add(key.equals("big") ? "b" + random.nextInt(400) : member());
      }
      return new Step(argv, Compare.EXACT);
    }
    if (kind < 27) {
      return exact("ZINCRBY", key, score(), member());
    }
    if (kind < 31) {
      return exact("ZADD", LEX, "0", member());
    }
    if (kind < 35) {
      return exact("ZREM", key, member(), member());
    }
    if (kind < 38) {
      return exact("ZSCORE", key, member());
    }
    if (kind < 40) {
      return exact("ZMSCORE", key, member(), member(), member());
    }
    if (kind < 43) {
      return exact(random.nextBoolean() ? "ZRANK" : "ZREVRANK", key, member());
    }
    if (kind < 45) {
      return exact("ZCARD", key);
    }
    if (kind < 47) {
      return exact("ZCOUNT", key, bound(), bound());
    }
    if (kind < 50) {
      return exact("ZLEXCOUNT", LEX, lexBound(), lexBound());
    }
    if (kind < 60) {
      argv.add("ZRANGE");
      argv.add(key);
      int by = random.nextInt(3);
      if (by == 0) {
        argv.add(index());
        argv.add(index());
      } else if (by == 1) {
        argv.add(bound());
        argv.add(bound());
        argv.add("BYSCORE");
      } else {
        argv.set(1, LEX);
        argv.add(lexBound());
        argv.add(lexBound());
        argv.add("BYLEX");
      }
      if (random.nextBoolean()) {
        argv.add("REV");
      }
      if (by != 0 && random.nextBoolean()) {
        argv.add("LIMIT");
        argv.add(Integer.toString(random.nextInt(6) - 1));
        argv.add(Integer.toString(random.nextInt(8) - 2));
      }
      if (by != 2 && random.nextBoolean()) {
        argv.add("WITHSCORES");
      }
      return new Step(argv, Compare.EXACT);
    }
    if (kind < 63) {
      return random.nextBoolean()
          ? exact("ZRANGEBYSCORE", key, bound(), bound(), "WITHSCORES")
          : exact("ZREVRANGEBYSCORE", key, bound(), bound(), "LIMIT", "1", "3");
    }
    if (kind < 65) {
      return random.nextBoolean()
          ? exact("ZRANGEBYLEX", LEX, lexBound(), lexBound())
          : exact("ZREVRANGEBYLEX", LEX, lexBound(), lexBound(), "LIMIT", "0", "4");
    }
    if (kind < 66) {
      return exact("ZREVRANGE", key, index(), index(), "WITHSCORES");
    }
    if (kind < 70) {
      return switch (random.nextInt(3)) {
        case 0 -> exact("ZREMRANGEBYRANK", key, index(), index());
        case 1 -> exact("ZREMRANGEBYSCORE", key, bound(), bound());
        default -> exact("ZREMRANGEBYLEX", LEX, lexBound(), lexBound());
      };
    }
    if (kind < 75) {
      String pop = random.nextBoolean() ? "ZPOPMIN" : "ZPOPMAX";
      return random.nextBoolean()
          ? exact(pop, key)
          : exact(pop, key, Integer.toString(random.nextInt(4)));
    }
    if (kind < 78) {
      return exact(
          "ZMPOP",
          "2",
          key(),
          key(),
          random.nextBoolean() ? "MIN" : "MAX",
          "COUNT",
          Integer.toString(1 + random.nextInt(3)));
    }
    if (kind < 81) {
      return random.nextBoolean()
          ? exact("ZRANGESTORE", "dst", key, index(), index())
          : exact("ZRANGESTORE", "dst", key, bound(), bound(), "BYSCORE", "LIMIT", "0", "5");
    }
    if (kind < 88) {
      String[] ops = {"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZUNION", "ZINTER", "ZDIFF"};
      String op = ops[random.nextInt(ops.length)];
      boolean store = op.endsWith("STORE");
      if (store) {
        argv.add(op);
        argv.add(random.nextInt(4) == 0 ? key() : "dst");
      } else {
        argv.add(op);
      }
      argv.add("2");
      argv.add(key());
      argv.add(key());
      if (!op.startsWith("ZDIFF")) {
        if (random.nextBoolean()) {
          argv.add("WEIGHTS");
          argv.add(score());
          argv.add(score());
        }
        if (random.nextBoolean()) {
          argv.add("AGGREGATE");
          argv.add(new String[] {"SUM", "MIN", "MAX"}[random.nextInt(3)]);
        }
      }
      if (!store && random.nextBoolean()) {
        argv.add("WITHSCORES");
      }
      return new Step(argv, Compare.EXACT);
    }
    if (kind < 90) {
      return exact("ZINTERCARD", "2", key(), key(), "LIMIT", Integer.toString(random.nextInt(4)));
    }
    if (kind < 94) {
      int count = random.nextInt(12) - 6;
      boolean withScores = random.nextBoolean();
      List<String> rand = new ArrayList<>(List.of("ZRANDMEMBER", key, Integer.toString(count)));
      if (withScores) {
        rand.add("WITHSCORES");
      }
      return new Step(rand, Compare.SHAPE);
    }
    if (kind < 97) {
      return new Step(List.of("ZSCAN", key, "0", "COUNT", "1000"), Compare.UNORDERED);
    }
    if (kind < 98) {
      return exact("OBJECT", "ENCODING", key);
    }
    return exact("DEL", key);
  }
}
