package io.redstone.storage.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTableTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Entry entry) {
    return new String(entry.key(), StandardCharsets.UTF_8);
  }

  /** Every key the table holds, by walking it; fails on a key held twice. */
  private static Set<String> contents(KeyTable table) {
    Set<String> keys = new HashSet<>();
    table.forEach(
        entry -> assertThat(keys.add(text(entry))).as("held twice: %s", text(entry)).isTrue());
    return keys;
  }

  @Test
  void aReservedTableTakesThatManyKeysWithoutRehashing() {
    KeyTable table = new KeyTable(7);
    table.reserve(1000);
    assertThat(table.capacity()).isEqualTo(1024);
    for (int i = 0; i < 1000; i++) {
      table.add(bytes("k" + i), i);
      assertThat(table.isRehashing()).as("after %d keys", i + 1).isFalse();
    }
    assertThat(table.capacity()).isEqualTo(1024);
    assertThat(contents(table)).hasSize(1000);
    assertThat(table.get(bytes("k999")).value()).isEqualTo(999);
  }

  @Test
  void reservingIsOnlyForAnEmptyTableAndBounded() {
    KeyTable table = new KeyTable(7);
    table.add(bytes("a"), 1);
    int capacity = table.capacity();
    table.reserve(1_000_000);
    assertThat(table.capacity()).as("a table with keys grows as usual").isEqualTo(capacity);
    assertThat(table.get(bytes("a")).value()).isEqualTo(1);

    KeyTable empty = new KeyTable(7);
    empty.reserve(Long.MAX_VALUE);
    assertThat(empty.capacity()).as("a wrong hint cannot take the heap").isEqualTo(1 << 26);
    empty.reserve(2);
    assertThat(empty.capacity()).as("never smaller than it is").isEqualTo(1 << 26);
  }

  @Test
  void touchingKeysChangesNothingEvenMidRehash() {
    KeyTable table = new KeyTable(7);
    assertThat(table.touch(bytes("absent"))).isZero();
    int n = 0;
    while (!table.isRehashing()) {
      table.add(bytes("k" + n), n);
      n++;
    }
    Set<String> before = contents(table);
    int capacity = table.capacity();
    for (int round = 0; round < 100; round++) {
      for (int i = 0; i <= n; i++) {
        table.touch(bytes("k" + i));
      }
      table.touch(bytes("absent"));
    }
    // get, add and remove each move a rehash on by a step; touch must not, or a batch's prefetch
    // would change when the rehash finishes.
    assertThat(table.isRehashing()).isTrue();
    assertThat(table.capacity()).isEqualTo(capacity);
    assertThat(contents(table)).isEqualTo(before);
    assertThat(table.size()).isEqualTo(n);
  }

  @Test
  void emptyTableFindsNothing() {
    KeyTable table = new KeyTable(1);
    assertThat(table.size()).isZero();
    assertThat(table.get(bytes("a"))).isNull();
    assertThat(table.remove(bytes("a"))).isNull();
    assertThat(table.randomEntry(new Random(1))).isNull();
    assertThat(table.scan(0, entry -> {})).isZero();
    assertThat(table.isRehashing()).isFalse();
  }

  @Test
  void addGetRemove() {
    KeyTable table = new KeyTable(1);
    Entry a = table.add(bytes("a"), "va");
    Entry b = table.add(bytes("b"), "vb");
    assertThat(table.size()).isEqualTo(2);
    assertThat(table.get(bytes("a"))).isSameAs(a);
    assertThat(table.get(bytes("b")).value()).isEqualTo("vb");
    assertThat(table.remove(bytes("a"))).isSameAs(a);
    assertThat(table.get(bytes("a"))).isNull();
    assertThat(table.remove(bytes("a"))).isNull();
    assertThat(table.size()).isEqualTo(1);
    assertThat(contents(table)).containsExactly("b");
  }

  @Test
  void keysAreComparedByContentNotIdentity() {
    KeyTable table = new KeyTable(7);
    table.add(new byte[] {0, (byte) 0xff, 'x'}, "v");
    assertThat(table.get(new byte[] {0, (byte) 0xff, 'x'})).isNotNull();
    assertThat(table.get(new byte[] {0, (byte) 0xff})).isNull();
    assertThat(table.get(new byte[0])).isNull();
  }

  @Test
  void randomOperationsAgreeWithAHashMapThroughGrowthAndShrink() {
    Random random = new Random(20_240_601L);
    KeyTable table = new KeyTable(0x5eed);
    Map<String, Entry> model = new HashMap<>();
    int peakCapacity = 0;
    boolean sawGrowingRehash = false;
    boolean sawShrinkingRehash = false;
    int lastCapacity = table.capacity();
    boolean sawShrinkBelowPeak = false;
    int operations = 0;
    // Alternate phases that fill the table to thousands of keys and drain it almost empty.
    for (int phase = 0; phase < 8; phase++) {
      boolean growing = phase % 2 == 0;
      int target = growing ? 5_000 + random.nextInt(15_000) : random.nextInt(20);
      int keyRange = 40_000;
      while (growing ? model.size() < target : model.size() > target) {
        int choice = random.nextInt(100);
        String key = "k" + random.nextInt(keyRange);
        int addShare = growing ? 65 : 20;
        int removeShare = growing ? 20 : 65;
        if (choice < addShare) {
          if (model.containsKey(key)) {
            assertThat(table.get(bytes(key))).isSameAs(model.get(key));
          } else {
            Entry added = table.add(bytes(key), key);
            assertThat(text(added)).isEqualTo(key);
            model.put(key, added);
          }
        } else if (choice < addShare + removeShare) {
          String victim = growing || model.isEmpty() ? key : anyKey(model, random);
          Entry removed = table.remove(bytes(victim));
          assertThat(removed).isSameAs(model.remove(victim));
        } else {
          assertThat(table.get(bytes(key))).isSameAs(model.get(key));
        }
        assertThat(table.size()).isEqualTo(model.size());
        operations++;
        int capacity = table.capacity();
        if (table.isRehashing()) {
          sawGrowingRehash |= capacity > lastCapacity;
          sawShrinkingRehash |= capacity < lastCapacity;
        }
        peakCapacity = Math.max(peakCapacity, capacity);
        sawShrinkBelowPeak |= capacity < peakCapacity / 8;
        lastCapacity = capacity;
        if (operations % 1_009 == 0) {
          assertThat(contents(table)).isEqualTo(model.keySet());
        }
      }
      assertThat(contents(table)).isEqualTo(model.keySet());
      for (Map.Entry<String, Entry> entry : model.entrySet()) {
        assertThat(table.get(bytes(entry.getKey()))).isSameAs(entry.getValue());
      }
    }
    assertThat(sawGrowingRehash).as("observed a growing rehash").isTrue();
    assertThat(sawShrinkingRehash).as("observed a shrinking rehash").isTrue();
    assertThat(sawShrinkBelowPeak).as("shrank well below the peak").isTrue();
    assertThat(peakCapacity).isGreaterThanOrEqualTo(4_096);
  }

  /** A uniformly chosen key of the model, cheaply enough for a test. */
  private static String anyKey(Map<String, Entry> model, Random random) {
    int skip = random.nextInt(Math.min(model.size(), 32));
    for (String key : model.keySet()) {
      if (skip-- == 0) {
        return key;
      }
    }
    throw new AssertionError("unreachable");
  }

  @Test
  void rehashStepFinishesAndKeepsEveryEntry() {
    KeyTable table = new KeyTable(3);
    Set<String> keys = new HashSet<>();
    // 1025 adds into a full 1024-bucket table start a growth to 2048 buckets.
    for (int i = 0; i < 1_025; i++) {
      table.add(bytes("k" + i), i);
      keys.add("k" + i);
    }
    assertThat(table.isRehashing()).isTrue();
    assertThat(contents(table)).isEqualTo(keys);
    while (table.rehashStep(1)) {
      assertThat(table.size()).isEqualTo(keys.size());
    }
    assertThat(table.isRehashing()).isFalse();
    assertThat(table.capacity()).isEqualTo(2_048);
    assertThat(contents(table)).isEqualTo(keys);
  }

  @Test
  void rehashForCompletesAnInProgressRehash() {
    KeyTable table = new KeyTable(3);
    for (int i = 0; i < 5_000; i++) {
      table.add(bytes("k" + i), i);
    }
    for (int i = 0; i < 4_990; i++) {
      table.remove(bytes("k" + i));
    }
    assertThat(table.isRehashing()).isTrue();
    table.rehashFor(1_000_000_000L);
    assertThat(table.isRehashing()).isFalse();
    assertThat(table.capacity()).isLessThanOrEqualTo(32);
    assertThat(contents(table)).hasSize(10);
  }

  @Test
  void tableShrinksToFitOnceRemovalsStop() {
    KeyTable table = new KeyTable(3);
    // The removals start a shrink that is still under way when they stop; when it finishes,
    // the new array is itself far too sparse.
    for (int i = 0; i < 10_000; i++) {
      table.add(bytes("k" + i), i);
    }
    for (int i = 10; i < 10_000; i++) {
      table.remove(bytes("k" + i));
    }
    assertThat(table.isRehashing()).isTrue();
    // The periodic timer's rehashing is all that happens after the last removal; it must leave
    // a table sized for what it holds, or random sampling probes mostly empty buckets.
    table.rehashFor(1_000_000_000L);
    assertThat(table.isRehashing()).isFalse();
    assertThat(table.capacity()).isLessThanOrEqualTo(32);
    assertThat(contents(table)).hasSize(10);
  }

  @Test
  void clearEmptiesEvenMidRehash() {
    KeyTable table = new KeyTable(3);
    for (int i = 0; i < 1_025; i++) {
      table.add(bytes("k" + i), i);
    }
    assertThat(table.isRehashing()).isTrue();
    table.clear();
    assertThat(table.size()).isZero();
    assertThat(table.isRehashing()).isFalse();
    assertThat(table.get(bytes("k1"))).isNull();
    table.add(bytes("again"), 1);
    assertThat(contents(table)).containsExactly("again");
  }

  @Test
  void scanWithoutChangesVisitsEveryKeyExactlyOnce() {
    KeyTable table = new KeyTable(11);
    for (int i = 0; i < 3_000; i++) {
      table.add(bytes("k" + i), i);
    }
    List<String> visited = new ArrayList<>();
    long cursor = 0;
    do {
      cursor = table.scan(cursor, entry -> visited.add(text(entry)));
    } while (cursor != 0);
    assertThat(visited).hasSize(3_000).doesNotHaveDuplicates();
  }

  @Test
  void scanMidRehashWithoutChangesVisitsEveryKey() {
    KeyTable table = new KeyTable(11);
    for (int i = 0; i < 1_025; i++) {
      table.add(bytes("k" + i), i);
    }
    table.rehashStep(300);
    assertThat(table.isRehashing()).isTrue();
    Set<String> visited = new HashSet<>();
    long cursor = 0;
    do {
      cursor = table.scan(cursor, entry -> visited.add(text(entry)));
      assertThat(table.isRehashing()).isTrue();
    } while (cursor != 0);
    assertThat(visited).hasSize(1_025);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 20_240_601})
  void scanReturnsEveryKeyPresentForTheWholeIterationWhileTheTableGrowsAndShrinks(long seed) {
    Random random = new Random(seed);
    KeyTable table = new KeyTable((int) seed);
    Set<String> stable = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      table.add(bytes("stable:" + i), i);
      stable.add("stable:" + i);
    }
    List<String> churn = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < random.nextInt(2_000); i++) {
      String key = "churn:" + next++;
      table.add(bytes(key), key);
      churn.add(key);
    }
    Set<String> everAdded = new HashSet<>(stable);
    everAdded.addAll(churn);
    Set<String> visited = new HashSet<>();
    int minCapacity = table.capacity();
    int maxCapacity = table.capacity();
    int callsMidRehash = 0;
    int calls = 0;
    long cursor = 0;
    do {
      if (table.isRehashing()) {
        callsMidRehash++;
      }
      cursor = table.scan(cursor, entry -> visited.add(text(entry)));
      calls++;
      // Grow for a while, then shrink, then wobble; some steps only rehash.
      int burst = random.nextInt(60);
      if (calls < 80) {
        for (int i = 0; i < burst; i++) {
          String key = "churn:" + next++;
          table.add(bytes(key), key);
          churn.add(key);
          everAdded.add(key);
        }
      } else if (!churn.isEmpty() && calls < 400) {
        for (int i = 0; i < 2 * burst && !churn.isEmpty(); i++) {
          String victim = churn.remove(random.nextInt(churn.size()));
          assertThat(table.remove(bytes(victim))).isNotNull();
        }
      } else if (random.nextBoolean() && !churn.isEmpty()) {
        table.remove(bytes(churn.remove(random.nextInt(churn.size()))));
      } else if (random.nextBoolean()) {
        String key = "churn:" + next++;
        table.add(bytes(key), key);
        churn.add(key);
        everAdded.add(key);
      } else {
        table.rehashStep(1 + random.nextInt(3));
      }
      minCapacity = Math.min(minCapacity, table.capacity());
      maxCapacity = Math.max(maxCapacity, table.capacity());
      assertThat(calls).as("the iteration ends").isLessThan(1_000_000);
    } while (cursor != 0);
    assertThat(visited).containsAll(stable);
    assertThat(everAdded).containsAll(visited);
    assertThat(maxCapacity).as("grew during the iteration").isGreaterThanOrEqualTo(4_096);
    assertThat(table.capacity()).as("shrank again").isLessThan(maxCapacity);
    assertThat(callsMidRehash).as("scanned mid-rehash").isGreaterThan(0);
  }

  @Test
  void scanSurvivesAShrinkToTheMinimumBetweenCalls() {
    KeyTable table = new KeyTable(5);
    for (int i = 0; i < 4_000; i++) {
      table.add(bytes("k" + i), i);
    }
    Set<String> visited = new HashSet<>();
    long cursor = table.scan(0, entry -> visited.add(text(entry)));
    cursor = table.scan(cursor, entry -> visited.add(text(entry)));
    for (int i = 3; i < 4_000; i++) {
      table.remove(bytes("k" + i));
    }
    table.rehashFor(1_000_000_000L);
    assertThat(table.capacity()).isEqualTo(4);
    while (cursor != 0) {
      cursor = table.scan(cursor, entry -> visited.add(text(entry)));
    }
    assertThat(visited).contains("k0", "k1", "k2");
  }

  @Test
  void randomEntryReturnsOnlyPresentKeysIncludingMidRehash() {
    Random random = new Random(99);
    KeyTable table = new KeyTable(99);
    Map<String, Entry> model = new HashMap<>();
    int midRehashDraws = 0;
    for (int step = 0; step < 40_000; step++) {
      boolean growing = (step / 5_000) % 2 == 0;
      String key = "k" + random.nextInt(20_000);
      if (random.nextInt(100) < (growing ? 80 : 15)) {
        if (!model.containsKey(key)) {
          model.put(key, table.add(bytes(key), key));
        }
      } else {
        model.remove(key, table.remove(bytes(key)));
        if (!growing && !model.isEmpty()) {
          String victim = anyKey(model, random);
          assertThat(table.remove(bytes(victim))).isSameAs(model.remove(victim));
        }
      }
      if (step % 7 == 0) {
        if (table.isRehashing()) {
          midRehashDraws++;
        }
        Entry drawn = table.randomEntry(random);
        if (model.isEmpty()) {
          assertThat(drawn).isNull();
        } else {
          assertThat(drawn).isNotNull();
          assertThat(model.get(text(drawn))).isSameAs(drawn);
        }
      }
    }
    assertThat(midRehashDraws).isGreaterThan(10);
  }

  @Test
  void randomEntryEventuallyReturnsEveryKey() {
    Random random = new Random(5);
    KeyTable table = new KeyTable(5);
    for (int i = 0; i < 64; i++) {
      table.add(bytes("k" + i), i);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      seen.add(text(table.randomEntry(random)));
    }
    assertThat(seen).hasSize(64);
  }
}
