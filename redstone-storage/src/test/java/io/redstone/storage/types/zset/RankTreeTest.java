package io.redstone.storage.types.zset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The tree at sizes where it has several levels of branches, so splits, merges and both rotations
 * run, checked against a sorted model and against its own invariants ({@link RankTree#verify}).
 */
class RankTreeTest {
  private record Element(double score, String member) implements Comparable<Element> {
    @Override
    public int compareTo(Element other) {
      int byScore = Double.compare(score, other.score);
      return byScore != 0 ? byScore : Arrays.compareUnsigned(bytes(member), bytes(other.member));
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void growsAndShrinksThroughEveryRebalancingCase() {
    Random random = new Random(7);
    RankTree tree = new RankTree();
    TreeSet<Element> model = new TreeSet<>();
    Map<String, Double> scores = new HashMap<>();
    // Grow past three levels, churn, then shrink to nothing: each phase leans on other cases.
    int[][] phases = {{300_000, 90}, {200_000, 50}, {300_000, 5}};
    for (int[] phase : phases) {
      for (int step = 0; step < phase[0]; step++) {
        String member = "m" + random.nextInt(40_000);
        Double old = scores.get(member);
        if (random.nextInt(100) < phase[1]) {
          double score = random.nextInt(2_000) / 8.0;
          if (old == null) {
            tree.insert(bytes(member), score);
          } else {
            tree.changeScore(bytes(member), old, score);
            model.remove(new Element(old, member));
          }
          model.add(new Element(score, member));
          scores.put(member, score);
        } else if (old != null) {
          assertThat(tree.delete(bytes(member))).isTrue();
          model.remove(new Element(old, member));
          scores.remove(member);
        } else {
          assertThat(tree.delete(bytes(member))).isFalse();
        }
      }
      tree.verify();
      assertSameOrder(tree, model);
    }
    for (String member : new ArrayList<>(scores.keySet())) {
      tree.delete(bytes(member));
    }
    tree.verify();
    assertThat(tree.size()).isZero();
    assertThat(tree.at(0).valid()).isFalse();
  }

  @Test
  void answersRanksAndRangesAsTheModel() {
    Random random = new Random(11);
    RankTree tree = new RankTree();
    List<Element> model = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      Element element = new Element(random.nextInt(5_000), "e" + i);
      tree.insert(bytes(element.member()), element.score());
      model.add(element);
    }
    model.sort(null);
    tree.verify();
    for (int probe = 0; probe < 2_000; probe++) {
      int rank = random.nextInt(model.size());
      Element element = model.get(rank);
      assertThat(tree.rank(bytes(element.member()))).isEqualTo(rank);
      ZStore.Cursor cursor = tree.at(rank);
      assertThat(cursor.member()).isEqualTo(bytes(element.member()));
      assertThat(cursor.rank()).isEqualTo(rank);

      double low = random.nextInt(5_200) - 100;
      double high = low + random.nextInt(300);
      ScoreRange range = ScoreRange.parse(bytes("(" + low), bytes(Double.toString(high)));
      int first = firstAbove(model, low);
      int last = lastAtMost(model, high);
      ZStore.Cursor from = tree.firstInRange(range);
      ZStore.Cursor to = tree.lastInRange(range);
      if (first > last) {
        assertThat(from).isNull();
        assertThat(to).isNull();
      } else {
        assertThat(from.rank()).isEqualTo(first);
        assertThat(from.member()).isEqualTo(bytes(model.get(first).member()));
        assertThat(to.rank()).isEqualTo(last);
        assertThat(to.member()).isEqualTo(bytes(model.get(last).member()));
      }
    }
  }

  @Test
  void deletesLongAndShortRunsOfRanks() {
    Random random = new Random(3);
    RankTree tree = new RankTree();
    List<Element> model = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      Element element = new Element(i, "r" + i);
      tree.insert(bytes(element.member()), element.score());
      model.add(element);
    }
    while (!model.isEmpty()) {
      int from = random.nextInt(model.size());
      int count = 1 + random.nextInt(random.nextBoolean() ? 40 : model.size() - from);
      count = Math.min(count, model.size() - from);
      tree.deleteRange(from, count);
      model.subList(from, from + count).clear();
      tree.verify();
      assertThat(tree.size()).isEqualTo(model.size());
      if (!model.isEmpty()) {
        int probe = random.nextInt(model.size());
        assertThat(tree.at(probe).member()).isEqualTo(bytes(model.get(probe).member()));
      }
    }
  }

  @Test
  void appendsFillTheirLeavesWhereHalvingWouldLeaveThemHalfEmpty() {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      order.add(i);
    }
    RankTree appended = new RankTree();
    for (int i : order) {
      appended.insert(bytes("a" + i), i);
    }
    Collections.shuffle(order, new Random(5));
    RankTree shuffled = new RankTree();
    for (int i : order) {
      shuffled.insert(bytes("a" + i), i);
    }
    appended.verify();
    shuffled.verify();
    assertThat(appended.memory()).isLessThan(shuffled.memory());
    assertThat(appended.rank(bytes("a99999"))).isEqualTo(99_999);
  }

  @Test
  void aCopyIsIndependentAndEqual() {
    RankTree tree = new RankTree();
    for (int i = 0; i < 10_000; i++) {
      tree.insert(bytes("c" + i), i % 97);
    }
    RankTree copy = tree.copy();
    copy.verify();
    tree.delete(bytes("c5"));
    assertThat(copy.size()).isEqualTo(10_000);
    assertThat(copy.score(bytes("c5"))).isEqualTo(5.0);
    // A copy is packed by a bulk load, so it may be smaller than a tree grown one insert at a time.
    assertThat(copy.memory()).isBetween(tree.memory() / 2, tree.memory());
  }

  private static int firstAbove(List<Element> sorted, double low) {
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).score() > low) {
        return i;
      }
    }
    return sorted.size();
  }

  private static int lastAtMost(List<Element> sorted, double high) {
    for (int i = sorted.size() - 1; i >= 0; i--) {
      if (sorted.get(i).score() <= high) {
        return i;
      }
    }
    return -1;
  }

  private static void assertSameOrder(RankTree tree, TreeSet<Element> model) {
    assertThat(tree.size()).isEqualTo(model.size());
    ZStore.Cursor cursor = tree.at(0);
    int rank = 0;
    for (Element element : model) {
      assertThat(cursor.valid()).isTrue();
      assertThat(cursor.rank()).isEqualTo(rank++);
      assertThat(cursor.score()).isEqualTo(element.score());
      assertThat(cursor.member()).isEqualTo(bytes(element.member()));
      cursor.next();
    }
    assertThat(cursor.valid()).isFalse();
    if (!model.isEmpty()) {
      ZStore.Cursor back = tree.at(model.size() - 1);
      for (Element element : model.descendingSet()) {
        assertThat(back.member()).isEqualTo(bytes(element.member()));
        back.previous();
      }
      assertThat(back.valid()).isFalse();
    }
  }
}
