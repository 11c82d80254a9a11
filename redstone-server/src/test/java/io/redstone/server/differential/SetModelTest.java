package io.redstone.server.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A long random sequence of set commands (fixed seed) against the target (Redstone unless {@code
 * -Dredstone.diff.target=redis}) and a real redis-server, comparing every reply and, every few
 * steps, the whole state: each key's type, members, cardinality and encoding.
 *
 * <p>Replies whose order Redis leaves to its hash table are compared as multisets; an intset's
 * members are compared in order. SPOP and SRANDMEMBER choose at random, so their replies are
 * checked for shape and against the members the key held, and after an SPOP each server is given
 * back the other's choice (SADD what it popped, SREM what the other popped) so both go on equal.
 */
class SetModelTest extends ModelComparison {
  private static final long SEED = 0x5e7_5e7L;
  private static final int STEPS = 4000;
  private static final int STATE_EVERY = 40;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final List<String> KEYS = List.of("s0", "s1", "s2", "s3", "s4", "str");
  private static final List<String> MEMBERS =
      List.of(
          "0",
          "1",
          "2",
          "3",
          "7",
          "-1",
          "-32768",
          "32767",
          "40000",
          "-3000000000",
          "9223372036854775807",
          "01",
          "a",
          "b",
          "c",
          "hello",
          "",
          "\u00e9");

  private final Random random = new Random(SEED);

  SetModelTest() {
    super(SEED);
  }

  @Test
  void randomSetCommandsMatchRedis() throws IOException {
    compareWithRedis(
        TIMEOUT,
        () -> {
          same("FLUSHALL");
          same("SET", "str", "a string");
          for (step = 0; step < STEPS; step++) {
            if (step == STEPS / 2) {
              both("HELLO", "3");
            }
            randomCommand();
            if (step % STATE_EVERY == 0) {
              compareState();
            }
          }
          compareState();
        });
  }

  private String key() {
    return KEYS.get(random.nextInt(KEYS.size()));
  }

  /** Mostly set keys; the string key now and then, for WRONGTYPE. */
  private String setKey() {
    return random.nextInt(12) == 0 ? "str" : KEYS.get(random.nextInt(KEYS.size() - 1));
  }

  private String member() {
    if (random.nextInt(4) == 0) {
      return Integer.toString(random.nextInt(700) - 50);
    }
    return MEMBERS.get(random.nextInt(MEMBERS.size()));
  }

  private List<String> members(int max) {
    List<String> out = new ArrayList<>();
    int n = 1 + random.nextInt(max);
    for (int i = 0; i < n; i++) {
      out.add(member());
    }
    return out;
  }

  private static String[] command(String name, List<String> args) {
    List<String> argv = new ArrayList<>();
    argv.add(name);
    argv.addAll(args);
    return argv.toArray(String[]::new);
  }

  private List<String> keys(int max) {
    List<String> out = new ArrayList<>();
    int n = 1 + random.nextInt(max);
    for (int i = 0; i < n; i++) {
      out.add(setKey());
    }
    return out;
  }

  private void randomCommand() throws IOException {
    int pick = random.nextInt(100);
    String key = setKey();
    if (pick < 22) {
      List<String> args = new ArrayList<>(List.of(key));
      args.addAll(members(5));
      same(command("SADD", args));
    } else if (pick < 25) {
      // A run of integers, to cross set-max-intset-entries now and then.
      List<String> args = new ArrayList<>(List.of(key));
      int base = random.nextInt(2000);
      for (int i = 0; i < 100; i++) {
        args.add(Integer.toString(base + i));
      }
      same(command("SADD", args));
    } else if (pick < 35) {
      List<String> args = new ArrayList<>(List.of(key));
      args.addAll(members(6));
      same(command("SREM", args));
    } else if (pick < 38) {
      same("SCARD", key);
    } else if (pick < 42) {
      same("SISMEMBER", key, member());
    } else if (pick < 45) {
      List<String> args = new ArrayList<>(List.of(key));
      args.addAll(members(4));
      same(command("SMISMEMBER", args));
    } else if (pick < 48) {
      unordered("SMEMBERS", key);
    } else if (pick < 55) {
      spop(key);
    } else if (pick < 61) {
      srandmember(key);
    } else if (pick < 66) {
      same("SMOVE", key, setKey(), member());
    } else if (pick < 69) {
      unordered(command("SINTER", keys(3)));
    } else if (pick < 72) {
      List<String> names = keys(3);
      List<String> args = new ArrayList<>();
      args.add(Integer.toString(names.size()));
      args.addAll(names);
      if (random.nextBoolean()) {
        args.add("LIMIT");
        args.add(Integer.toString(random.nextInt(4)));
      }
      same(command("SINTERCARD", args));
    } else if (pick < 75) {
      unordered(command("SUNION", keys(3)));
    } else if (pick < 78) {
      unordered(command("SDIFF", keys(3)));
    } else if (pick < 87) {
      String[] stores = {"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"};
      List<String> args = new ArrayList<>();
      args.add(key());
      args.addAll(keys(3));
      same(command(stores[random.nextInt(3)], args));
    } else if (pick < 91) {
      List<String> args = new ArrayList<>(List.of(key, "0", "COUNT", "10000"));
      if (random.nextBoolean()) {
        args.add("MATCH");
        args.add(random.nextBoolean() ? "*1*" : "?");
      }
      unordered(command("SSCAN", args));
    } else if (pick < 95) {
      same("OBJECT", "ENCODING", key);
    } else if (pick < 97) {
      same("DEL", key());
    } else if (pick < 98) {
      same("SET", "str", "a string");
    } else {
      // Arity and syntax errors.
      String[][] bad = {
        {"SADD", key}, {"SPOP", key, "1", "2"}, {"SRANDMEMBER", key, "x"},
        {"SINTERCARD", "0", key}, {"SSCAN", key, "0", "COUNT", "0"}, {"SMOVE", key, key}
      };
      same(bad[random.nextInt(bad.length)]);
    }
  }

