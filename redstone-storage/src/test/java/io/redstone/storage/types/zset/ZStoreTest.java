package io.redstone.storage.types.zset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both encodings against a plain model (a map and a sort) through random inserts, score changes,
 * deletions and range deletions: order, ranks (the tree's counts), score and rank lookups, cursors
 * both ways, score ranges, and a memory figure that returns to where it started.
 */
class ZStoreTest {
  private static final Comparator<Map.Entry<String, Double>> ORDER =
      Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue)
          .thenComparing((a, b) -> Arrays.compareUnsigned(bytes(a.getKey()), bytes(b.getKey())));

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Supplier<ZStore> encoding(String name) {
    return name.equals("listpack") ? Listpack::new : RankTree::new;
  }

  @ParameterizedTest
  @ValueSource(strings = {"listpack", "skiplist"})
  void agreesWithAModelThroughRandomChanges(String name) {
    Random random = new Random(name.hashCode());
    ZStore store = encoding(name).get();
    long emptyMemory = store.memory();
    Map<String, Double> model = new HashMap<>();
    for (int step = 0; step < 5_000; step++) {
      String member = "m" + random.nextInt(300);
      double score = random.nextInt(40) / 4.0 - 5;
      int op = random.nextInt(10);
      if (op < 5) {
        Double old = model.get(member);
        if (old == null) {
          store.insert(bytes(member), score);
        } else {
          store.changeScore(bytes(member), old, score);
        }
        model.put(member, score);
      } else if (op < 8) {
        assertThat(store.delete(bytes(member))).isEqualTo(model.remove(member) != null);
      } else if (op == 8 && !model.isEmpty()) {
        List<Map.Entry<String, Double>> sorted = sorted(model);
        int from = random.nextInt(sorted.size());
        int count = 1 + random.nextInt(Math.min(5, sorted.size() - from));
        store.deleteRange(from, count);
        for (int i = from; i < from + count; i++) {
          model.remove(sorted.get(i).getKey());
        }
      } else {
        checkRange(store, model, random);
      }
      if (step % 250 == 0) {
        check(store, model);
      }
    }
    check(store, model);
    for (String member : new ArrayList<>(model.keySet())) {
      store.delete(bytes(member));
    }
    assertThat(store.size()).isZero();
    // Whatever a table or an array keeps for later is small next to what 300 members cost.
    assertThat(store.memory()).isLessThan(emptyMemory + 1024);
  }

  private static List<Map.Entry<String, Double>> sorted(Map<String, Double> model) {
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(model.entrySet());
    sorted.sort(ORDER);
    return sorted;
  }

  private static void check(ZStore store, Map<String, Double> model) {
    List<Map.Entry<String, Double>> sorted = sorted(model);
    assertThat(store.size()).isEqualTo(sorted.size());
    if (sorted.isEmpty()) {
      return;
    }
    ZStore.Cursor forward = store.at(0);
    for (int i = 0; i < sorted.size(); i++) {
      Map.Entry<String, Double> expected = sorted.get(i);
      assertThat(new String(forward.member(), StandardCharsets.UTF_8)).isEqualTo(expected.getKey());
      assertThat(forward.score()).isEqualTo(expected.getValue());
      assertThat(forward.rank()).isEqualTo(i);
      assertThat(store.rank(bytes(expected.getKey()))).isEqualTo(i);
      assertThat(store.score(bytes(expected.getKey()))).isEqualTo(expected.getValue());
      forward.next();
    }
    assertThat(forward.valid()).isFalse();
    int middle = sorted.size() / 2;
    ZStore.Cursor backward = store.at(middle);
    for (int i = middle; i >= 0; i--) {
      assertThat(new String(backward.member(), StandardCharsets.UTF_8))
          .isEqualTo(sorted.get(i).getKey());
      backward.previous();
    }
    assertThat(backward.valid()).isFalse();
    assertThat(store.rank(bytes("absent"))).isEqualTo(-1);
    assertThat(store.score(bytes("absent"))).isNaN();
  }

  private static void checkRange(ZStore store, Map<String, Double> model, Random random) {
    double min = random.nextInt(40) / 4.0 - 5;
    double max = random.nextInt(40) / 4.0 - 5;
    ScoreRange range = new ScoreRange(min, random.nextBoolean(), max, random.nextBoolean());
    List<Map.Entry<String, Double>> sorted = sorted(model);
    int first = -1;
    int last = -1;
    for (int i = 0; i < sorted.size(); i++) {
      double score = sorted.get(i).getValue();
      if (range.aboveMin(score) && range.belowMax(score)) {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    ZStore.Cursor firstFound = store.firstInRange(range);
    ZStore.Cursor lastFound = store.lastInRange(range);
    assertThat(firstFound == null ? -1 : firstFound.rank()).isEqualTo(first);
    assertThat(lastFound == null ? -1 : lastFound.rank()).isEqualTo(last);
  }

  @ParameterizedTest
  @ValueSource(strings = {"listpack", "skiplist"})
  void copiesAreDeepAndEncodedBytesRoundTrip(String name) {
    ZStore store = encoding(name).get();
    for (int i = 0; i < 50; i++) {
      store.insert(bytes("k" + i), i % 7 == 0 ? Double.NEGATIVE_INFINITY : i * 0.1);
    }
    ZStore copy = store.copy();
    store.delete(bytes("k1"));
    assertThat(copy.size()).isEqualTo(50);
    SortedSet decoded =
        ZSetCodec.decode(
            ZSetCodec.encode(copy, io.redstone.storage.types.PartLimits.DEFAULT).payload());
    // Fifty short members load compact whatever they were saved as, as in Redis.
    assertThat(decoded.encoding()).isEqualTo("listpack");
    check(decoded.store(), modelOf(copy));
  }

  private static Map<String, Double> modelOf(ZStore store) {
    Map<String, Double> model = new HashMap<>();
    for (ZStore.Cursor c = store.at(0); c.valid(); c.next()) {
      model.put(new String(c.member(), StandardCharsets.UTF_8), c.score());
    }
    return model;
  }
}
