package io.redstone.server.differential;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A long random sequence of SORT and SORT_RO commands (fixed seed) over lists, sets and sorted sets
 * whose elements are also read through weight keys and hashes, against the target (Redstone unless
 * {@code -Dredstone.diff.target=redis}) and a real redis-server, comparing every reply and, every
 * few steps, each key's type and encoding and the stored lists.
 *
 * <p>Two things Redis leaves to a set's or sorted set's hash table are compared as multisets, and
 * only without LIMIT or STORE, where a multiset tells everything: a set that is not sorted (BY
 * without {@code *}), and an ALPHA sort BY weights of a set or sorted set, whose ties keep the hash
 * table's order. Values never leave a double's range: after an out-of-range weight Redis keeps
 * failing numeric sorts until errno is cleared (it does not clear it before strtod).
 */
class SortModelTest extends ModelComparison {
  private static final long SEED = 0x5027L;
  private static final int STEPS = 3000;
  private static final int STATE_EVERY = 50;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final List<String> LISTS = List.of("l0", "l1");
  private static final List<String> SETS = List.of("s0", "s1");
  private static final List<String> ZSETS = List.of("z0", "z1");
  private static final List<String> DESTINATIONS = List.of("d0", "d1", "l1");
  private static final List<String> ELEMENTS =
      List.of(
          "1", "2", "3", "10", "-1", "2.5", "1e2", "01", "0x1A", " 7", "inf", "a", "b", "B",
          "apple", "", "\u00e9", "x y");
  private static final List<String> WEIGHTS =
      List.of("1", "2", "-3", "2.50", "2.5", "0", "1e1", "inf", "z", "a", "M", "", "17");

  private final Random random = new Random(SEED);

  SortModelTest() {
    super(SEED);
  }

  @Test
  void randomSortsMatchRedis() throws IOException {
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

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private String element() {
    return random.nextInt(3) == 0 ? Integer.toString(random.nextInt(40) - 5) : pick(ELEMENTS);
  }

  private void randomCommand() throws IOException {
    int roll = random.nextInt(100);
    if (roll < 10) {
      List<String> argv =
          new ArrayList<>(List.of(random.nextBoolean() ? "RPUSH" : "LPUSH", pick(LISTS)));
      for (int i = random.nextInt(6); i >= 0; i--) {
        argv.add(element());
      }
      same(argv.toArray(String[]::new));
    } else if (roll < 17) {
      List<String> argv = new ArrayList<>(List.of("SADD", pick(SETS)));
      for (int i = random.nextInt(6); i >= 0; i--) {
        argv.add(element());
      }
      same(argv.toArray(String[]::new));
    } else if (roll < 24) {
      List<String> argv = new ArrayList<>(List.of("ZADD", pick(ZSETS)));
      for (int i = random.nextInt(5); i >= 0; i--) {
        argv.add(Integer.toString(random.nextInt(5)));
        argv.add(element());
      }
      same(argv.toArray(String[]::new));
    } else if (roll < 30) {
      same("SET", "w_" + element(), pick(WEIGHTS));
    } else if (roll < 35) {
      same("HSET", "h_" + element(), pick(List.of("f", "g")), pick(WEIGHTS));
    } else if (roll < 38) {
      same("SET", "n_" + element(), "name-" + random.nextInt(9));
    } else if (roll < 41) {
      same("DEL", pick(List.of("l0", "s0", "z0", "d0", "w_1", "w_a", "h_2")));
    } else if (roll < 43) {
      same("LPOP", pick(LISTS));
    } else {
      sort();
    }
  }

  private void sort() throws IOException {
    String source =
        switch (random.nextInt(8)) {
          case 0, 1, 2 -> pick(LISTS);
          case 3, 4 -> pick(SETS);
          case 5, 6 -> pick(ZSETS);
          default -> pick(List.of("missing", "str"));
        };
    boolean set = source.startsWith("s") && !source.equals("str");
    boolean zset = source.startsWith("z");
    boolean readOnly = random.nextInt(4) == 0;
    List<String> argv = new ArrayList<>(List.of(readOnly ? "SORT_RO" : "SORT", source));
    String by = null;
    switch (random.nextInt(6)) {
      case 0 -> by = "w_*";
      case 1 -> by = "h_*->" + pick(List.of("f", "g"));
      case 2 -> by = "nosort";
      default -> {}
    }
    boolean alpha =
        random.nextInt(3) == 0 || (by == null && !source.startsWith("z") && random.nextBoolean());
    boolean sorting = by == null || by.contains("*");
    boolean hashOrder = (set && !sorting) || ((set || zset) && alpha && by != null && sorting);
    boolean limit = random.nextInt(3) == 0 && !hashOrder;
    boolean store = !readOnly && random.nextInt(4) == 0 && !hashOrder;
    if (by != null) {
      argv.add("BY");
      argv.add(by);
    }
    if (limit) {
      argv.add("LIMIT");
      argv.add(Integer.toString(random.nextInt(8) - 2));
      argv.add(Integer.toString(random.nextInt(8) - 2));
    }
    for (int i = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0; i > 0; i--) {
      argv.add("GET");
      argv.add(pick(List.of("#", "n_*", "h_*->f", "w_*", "fixed")));
    }
    if (random.nextInt(3) == 0) {
      argv.add(random.nextBoolean() ? "DESC" : "ASC");
    }
    if (alpha) {
      argv.add("ALPHA");
    }
    if (store) {
      argv.add("STORE");
      argv.add(pick(DESTINATIONS));
    }
    if (random.nextInt(40) == 0) {
      argv.add(pick(List.of("BOGUS", "LIMIT", "GET", "BY")));
    }
    if (hashOrder) {
      unordered(argv.toArray(String[]::new));
    } else {
      same(argv.toArray(String[]::new));
    }
  }

  private void compareState() throws IOException {
    List<String> all = new ArrayList<>();
    all.addAll(LISTS);
    all.addAll(SETS);
    all.addAll(ZSETS);
    all.addAll(List.of("d0", "d1", "str"));
    for (String key : all) {
      same("TYPE", key);
      same("OBJECT", "ENCODING", key);
    }
    for (String key : List.of("l0", "l1", "d0", "d1")) {
      same("LRANGE", key, "0", "-1");
    }
    for (String key : ZSETS) {
      same("ZRANGE", key, "0", "-1", "WITHSCORES");
    }
    for (String key : SETS) {
      unordered("SMEMBERS", key);
    }
  }
}
