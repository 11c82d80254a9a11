package io.redstone.server.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A long random sequence of hash commands (fixed seed) run against a real redis-server and against
 * Redstone, every reply compared, and the whole state (every key's type, encoding and contents)
 * compared every {@value #CHECK_EVERY} steps. Replies are compared byte for byte except where Redis
 * leaves the order open (a hash table's HGETALL, HKEYS, HVALS, HSCAN: compared as multisets once
 * both servers say the key is a hash table) and HRANDFIELD, whose picks are checked against the
 * hash's contents instead. Low encoding limits make hashes change encoding often.
 */
class HashModelTest {
  private static final long SEED = 20261207L;
  private static final int STEPS = 4_000;
  private static final int CHECK_EVERY = 100;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> KEYS = List.of("h1", "h2", "h3", "h4", "h5", "big", "str");

  private final Random random = new Random(SEED);
  private final List<String> log = new ArrayList<>();

  /** OBJECT ENCODING answers seen at the state checks, to show both encodings were exercised. */
  private final Map<String, Integer> encodingsSeen = new HashMap<>();

  private RespClient redis;
  private RespClient redstone;

  @Test
  void randomHashCommandsAnswerAsRedisDoes() throws Exception {
    Optional<Path> binary = LocalEnvironment.onPath("redis-server");
    assumeTrue(binary.isPresent(), RedisServerProcess.MISSING);
    try (RedisServerProcess reference = RedisServerProcess.start(binary.get(), "redis-server");
        io.redstone.server.testing.TestServer target =
            io.redstone.server.testing.TestServer.start();
        RespClient left = RespClient.connect(reference.port(), TIMEOUT);
        RespClient right = RespClient.connect(target.port(), TIMEOUT)) {
      redis = left;
      redstone = right;
      for (String[] setup :
          List.of(
              new String[] {"CONFIG", "SET", "hash-max-listpack-entries", "16"},
              new String[] {"CONFIG", "SET", "hash-max-listpack-value", "24"},
              new String[] {"SET", "str", "not a hash"})) {
        exact(setup);
      }
      for (int step = 1; step <= STEPS; step++) {
        if (step == STEPS / 2) {
          // The second half speaks RESP3: maps, nested HRANDFIELD pairs, nulls.
          RespValue a = redis.call("HELLO", "3");
          RespValue b = redstone.call("HELLO", "3");
          assertThat(RespValue.shape(b)).isEqualTo(RespValue.shape(a));
        }
        randomCommand();
        if (step % CHECK_EVERY == 0) {
          compareState(step);
        }
      }
      compareState(STEPS);
    }
    assertThat(encodingsSeen.getOrDefault("listpack", 0)).isGreaterThan(50);
    assertThat(encodingsSeen.getOrDefault("hashtable", 0)).isGreaterThan(50);
  }

  private void randomCommand() throws IOException {
    String key = KEYS.get(random.nextInt(KEYS.size()));
    int roll = random.nextInt(100);
    if (roll < 20) {
      List<String> argv = new ArrayList<>(List.of(random.nextInt(5) == 0 ? "HMSET" : "HSET", key));
      int pairs = 1 + random.nextInt(key.equals("big") ? 8 : 3);
      for (int i = 0; i < pairs; i++) {
        argv.add(field(key));
        argv.add(value());
      }
      if (random.nextInt(30) == 0) {
        argv.remove(argv.size() - 1); // a field without a value: wrong arity
      }
      exact(argv.toArray(String[]::new));
    } else if (roll < 25) {
      exact("HSETNX", key, field(key), value());
    } else if (roll < 33) {
      List<String> argv = new ArrayList<>(List.of("HDEL", key));
      for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
        argv.add(field(key));
      }
      exact(argv.toArray(String[]::new));
    } else if (roll < 40) {
      exact("HGET", key, field(key));
    } else if (roll < 44) {
      exact("HMGET", key, field(key), field(key), field(key));
    } else if (roll < 47) {
      exact("HLEN", key);
    } else if (roll < 50) {
      exact("HSTRLEN", key, field(key));
    } else if (roll < 53) {
      exact("HEXISTS", key, field(key));
    } else if (roll < 60) {
      exact("HINCRBY", key, "n" + random.nextInt(3), increment());
    } else if (roll < 66) {
      exact("HINCRBYFLOAT", key, "x" + random.nextInt(3), floatIncrement());
    } else if (roll < 70) {
      unordered(key, false, "HKEYS", key);
    } else if (roll < 73) {
      unordered(key, false, "HVALS", key);
    } else if (roll < 79) {
      unordered(key, true, "HGETALL", key);
    } else if (roll < 83) {
      if (random.nextBoolean()) {
        unordered(key, true, "HSCAN", key, "0", "COUNT", "1000");
      } else {
        unordered(key, true, "HSCAN", key, "0", "MATCH", "f1*", "COUNT", "1000");
      }
    } else if (roll < 92) {
      randomField(key);
    } else if (roll < 95) {
      exact("OBJECT", "ENCODING", key);
    } else if (roll < 96) {
      if (!key.equals("str")) {
        exact("DEL", key);
      }
    } else if (roll < 98) {
      exact("TYPE", key);
    } else {
      exact("COPY", key, key + "-copy", "REPLACE");
      unordered(key + "-copy", true, "HGETALL", key + "-copy");
      exact("DEL", key + "-copy");
    }
  }

  /** Fields from a small pool, so writes hit existing ones; "big" has a pool past the limit. */
  private String field(String key) {
    int pool = key.equals("big") ? 60 : 20;
    if (random.nextInt(150) == 0) {
      return "long-field-" + "y".repeat(20) + random.nextInt(3);
    }
    return "f" + random.nextInt(pool);
  }

  private String value() {
    return switch (random.nextInt(12)) {
      case 0 -> "";
      case 1 -> random.nextInt(8) == 0 ? "v".repeat(30) : "w"; // past hash-max-listpack-value
      case 2 -> Integer.toString(random.nextInt(1000) - 500);
      case 3 -> "1.5";
      case 4 -> "9223372036854775807";
      default -> "v" + random.nextInt(100);
    };
  }

  private String increment() {
    return switch (random.nextInt(15)) {
      case 0 -> "abc";
      case 1 -> "9223372036854775807";
      case 2 -> "-9223372036854775808";
      default -> Integer.toString(random.nextInt(2001) - 1000);
    };
  }

  private String floatIncrement() {
    return switch (random.nextInt(15)) {
      case 0 -> "abc";
      case 1 -> "inf";
      case 2 -> "1e300";
      case 3 -> Integer.toString(random.nextInt(100));
      default -> String.format("%.3f", random.nextDouble() * 20 - 10);
    };
  }

  // ---------------------------------------------------------------------------------------------

  private RespValue[] both(String... argv) throws IOException {
    log.add(String.join(" ", argv));
    if (log.size() > 30) {
      log.remove(0);
    }
    return new RespValue[] {redis.call(argv), redstone.call(argv)};
  }

  private void exact(String... argv) throws IOException {
    RespValue[] replies = both(argv);
    if (!RespValue.sameBytes(replies[0], replies[1])) {
      mismatch(argv, replies, "exact");
    }
  }

  /**
   * A whole-hash reply: byte for byte while the key is a listpack (insertion order), as a multiset
   * (of pairs when {@code pairs}) once both servers hold it as a hash table.
   */
  private void unordered(String key, boolean pairs, String... argv) throws IOException {
    RespValue[] replies = both(argv);
    if (RespValue.sameBytes(replies[0], replies[1])) {
      return;
    }
    RespValue encodingA = redis.call("OBJECT", "ENCODING", key);
    RespValue encodingB = redstone.call("OBJECT", "ENCODING", key);
    boolean tables =
        RespValue.sameBytes(encodingA, encodingB) && text(encodingA).equals("hashtable");
    byte[] a = pairs ? RespValue.unorderedPairs(replies[0]) : RespValue.unordered(replies[0]);
    byte[] b = pairs ? RespValue.unorderedPairs(replies[1]) : RespValue.unordered(replies[1]);
    if (!tables || !Arrays.equals(a, b)) {
      mismatch(argv, replies, tables ? "as multisets" : "exact, the key being " + text(encodingA));
    }
  }

  /** HRANDFIELD, checked against the hash's contents as the reference holds them. */
  private void randomField(String key) throws IOException {
    int variant = random.nextInt(6);
    long count =
        switch (variant) {
          case 0 -> 0;
          case 1 -> 1 + random.nextInt(8);
          case 2 -> -(1 + random.nextInt(8));
          case 3 -> 50;
          default -> random.nextInt(30) - 15;
        };
    boolean withValues = random.nextBoolean();
    String[] argv =
        variant == 5
            ? new String[] {"HRANDFIELD", key}
            : withValues
                ? new String[] {"HRANDFIELD", key, Long.toString(count), "WITHVALUES"}
                : new String[] {"HRANDFIELD", key, Long.toString(count)};
    Map<String, String> contents = contents(key);
    RespValue[] replies = both(argv);
    if (replies[0].type() == '-' || contents == null) {
      // Errors and the replies for a missing key are deterministic.
      if (!RespValue.sameBytes(replies[0], replies[1])) {
        mismatch(argv, replies, "exact");
      }
      return;
    }
    RespValue reply = replies[1];
    if (argv.length == 2) {
      assertThat(contents).as(describe(argv, replies)).containsKey(text(reply));
      return;
    }
    assertThat(RespValue.shape(reply).charAt(0)).isEqualTo('*');
    List<RespValue> items = ((RespValue.Aggregate) reply).items();
    List<String[]> picks = new ArrayList<>();
    boolean nested = withValues && !items.isEmpty() && items.get(0) instanceof RespValue.Aggregate;
    for (int i = 0; i < items.size(); ) {
      if (nested) {
        List<RespValue> pair = ((RespValue.Aggregate) items.get(i++)).items();
        picks.add(new String[] {text(pair.get(0)), text(pair.get(1))});
      } else if (withValues) {
        picks.add(new String[] {text(items.get(i)), text(items.get(i + 1))});
        i += 2;
      } else {
        picks.add(new String[] {text(items.get(i++)), null});
      }
    }
    String context = describe(argv, replies);
    assertThat(RespValue.shape(reply)).as(context).isEqualTo(RespValue.shape(replies[0]));
    long expected = count < 0 ? -count : Math.min(count, contents.size());
    assertThat(picks).as(context).hasSize((int) expected);
    Set<String> distinct = new HashSet<>();
    for (String[] pick : picks) {
      assertThat(contents).as(context).containsKey(pick[0]);
      if (withValues) {
        assertThat(pick[1]).as(context).isEqualTo(contents.get(pick[0]));
      }
      distinct.add(pick[0]);
    }
    if (count > 0) {
      assertThat(distinct).as(context).hasSize(picks.size());
    }
  }

  /** The hash as the reference holds it, null when the key is absent or not a hash. */
  private Map<String, String> contents(String key) throws IOException {
    RespValue type = redis.call("TYPE", key);
    if (!text(type).equals("hash")) {
      return null;
    }
    RespValue all = redis.call("HGETALL", key);
    List<RespValue> items = ((RespValue.Aggregate) all).items();
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < items.size(); i += 2) {
      out.put(text(items.get(i)), text(items.get(i + 1)));
    }
    return out;
  }

  private void compareState(int step) throws IOException {
    RespValue[] size = both("DBSIZE");
    if (!RespValue.sameBytes(size[0], size[1])) {
      mismatch(new String[] {"DBSIZE"}, size, "at the check after step " + step);
    }
    for (String key : KEYS) {
      exact("TYPE", key);
      RespValue[] encoding = both("OBJECT", "ENCODING", key);
      if (!RespValue.sameBytes(encoding[0], encoding[1])) {
        mismatch(new String[] {"OBJECT", "ENCODING", key}, encoding, "at a state check");
      }
      encodingsSeen.merge(text(encoding[0]), 1, Integer::sum);
      exact("HLEN", key);
      unordered(key, true, "HGETALL", key);
    }
  }

  private void mismatch(String[] argv, RespValue[] replies, String how) {
    fail(
        describe(argv, replies)
            + " (compared "
            + how
            + ")\nlast commands:\n  "
            + String.join("\n  ", log));
  }

  private static String describe(String[] argv, RespValue[] replies) {
    return String.join(" ", argv)
        + "\n  redis-server "
        + RespValue.escaped(replies[0].raw(), 500)
        + "\n  redstone     "
        + RespValue.escaped(replies[1].raw(), 500);
  }

  /** A simple string, bulk string or error as text. */
  private static String text(RespValue value) {
    if (value instanceof RespValue.Blob blob) {
      return blob.data() == null ? null : new String(blob.data(), StandardCharsets.UTF_8);
    }
    if (value instanceof RespValue.Line line) {
      return new String(line.text(), StandardCharsets.UTF_8);
    }
    return RespValue.escaped(value.raw(), 200);
  }
}
