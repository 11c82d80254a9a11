package io.redstone.storage.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpiryIndexTest {
  private final ExpiryIndex index = new ExpiryIndex();
  private int created;

  private Entry entry() {
    byte[] key = ("k" + created++).getBytes(StandardCharsets.UTF_8);
    return new Entry(key, created, "v");
  }

  /** Every indexed entry sits in a distinct slot below size, and no other entry claims one. */
  private void assertSlotsConsistent(List<Entry> indexed, List<Entry> notIndexed) {
    assertThat(index.size()).isEqualTo(indexed.size());
    Set<Integer> slots = new HashSet<>();
    for (Entry e : indexed) {
      assertThat(e.expirySlot).isBetween(0, index.size() - 1);
      assertThat(slots.add(e.expirySlot)).isTrue();
      assertThat(e.hasExpiry()).isTrue();
    }
    for (Entry e : notIndexed) {
      assertThat(e.expirySlot).isEqualTo(-1);
      assertThat(e.hasExpiry()).isFalse();
    }
  }

  @Test
  void emptyIndexSamplesNothing() {
    assertThat(index.size()).isZero();
    assertThat(index.random(new Random(1))).isNull();
  }

  @Test
  void settingATtlTwiceIndexesTheEntryOnce() {
    Entry e = entry();
    index.setExpireAt(e, 1_000);
    index.setExpireAt(e, 2_000);
    assertThat(index.size()).isEqualTo(1);
    assertThat(e.expireAt()).isEqualTo(2_000);
    assertThat(index.random(new Random(1))).isSameAs(e);
  }

  @Test
  void removeClearsTheTtlAndIsIdempotent() {
    Entry e = entry();
    Entry other = entry();
    index.setExpireAt(e, 1_000);
    index.setExpireAt(other, 1_000);
    index.remove(e);
    index.remove(e);
    assertThat(e.hasExpiry()).isFalse();
    assertThat(e.expireAt()).isEqualTo(Entry.NO_EXPIRY);
    assertSlotsConsistent(List.of(other), List.of(e));
    index.remove(entry());
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void settingNoExpiryRemoves() {
    Entry e = entry();
    index.setExpireAt(e, 1_000);
    index.setExpireAt(e, Entry.NO_EXPIRY);
    assertThat(index.size()).isZero();
    assertThat(e.hasExpiry()).isFalse();
    assertThat(e.expirySlot).isEqualTo(-1);
  }

  @Test
  void randomOperationsKeepSlotsDenseAndSamplesIndexed() {
    Random random = new Random(1234);
    List<Entry> indexed = new ArrayList<>();
    List<Entry> notIndexed = new ArrayList<>();
    for (int step = 0; step < 50_000; step++) {
      // Grow to thousands, then drain, twice: exercises the array's growth and shrink.
      boolean growing = (step / 12_500) % 2 == 0;
      int choice = random.nextInt(100);
      if (choice < (growing ? 60 : 20) || indexed.isEmpty()) {
        Entry e = notIndexed.isEmpty() || random.nextBoolean() ? entry() : notIndexed.remove(0);
        index.setExpireAt(e, 1 + random.nextInt(1_000_000));
        indexed.add(e);
      } else if (choice < 85) {
        Entry e = indexed.remove(random.nextInt(indexed.size()));
        if (random.nextBoolean()) {
          index.remove(e);
        } else {
          index.setExpireAt(e, Entry.NO_EXPIRY);
        }
        notIndexed.add(e);
      } else {
        Entry e = indexed.get(random.nextInt(indexed.size()));
        long when = 1 + random.nextInt(1_000_000);
        index.setExpireAt(e, when);
        assertThat(e.expireAt()).isEqualTo(when);
      }
      assertThat(index.size()).isEqualTo(indexed.size());
      Entry sample = index.random(random);
      if (indexed.isEmpty()) {
        assertThat(sample).isNull();
      } else {
        assertThat(sample.expirySlot).isNotNegative();
        assertThat(sample.hasExpiry()).isTrue();
      }
      if (step % 997 == 0) {
        assertSlotsConsistent(indexed, notIndexed);
      }
    }
    assertSlotsConsistent(indexed, notIndexed);
  }

  @Test
  void samplingReachesEveryIndexedEntry() {
    Random random = new Random(9);
    Set<Entry> all = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Entry e = entry();
      index.setExpireAt(e, 5);
      all.add(e);
    }
    Set<Entry> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(index.random(random));
    }
    assertThat(seen).isEqualTo(all);
  }

  @Test
  void shrinkingAfterManyRemovalsKeepsTheSurvivors() {
    List<Entry> all = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Entry e = entry();
      index.setExpireAt(e, i + 1);
      all.add(e);
    }
    List<Entry> survivors = new ArrayList<>(all.subList(9_990, 10_000));
    for (Entry e : all.subList(0, 9_990)) {
      index.remove(e);
    }
    assertSlotsConsistent(survivors, all.subList(0, 9_990));
    Random random = new Random(3);
    for (int i = 0; i < 1_000; i++) {
      assertThat(survivors).contains(index.random(random));
    }
  }

  @Test
  void clearEmptiesTheIndex() {
    for (int i = 0; i < 100; i++) {
      index.setExpireAt(entry(), 5);
    }
    index.clear();
    assertThat(index.size()).isZero();
    assertThat(index.random(new Random(1))).isNull();
    Entry fresh = entry();
    index.setExpireAt(fresh, 7);
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.random(new Random(1))).isSameAs(fresh);
  }
}