  /** SPOP: shapes alike, members from the key, then each server takes the other's choice. */
  private void spop(String key) throws IOException {
    Set<String> before = membersOf(key);
    boolean withCount = random.nextBoolean();
    String[] argv =
        withCount
            ? new String[] {
              "SPOP", key, Integer.toString(random.nextInt(6) - (random.nextInt(10) == 0 ? 3 : 0))
            }
            : new String[] {"SPOP", key};
    RespValue expected = call(redis, argv);
    RespValue actual = call(target, argv);
    assertThat(RespValue.shape(actual)).as(context()).isEqualTo(RespValue.shape(expected));
    List<String> fromRedis = texts(expected);
    List<String> fromTarget = texts(actual);
    if (expected.type() == '-') {
      assertThat(actual.raw()).as(context()).isEqualTo(expected.raw());
      return;
    }
    assertThat(before).as(context()).containsAll(fromTarget);
    assertThat(new HashSet<>(fromTarget)).as(context()).hasSize(fromTarget.size());
    if (fromTarget.size() == before.size()) {
      assertThat(RespValue.unordered(actual))
          .as(context())
          .isEqualTo(RespValue.unordered(expected));
    }
    if (!fromRedis.isEmpty()) {
      call(redis, command("SADD", prepend(key, fromRedis)));
    }
    if (!fromTarget.isEmpty()) {
      call(redis, command("SREM", prepend(key, fromTarget)));
    }
  }

  /** SRANDMEMBER: shapes alike, members from the key, distinct for a positive count. */
  private void srandmember(String key) throws IOException {
    Set<String> present = membersOf(key);
    String[] argv =
        random.nextInt(4) == 0
            ? new String[] {"SRANDMEMBER", key}
            : new String[] {"SRANDMEMBER", key, Integer.toString(random.nextInt(30) - 10)};
    RespValue expected = call(redis, argv);
    RespValue actual = call(target, argv);
    assertThat(RespValue.shape(actual)).as(context()).isEqualTo(RespValue.shape(expected));
    if (expected.type() == '-') {
      assertThat(actual.raw()).as(context()).isEqualTo(expected.raw());
      return;
    }
    List<String> drawn = texts(actual);
    assertThat(present).as(context()).containsAll(drawn);
    if (argv.length == 3 && !argv[2].startsWith("-")) {
      assertThat(new HashSet<>(drawn)).as(context()).hasSize(drawn.size());
      if (drawn.size() == present.size()) {
        assertThat(RespValue.unordered(actual))
            .as(context())
            .isEqualTo(RespValue.unordered(expected));
      }
    }
  }

  private static List<String> prepend(String key, List<String> rest) {
    List<String> out = new ArrayList<>(List.of(key));
    out.addAll(rest);
    return out;
  }

  /** The key's members on redis-server (empty for a missing key or another type). */
  private Set<String> membersOf(String key) throws IOException {
    RespValue type = call(redis, "TYPE", key);
    if (!new String(type.raw(), StandardCharsets.UTF_8).equals("+set\r\n")) {
      return Set.of();
    }
    return new HashSet<>(texts(call(redis, "SMEMBERS", key)));
  }

  private void compareState() throws IOException {
    for (String key : KEYS) {
      same("TYPE", key);
      same("EXISTS", key);
      RespValue type = call(redis, "TYPE", key);
      if (!new String(type.raw(), StandardCharsets.UTF_8).equals("+set\r\n")) {
        continue;
      }
      same("SCARD", key);
      same("OBJECT", "ENCODING", key);
      RespValue encoding = call(redis, "OBJECT", "ENCODING", key);
      if (new String(encoding.raw(), StandardCharsets.UTF_8).contains("intset")) {
        same("SMEMBERS", key);
      } else {
        unordered("SMEMBERS", key);
      }
    }
  }

  private static List<String> texts(RespValue value) {
    List<String> out = new ArrayList<>();
    if (value instanceof RespValue.Blob blob && blob.data() != null) {
      out.add(new String(blob.data(), StandardCharsets.UTF_8));
    } else if (value instanceof RespValue.Aggregate aggregate) {
      for (RespValue item : aggregate.items()) {
        out.addAll(texts(item));
      }
    }
    return out;
  }
}
