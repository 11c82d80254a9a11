package io.redstone.storage.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartialQuicksortTest {
  /** Items compared by key only; the index shows where ties end up. */
  private record Item(int key, int index) {}

  private static final Comparator<Item> BY_KEY = Comparator.comparingInt(Item::key);

  private static Item[] items(int... keys) {
    Item[] items = new Item[keys.length];
    for (int i = 0; i < keys.length; i++) {
      items[i] = new Item(keys[i], i);
    }
    return items;
  }

  private static int[] indexes(Item[] items) {
    return Arrays.stream(items).mapToInt(Item::index).toArray();
  }

  /** The orders Redis 7.0.15's own pqsort.c leaves, compiled and run on the same input. */
  @Test
  void tiesEndUpWhereRedissPartialQuicksortLeavesThem() {
    Item[] first = items(3, 2, 10, 0, 0, 1, 0, 6, 9, 3, 115, 2);
    PartialQuicksort.sort(first, BY_KEY, 0, 2);
    assertThat(indexes(first)).containsExactly(4, 6, 3, 5, 11, 1, 2, 7, 8, 9, 10, 0);

    Item[] second = items(1, 0, 949, 2, 0, 3, 110, 3, 904, 1, 994, 0, 3);
    PartialQuicksort.sort(second, BY_KEY, 0, 0);
    assertThat(indexes(second)).containsExactly(11, 4, 1, 0, 9, 3, 12, 5, 7, 8, 10, 6, 2);

    // Already in order: Redis 7.0's version still partitions (no switch to insertion sort).
    Item[] sorted = items(0, 0, 0, 0, 3, 3, 8, 8, 8, 8, 10, 283, 635, 923);
    PartialQuicksort.sort(sorted, BY_KEY, 0, 12);
    assertThat(indexes(sorted)).containsExactly(1, 0, 2, 3, 4, 5, 7, 6, 8, 9, 10, 11, 12, 13);
  }

  @Test
  void theWantedRangeIsSorted() {
    SplittableRandom random = new SplittableRandom(9);
    for (int round = 0; round < 500; round++) {
      int n = 1 + random.nextInt(200);
      int[] keys = random.ints(n, 0, 1 + random.nextInt(50)).toArray();
      int to = random.nextInt(n);
      Item[] items = items(keys);
      PartialQuicksort.sort(items, BY_KEY, 0, to);
      int[] expected = Arrays.stream(keys).sorted().limit(to + 1L).toArray();
      assertThat(Arrays.stream(items).limit(to + 1L).mapToInt(Item::key).toArray())
          .containsExactly(expected);
    }
  }
}
