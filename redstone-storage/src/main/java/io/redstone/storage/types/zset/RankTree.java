package io.redstone.storage.types.zset;

import io.redstone.storage.keyspace.BytesTable;
import io.redstone.storage.keyspace.HashNode;
import io.redstone.storage.types.string.Strings;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The scalable encoding of a sorted set: an order-statistic B+ tree ordered by score then member,
 * whose branches count the elements under each child so that rank lookups and rank ranges cost
 * O(log n), and a hash table from member to score for O(1) score lookups. OBJECT ENCODING calls it
 * {@code skiplist}, the name of the structure Redis uses for the same job, because clients and
 * tools match on that name.
 *
 * <p>Why a tree and not Redis's skip list: a skip list search visits about 4·log4(n) nodes, each a
 * separate object in Java (the node and its level array are two), so a search in a set of 100,000
 * is some sixty cache misses. Here a leaf keeps its scores in one {@code double[]} and its members
 * in one array, and a search is three or four nodes deep with a binary search inside each: a
 * handful of misses. The member bytes are only read when two scores tie.
 *
 * <p>Invariants: every leaf holds at least {@link #LEAF_MIN} elements, but the root and the last
 * leaf (which an append starts with one) only at least one unless the tree is empty; every branch
 * but the root at least {@link #BRANCH_MIN} children (the root branch at least two); a branch's
 * separator {@code i} is above everything under child {@code i} and at most everything under child
 * {@code i + 1}; {@code sizes[i]} is the number of elements under child {@code i}. Leaves are
 * linked both ways for cursors.
 */
final class RankTree extends ZStore {
  static final int LEAF_CAPACITY = 64;
  static final int BRANCH_CAPACITY = 64;
  static final int LEAF_MIN = LEAF_CAPACITY / 4;
  static final int BRANCH_MIN = BRANCH_CAPACITY / 4;

  /** How full a bulk load packs nodes: room for inserts without splitting at once. */
  private static final int LOAD_FILL_PERCENT = 75;

  /** Deep enough for 2^31 elements at minimum fill (16^8 > 2^31). */
  private static final int MAX_DEPTH = 10;

  /** Seeds the member tables; one per process, so clients cannot aim at a known hash. */
  private static final int TABLE_SEED = new SplittableRandom().nextInt();

  /** A leaf: its object and its two full-capacity arrays. */
  private static final long LEAF_BYTES =
      32 + arrayBytes(8L * LEAF_CAPACITY) + arrayBytes(4L * LEAF_CAPACITY);

  /** A branch: its object, children, sizes and the separators' scores and members. */
  private static final long BRANCH_BYTES =
      24
          + 2 * arrayBytes(4L * BRANCH_CAPACITY)
          + arrayBytes(8L * (BRANCH_CAPACITY - 1))
          + arrayBytes(4L * (BRANCH_CAPACITY - 1));

  /** A member table node: header, key, hash, next and score. */
  private static final long MEMBER_NODE_BYTES = 32;

  /** This object and its table without buckets. */
  private static final long FIXED_BYTES = 64 + 48;

  /** A member's entry in the member table; the tree's leaves hold the same member array. */
  static final class Member extends HashNode {
    double score;

    Member(byte[] member, int hash, double score) {
      super(member, hash);
      this.score = score;
    }
  }

  private abstract static sealed class Node permits Leaf, Branch {}

  private static final class Leaf extends Node {
    int count;
    final double[] scores = new double[LEAF_CAPACITY];
    final byte[][] members = new byte[LEAF_CAPACITY][];
    Leaf previous;
    Leaf next;
  }

  private static final class Branch extends Node {
    int count;
    final Node[] children = new Node[BRANCH_CAPACITY];
    final int[] sizes = new int[BRANCH_CAPACITY];
    final double[] scores = new double[BRANCH_CAPACITY - 1];
    final byte[][] members = new byte[BRANCH_CAPACITY - 1][];
  }

  /** A test on an element that is false then true (or true then false) along the order. */
  private interface ElementTest {
    boolean test(double score, byte[] member);
  }

  private final BytesTable<Member> table = new BytesTable<>(TABLE_SEED);
  private Node root = new Leaf();
  private Leaf head = (Leaf) root;
  private Leaf tail = head;
  private int length;
  private long leaves = 1;
  private long branches;
  private long memberBytes;

  // The path of the last descent, reused: the storage thread is the only caller.
  private final Branch[] pathBranch = new Branch[MAX_DEPTH];
  private final int[] pathChild = new int[MAX_DEPTH];

  private static long arrayBytes(long payload) {
    return (16 + payload + 7) & ~7L;
  }

  private static long bytesOf(byte[] member) {
    return MEMBER_NODE_BYTES + Strings.arrayBytes(member.length);
  }

  /** A tree of already ordered, distinct elements, built bottom-up in O(n). */
  static RankTree ofSorted(byte[][] members, double[] scores, int count) {
    RankTree tree = new RankTree();
    for (int i = 0; i < count; i++) {
      tree.addMember(members[i], scores[i]);
    }
    tree.load(members, scores, count);
    return tree;
  }

  @Override
  int size() {
    return length;
  }

  @Override
  double score(byte[] member) {
    Member node = table.get(member);
    return node == null ? Double.NaN : node.score;
  }

  @Override
  void insert(byte[] member, double score) {
    addMember(member, score);
    insertIntoTree(score, member);
  }

  private void addMember(byte[] member, double score) {
    table.insert(new Member(member, table.hashOf(member), score));
    memberBytes += bytesOf(member);
  }

  @Override
  void changeScore(byte[] member, double oldScore, double newScore) {
    Member node = table.get(member);
    byte[] key = node.key();
    int depth = locate(oldScore, key);
    Leaf leaf = foundLeaf;
    int at = foundAt;
    node.score = newScore;
    // Where the new score keeps the element between its neighbours in the leaf, only the score
    // changes; at a leaf's edge a separator might disagree, so those move through the tree.
    if (at > 0
        && at < leaf.count - 1
        && before(leaf.scores[at - 1], leaf.members[at - 1], newScore, key)
        && before(newScore, key, leaf.scores[at + 1], leaf.members[at + 1])) {
      leaf.scores[at] = newScore;
      return;
    }
    removeLocated(depth, leaf, at);
    insertIntoTree(newScore, key);
  }

  @Override
  boolean delete(byte[] member) {
    Member node = table.remove(member);
    if (node == null) {
      return false;
    }
    memberBytes -= bytesOf(node.key());
    int depth = locate(node.score, node.key());
    removeLocated(depth, foundLeaf, foundAt);
    return true;
  }

  @Override
  int rank(byte[] member) {
    Member node = table.get(member);
    if (node == null) {
      return -1;
    }
    int rank = 0;
    Node at = root;
    while (at instanceof Branch branch) {
      int child = childFor(branch, node.score, node.key());
      for (int i = 0; i < child; i++) {
        rank += branch.sizes[i];
      }
      at = branch.children[child];
    }
    Leaf leaf = (Leaf) at;
    return rank + lowerBound(leaf.scores, leaf.members, leaf.count, node.score, node.key());
  }

  @Override
  Cursor at(int rank) {
    if (length == 0) {
      return new LeafCursor(null, 0, rank);
    }
    if (rank < 0 || rank >= length) {
      throw new IndexOutOfBoundsException("rank " + rank + " of " + length);
    }
    if (rank == 0) {
      return new LeafCursor(head, 0, 0);
    }
    if (rank == length - 1) {
      return new LeafCursor(tail, tail.count - 1, rank);
    }
    int remaining = rank;
    Node at = root;
    while (at instanceof Branch branch) {
      int child = 0;
      while (remaining >= branch.sizes[child]) {
        remaining -= branch.sizes[child];
        child++;
      }
      at = branch.children[child];
    }
    return new LeafCursor((Leaf) at, remaining, rank);
  }

  private boolean mayHold(ScoreRange range) {
    return !range.isEmpty()
        && length > 0
        && range.aboveMin(tail.scores[tail.count - 1])
        && range.belowMax(head.scores[0]);
  }

  @Override
  Cursor firstInRange(ScoreRange range) {
    return mayHold(range)
        ? within(firstWhere((score, member) -> range.aboveMin(score)), range::belowMax)
        : null;
  }

  @Override
  Cursor lastInRange(ScoreRange range) {
    return mayHold(range)
        ? within(lastWhere((score, member) -> range.belowMax(score)), range::aboveMin)
        : null;
  }

  private boolean mayHold(LexRange range) {
    return !range.isEmpty()
        && length > 0
        && range.aboveMin(tail.members[tail.count - 1])
        && range.belowMax(head.members[0]);
  }

  @Override
  Cursor firstInLex(LexRange range) {
    return mayHold(range)
        ? within(firstWhere((score, member) -> range.aboveMin(member)), range::belowMax)
        : null;
  }

  @Override
  Cursor lastInLex(LexRange range) {
    return mayHold(range)
        ? within(lastWhere((score, member) -> range.belowMax(member)), range::aboveMin)
        : null;
  }

  /** The cursor when its element is also on the range's other side, else null. */
  private static LeafCursor within(LeafCursor cursor, DoublePredicate byScore) {
    return cursor != null && byScore.test(cursor.score()) ? cursor : null;
  }

  private static LeafCursor within(LeafCursor cursor, Predicate<byte[]> byMember) {
    return cursor != null && byMember.test(cursor.member()) ? cursor : null;
  }

  /** By ranks, as Redis's ZLEXCOUNT on its skip list. */
  @Override
  long lexCount(LexRange range) {
    Cursor first = firstInLex(range);
    if (first == null) {
      return 0;
    }
    Cursor last = lastInLex(range);
    return last == null ? length - first.rank() : last.rank() - first.rank() + 1L;
  }

  /**
   * Deletes a run of ranks: one element at a time for a short run, O(log n) each; by rebuilding
   * from the elements that stay when the run is a large part of the set, O(n) in all.
   */
  @Override
  void deleteRange(int from, int count) {
    if (count <= 0) {
      return;
    }
    if (count <= LEAF_CAPACITY || count < length / 8) {
      for (int i = 0; i < count; i++) {
        deleteAt(from);
      }
      return;
    }
    int kept = length - count;
    byte[][] members = new byte[kept][];
    double[] scores = new double[kept];
    int n = 0;
    int rank = 0;
    for (Leaf leaf = head; leaf != null; leaf = leaf.next) {
      for (int i = 0; i < leaf.count; i++, rank++) {
        if (rank >= from && rank < from + count) {
          Member removed = table.remove(leaf.members[i]);
          memberBytes -= bytesOf(removed.key());
        } else {
          members[n] = leaf.members[i];
          scores[n++] = leaf.scores[i];
        }
      }
    }
    load(members, scores, kept);
  }

  private void deleteAt(int rank) {
    int remaining = rank;
    int depth = 0;
    Node at = root;
    while (at instanceof Branch branch) {
      int child = 0;
      while (remaining >= branch.sizes[child]) {
        remaining -= branch.sizes[child];
        child++;
      }
      pathBranch[depth] = branch;
      pathChild[depth++] = child;
      at = branch.children[child];
    }
    Leaf leaf = (Leaf) at;
    Member removed = table.remove(leaf.members[remaining]);
    memberBytes -= bytesOf(removed.key());
    removeLocated(depth, leaf, remaining);
  }

  /** One step of ZSCAN over the member table; see {@link BytesTable#scan}. */
  long scan(long cursor, Consumer<Member> visitor) {
    return table.scan(cursor, visitor);
  }

  /** A member chosen at random from the table, as Redis's {@code dictGetFairRandomKey}. */
  Member random(RandomGenerator random) {
    return table.randomEntry(random);
  }

  @Override
  long memory() {
    return FIXED_BYTES
        + memberBytes
        + leaves * LEAF_BYTES
        + branches * BRANCH_BYTES
        + arrayBytes(4L * table.capacity());
  }

  @Override
  RankTree copy() {
    byte[][] members = new byte[length][];
    double[] scores = new double[length];
    int n = 0;
    for (Leaf leaf = head; leaf != null; leaf = leaf.next) {
      for (int i = 0; i < leaf.count; i++, n++) {
        members[n] = leaf.members[i].clone();
        scores[n] = leaf.scores[i];
      }
    }
    return ofSorted(members, scores, length);
  }

  // ---------------------------------------------------------------------------------------------
  // Descent and search

  /** The first position in {@code [0, count)} whose element does not sort before the key. */
  private static int lowerBound(
      double[] scores, byte[][] members, int count, double score, byte[] member) {
    int low = 0;
    int high = count;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (before(scores[mid], members[mid], score, member)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The child of {@code branch} whose range holds the key. */
  private static int childFor(Branch branch, double score, byte[] member) {
    int low = 0;
    int high = branch.count - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (before(score, member, branch.scores[mid], branch.members[mid])) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  // Where the last locate() found its element.
  private Leaf foundLeaf;
  private int foundAt;

  /** Finds a present element, recording the path; returns the path's depth. */
  private int locate(double score, byte[] member) {
    int depth = 0;
    Node at = root;
    while (at instanceof Branch branch) {
      int child = childFor(branch, score, member);
      pathBranch[depth] = branch;
      pathChild[depth++] = child;
      at = branch.children[child];
    }
    Leaf leaf = (Leaf) at;
    int position = lowerBound(leaf.scores, leaf.members, leaf.count, score, member);
    if (position == leaf.count
        || leaf.scores[position] != score
        || !Arrays.equals(leaf.members[position], member)) {
      throw new IllegalStateException("a member of the table is missing from the tree");
    }
    foundLeaf = leaf;
    foundAt = position;
    return depth;
  }

  /** The first element passing a test that is false then true along the order, or null. */
  private LeafCursor firstWhere(ElementTest test) {
    int rank = 0;
    Node at = root;
    while (at instanceof Branch branch) {
      // Everything under the children before the first passing separator fails.
      int low = 0;
      int high = branch.count - 1;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (test.test(branch.scores[mid], branch.members[mid])) {
          high = mid;
        } else {
          low = mid + 1;
        }
      }
      for (int i = 0; i < low; i++) {
        rank += branch.sizes[i];
      }
      at = branch.children[low];
    }
    Leaf leaf = (Leaf) at;
    int low = 0;
    int high = leaf.count;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (test.test(leaf.scores[mid], leaf.members[mid])) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    if (low == leaf.count) {
      // The next leaf starts at or above a passing separator, so its first element passes.
      return leaf.next == null ? null : new LeafCursor(leaf.next, 0, rank + leaf.count);
    }
    return new LeafCursor(leaf, low, rank + low);
  }

  /** The last element passing a test that is true then false along the order, or null. */
  private LeafCursor lastWhere(ElementTest test) {
    int rank = 0;
    Node at = root;
    while (at instanceof Branch branch) {
      // Everything under the children after the first failing separator fails.
      int low = 0;
      int high = branch.count - 1;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (test.test(branch.scores[mid], branch.members[mid])) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      for (int i = 0; i < low; i++) {
        rank += branch.sizes[i];
      }
      at = branch.children[low];
    }
    Leaf leaf = (Leaf) at;
    int low = 0;
    int high = leaf.count;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (test.test(leaf.scores[mid], leaf.members[mid])) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    if (low == 0) {
      // The previous leaf ends below a passing separator, so its last element passes.
      Leaf previous = leaf.previous;
      return previous == null ? null : new LeafCursor(previous, previous.count - 1, rank - 1);
    }
    return new LeafCursor(leaf, low - 1, rank + low - 1);
  }

  // ---------------------------------------------------------------------------------------------
  // Insertion: full nodes are split on the way down, so a parent always has room for a new child.

  private void insertIntoTree(double score, byte[] member) {
    if (isFull(root)) {
      Branch grown = new Branch();
      branches++;
      grown.children[0] = root;
      grown.sizes[0] = length;
      grown.count = 1;
      root = grown;
    }
    Node at = root;
    while (at instanceof Branch branch) {
      int child = childFor(branch, score, member);
      if (isFull(branch.children[child])) {
        if (branch.children[child] == tail && after(tail, score, member)) {
          // Appending (scores that only grow: timestamps, counters) starts an empty last leaf
          // rather than halving a full one, so such a set fills its leaves, not half of each.
          appendLeaf(branch, child, score, member);
        } else {
          split(branch, child);
        }
        if (!before(score, member, branch.scores[child], branch.members[child])) {
          child++;
        }
      }
      branch.sizes[child]++;
      at = branch.children[child];
    }
    Leaf leaf = (Leaf) at;
    int position = lowerBound(leaf.scores, leaf.members, leaf.count, score, member);
    int moved = leaf.count - position;
    System.arraycopy(leaf.scores, position, leaf.scores, position + 1, moved);
    System.arraycopy(leaf.members, position, leaf.members, position + 1, moved);
    leaf.scores[position] = score;
    leaf.members[position] = member;
    leaf.count++;
    length++;
  }

  private static boolean isFull(Node node) {
    return node instanceof Leaf leaf
        ? leaf.count == LEAF_CAPACITY
        : ((Branch) node).count == BRANCH_CAPACITY;
  }

  private static boolean after(Leaf leaf, double score, byte[] member) {
    int last = leaf.count - 1;
    return before(leaf.scores[last], leaf.members[last], score, member);
  }

  /** Puts an empty leaf after the full last leaf, child {@code index}, for a key above all. */
  private void appendLeaf(Branch parent, int index, double score, byte[] member) {
    Leaf full = (Leaf) parent.children[index];
    Leaf appended = new Leaf();
    leaves++;
    appended.previous = full;
    full.next = appended;
    tail = appended;
    insertChild(parent, index + 1, appended, 0, score, member);
  }

  /** Splits the full child {@code index} of {@code parent} in two halves. */
  private void split(Branch parent, int index) {
    Node child = parent.children[index];
    Node right;
    double separatorScore;
    byte[] separatorMember;
    int leftSize;
    int rightSize;
    if (child instanceof Leaf left) {
      Leaf sibling = new Leaf();
      leaves++;
      int keep = left.count / 2;
      int moved = left.count - keep;
      System.arraycopy(left.scores, keep, sibling.scores, 0, moved);
      System.arraycopy(left.members, keep, sibling.members, 0, moved);
      Arrays.fill(left.members, keep, left.count, null);
      left.count = keep;
      sibling.count = moved;
      sibling.previous = left;
      sibling.next = left.next;
      if (left.next != null) {
        left.next.previous = sibling;
      } else {
        tail = sibling;
      }
      left.next = sibling;
      separatorScore = sibling.scores[0];
      separatorMember = sibling.members[0];
      leftSize = keep;
      rightSize = moved;
      right = sibling;
    } else {
      Branch left = (Branch) child;
      Branch sibling = new Branch();
      branches++;
      int keep = left.count / 2;
      int moved = left.count - keep;
      System.arraycopy(left.children, keep, sibling.children, 0, moved);
      System.arraycopy(left.sizes, keep, sibling.sizes, 0, moved);
      System.arraycopy(left.scores, keep, sibling.scores, 0, moved - 1);
      System.arraycopy(left.members, keep, sibling.members, 0, moved - 1);
      separatorScore = left.scores[keep - 1];
      separatorMember = left.members[keep - 1];
      Arrays.fill(left.children, keep, left.count, null);
      Arrays.fill(left.members, keep - 1, left.count - 1, null);
      left.count = keep;
      sibling.count = moved;
      leftSize = sum(left.sizes, keep);
      rightSize = sum(sibling.sizes, moved);
      right = sibling;
    }
    insertChild(parent, index + 1, right, rightSize, separatorScore, separatorMember);
    parent.sizes[index] = leftSize;
  }

  private static int sum(int[] sizes, int count) {
    int total = 0;
    for (int i = 0; i < count; i++) {
      total += sizes[i];
    }
    return total;
  }

  /** Puts {@code child} at {@code index}, with the separator before it. */
  private static void insertChild(
      Branch parent, int index, Node child, int size, double score, byte[] member) {
    int moved = parent.count - index;
    System.arraycopy(parent.children, index, parent.children, index + 1, moved);
    System.arraycopy(parent.sizes, index, parent.sizes, index + 1, moved);
    System.arraycopy(parent.scores, index - 1, parent.scores, index, moved);
    System.arraycopy(parent.members, index - 1, parent.members, index, moved);
    parent.children[index] = child;
    parent.sizes[index] = size;
    parent.scores[index - 1] = score;
    parent.members[index - 1] = member;
    parent.count++;
  }

  /** Takes out child {@code index} (never the first) and the separator before it. */
  private static void removeChild(Branch parent, int index) {
    int moved = parent.count - index - 1;
    System.arraycopy(parent.children, index + 1, parent.children, index, moved);
    System.arraycopy(parent.sizes, index + 1, parent.sizes, index, moved);
    System.arraycopy(parent.scores, index, parent.scores, index - 1, moved);
    System.arraycopy(parent.members, index, parent.members, index - 1, moved);
    parent.count--;
    parent.children[parent.count] = null;
    parent.members[parent.count - 1] = null;
  }

  // ---------------------------------------------------------------------------------------------
  // Removal: the element goes, then nodes left under their minimum merge with or borrow from a
  // sibling, from the leaf up.

  private void removeLocated(int depth, Leaf leaf, int at) {
    for (int d = 0; d < depth; d++) {
      pathBranch[d].sizes[pathChild[d]]--;
    }
    int moved = leaf.count - at - 1;
    System.arraycopy(leaf.scores, at + 1, leaf.scores, at, moved);
    System.arraycopy(leaf.members, at + 1, leaf.members, at, moved);
    leaf.count--;
    leaf.members[leaf.count] = null;
    length--;
    Node node = leaf;
    for (int d = depth - 1; d >= 0 && underfull(node); d--) {
      rebalance(pathBranch[d], pathChild[d]);
      node = pathBranch[d];
    }
    while (root instanceof Branch top && top.count == 1) {
      root = top.children[0];
      branches--;
    }
  }

  private static boolean underfull(Node node) {
    return node instanceof Leaf leaf ? leaf.count < LEAF_MIN : ((Branch) node).count < BRANCH_MIN;
  }

  /**
   * Child {@code index} of {@code parent} fell under its minimum: merge or share with a sibling.
   */
  private void rebalance(Branch parent, int index) {
    int left = index < parent.count - 1 ? index : index - 1;
    int right = left + 1;
    if (parent.children[left] instanceof Leaf leftLeaf) {
      Leaf rightLeaf = (Leaf) parent.children[right];
      if (leftLeaf.count + rightLeaf.count <= LEAF_CAPACITY) {
        mergeLeaves(leftLeaf, rightLeaf);
        parent.sizes[left] = leftLeaf.count;
        removeChild(parent, right);
      } else {
        shareLeaves(leftLeaf, rightLeaf);
        parent.sizes[left] = leftLeaf.count;
        parent.sizes[right] = rightLeaf.count;
        parent.scores[left] = rightLeaf.scores[0];
        parent.members[left] = rightLeaf.members[0];
      }
      return;
    }
    Branch leftBranch = (Branch) parent.children[left];
    Branch rightBranch = (Branch) parent.children[right];
    if (leftBranch.count + rightBranch.count <= BRANCH_CAPACITY) {
      mergeBranches(leftBranch, rightBranch, parent.scores[left], parent.members[left]);
      parent.sizes[left] += parent.sizes[right];
      removeChild(parent, right);
    } else {
      int target = (leftBranch.count + rightBranch.count) / 2;
      int movedSize =
          leftBranch.count < target
              ? rotateLeft(parent, left, leftBranch, rightBranch, target - leftBranch.count)
              : -rotateRight(parent, left, leftBranch, rightBranch, leftBranch.count - target);
      parent.sizes[left] += movedSize;
      parent.sizes[right] -= movedSize;
    }
  }

  private void mergeLeaves(Leaf left, Leaf right) {
    System.arraycopy(right.scores, 0, left.scores, left.count, right.count);
    System.arraycopy(right.members, 0, left.members, left.count, right.count);
    left.count += right.count;
    left.next = right.next;
    if (right.next != null) {
      right.next.previous = left;
    } else {
      tail = left;
    }
    leaves--;
  }

  /** Evens out two neighbouring leaves whose elements do not fit in one. */
  private static void shareLeaves(Leaf left, Leaf right) {
    int target = (left.count + right.count) / 2;
    if (left.count < target) {
      int moved = target - left.count;
      System.arraycopy(right.scores, 0, left.scores, left.count, moved);
      System.arraycopy(right.members, 0, left.members, left.count, moved);
      int rest = right.count - moved;
      System.arraycopy(right.scores, moved, right.scores, 0, rest);
      System.arraycopy(right.members, moved, right.members, 0, rest);
      Arrays.fill(right.members, rest, right.count, null);
      left.count = target;
      right.count = rest;
    } else {
      int moved = left.count - target;
      System.arraycopy(right.scores, 0, right.scores, moved, right.count);
      System.arraycopy(right.members, 0, right.members, moved, right.count);
      System.arraycopy(left.scores, target, right.scores, 0, moved);
      System.arraycopy(left.members, target, right.members, 0, moved);
      Arrays.fill(left.members, target, left.count, null);
      left.count = target;
      right.count += moved;
    }
  }

  private void mergeBranches(Branch left, Branch right, double score, byte[] member) {
    left.scores[left.count - 1] = score;
    left.members[left.count - 1] = member;
    System.arraycopy(right.children, 0, left.children, left.count, right.count);
    System.arraycopy(right.sizes, 0, left.sizes, left.count, right.count);
    System.arraycopy(right.scores, 0, left.scores, left.count, right.count - 1);
    System.arraycopy(right.members, 0, left.members, left.count, right.count - 1);
    left.count += right.count;
    branches--;
  }

  /**
   * Moves the first {@code moved} children of {@code right} to the end of {@code left}; the
   * parent's separator comes down between them and the last moved child's goes up. Returns the
   * number of elements moved.
   */
  private static int rotateLeft(
      Branch parent, int separator, Branch left, Branch right, int moved) {
    left.scores[left.count - 1] = parent.scores[separator];
    left.members[left.count - 1] = parent.members[separator];
    System.arraycopy(right.children, 0, left.children, left.count, moved);
    System.arraycopy(right.sizes, 0, left.sizes, left.count, moved);
    System.arraycopy(right.scores, 0, left.scores, left.count, moved - 1);
    System.arraycopy(right.members, 0, left.members, left.count, moved - 1);
    parent.scores[separator] = right.scores[moved - 1];
    parent.members[separator] = right.members[moved - 1];
    int elements = sum(right.sizes, moved);
    int rest = right.count - moved;
    System.arraycopy(right.children, moved, right.children, 0, rest);
    System.arraycopy(right.sizes, moved, right.sizes, 0, rest);
    System.arraycopy(right.scores, moved, right.scores, 0, rest - 1);
    System.arraycopy(right.members, moved, right.members, 0, rest - 1);
    Arrays.fill(right.children, rest, right.count, null);
    Arrays.fill(right.members, rest - 1, right.count - 1, null);
    left.count += moved;
    right.count = rest;
    return elements;
  }

  /** Moves the last {@code moved} children of {@code left} to the front of {@code right}. */
  private static int rotateRight(
      Branch parent, int separator, Branch left, Branch right, int moved) {
    int keep = left.count - moved;
    System.arraycopy(right.children, 0, right.children, moved, right.count);
    System.arraycopy(right.sizes, 0, right.sizes, moved, right.count);
    System.arraycopy(right.scores, 0, right.scores, moved, right.count - 1);
    System.arraycopy(right.members, 0, right.members, moved, right.count - 1);
    System.arraycopy(left.children, keep, right.children, 0, moved);
    System.arraycopy(left.sizes, keep, right.sizes, 0, moved);
    System.arraycopy(left.scores, keep, right.scores, 0, moved - 1);
    System.arraycopy(left.members, keep, right.members, 0, moved - 1);
    right.scores[moved - 1] = parent.scores[separator];
    right.members[moved - 1] = parent.members[separator];
    parent.scores[separator] = left.scores[keep - 1];
    parent.members[separator] = left.members[keep - 1];
    int elements = 0;
    for (int i = 0; i < moved; i++) {
      elements += right.sizes[i];
    }
    Arrays.fill(left.children, keep, left.count, null);
    Arrays.fill(left.members, keep - 1, left.count - 1, null);
    right.count += moved;
    left.count = keep;
    return elements;
  }

  // ---------------------------------------------------------------------------------------------
  // Bulk load

  /** Replaces the tree with one holding these ordered elements; the member table is untouched. */
  private void load(byte[][] members, double[] scores, int count) {
    length = count;
    leaves = 0;
    branches = 0;
    int perLeaf = LEAF_CAPACITY * LOAD_FILL_PERCENT / 100;
    int leafCount = Math.max(1, (count + perLeaf - 1) / perLeaf);
    Node[] level = new Node[leafCount];
    int[] sizes = new int[leafCount];
    double[] firstScores = new double[leafCount];
    byte[][] firstMembers = new byte[leafCount][];
    Leaf previous = null;
    int start = 0;
    for (int i = 0; i < leafCount; i++) {
      int take = share(count, leafCount, i);
      Leaf leaf = new Leaf();
      System.arraycopy(scores, start, leaf.scores, 0, take);
      System.arraycopy(members, start, leaf.members, 0, take);
      leaf.count = take;
      leaf.previous = previous;
      if (previous != null) {
        previous.next = leaf;
      } else {
        head = leaf;
      }
      previous = leaf;
      level[i] = leaf;
      sizes[i] = take;
      if (take > 0) {
        firstScores[i] = scores[start];
        firstMembers[i] = members[start];
      }
      start += take;
    }
    tail = previous;
    leaves = leafCount;
    int perBranch = BRANCH_CAPACITY * LOAD_FILL_PERCENT / 100;
    while (level.length > 1) {
      int parents = (level.length + perBranch - 1) / perBranch;
      Node[] upper = new Node[parents];
      int[] upperSizes = new int[parents];
      double[] upperScores = new double[parents];
      byte[][] upperMembers = new byte[parents][];
      int next = 0;
      for (int p = 0; p < parents; p++) {
        int take = share(level.length, parents, p);
        Branch branch = new Branch();
        for (int c = 0; c < take; c++, next++) {
          branch.children[c] = level[next];
          branch.sizes[c] = sizes[next];
          if (c > 0) {
            branch.scores[c - 1] = firstScores[next];
            branch.members[c - 1] = firstMembers[next];
          }
        }
        branch.count = take;
        int first = next - take;
        upper[p] = branch;
        upperSizes[p] = sum(branch.sizes, take);
        upperScores[p] = firstScores[first];
        upperMembers[p] = firstMembers[first];
      }
      branches += parents;
      level = upper;
      sizes = upperSizes;
      firstScores = upperScores;
      firstMembers = upperMembers;
    }
    root = level[0];
  }

  /** Part {@code index} of {@code total} items cut into {@code parts} near-equal parts. */
  private static int share(int total, int parts, int index) {
    return total / parts + (index < total % parts ? 1 : 0);
  }

  /**
   * Checks every invariant of the class comment and the leaf chain against the member table; throws
   * on the first one broken. For tests: O(n).
   */
  void verify() {
    int[] seen = new int[1];
    int counted = verifyNode(root, true, seen);
    if (counted != length || seen[0] != length || table.size() != length) {
      throw new IllegalStateException(
          "length "
              + length
              + ", tree "
              + counted
              + ", chain "
              + seen[0]
              + ", table "
              + table.size());
    }
    int chained = 0;
    Leaf previous = null;
    for (Leaf leaf = head; leaf != null; previous = leaf, leaf = leaf.next) {
      if (leaf.previous != previous) {
        throw new IllegalStateException("a broken backward link");
      }
      for (int i = 0; i < leaf.count; i++, chained++) {
        Member member = table.get(leaf.members[i]);
        if (member == null || member.score != leaf.scores[i]) {
          throw new IllegalStateException("a leaf element disagrees with the member table");
        }
      }
    }
    if (previous != tail || chained != length) {
      throw new IllegalStateException("the leaf chain holds " + chained + " of " + length);
    }
  }

  /** Checks a subtree, its fill and its order; returns its element count. */
  private int verifyNode(Node node, boolean isRoot, int[] seen) {
    if (node instanceof Leaf leaf) {
      if (!isRoot && (leaf.count < LEAF_MIN && leaf != tail || leaf.count == 0)) {
        throw new IllegalStateException("a leaf of " + leaf.count);
      }
      for (int i = 1; i < leaf.count; i++) {
        if (!before(leaf.scores[i - 1], leaf.members[i - 1], leaf.scores[i], leaf.members[i])) {
          throw new IllegalStateException("a leaf out of order");
        }
      }
      seen[0] += leaf.count;
      return leaf.count;
    }
    Branch branch = (Branch) node;
    if (branch.count < (isRoot ? 2 : BRANCH_MIN)) {
      throw new IllegalStateException("a branch of " + branch.count);
    }
    int total = 0;
    for (int i = 0; i < branch.count; i++) {
      int size = verifyNode(branch.children[i], false, seen);
      if (size != branch.sizes[i]) {
        throw new IllegalStateException("a size of " + branch.sizes[i] + " for " + size);
      }
      if (i > 0) {
        checkBound(branch.children[i], branch.scores[i - 1], branch.members[i - 1], true);
      }
      if (i < branch.count - 1) {
        checkBound(branch.children[i], branch.scores[i], branch.members[i], false);
      }
      total += size;
    }
    return total;
  }

  /** Whether every element under {@code node} is at least (or below) the separator. */
  private static void checkBound(Node node, double score, byte[] member, boolean atLeast) {
    if (node instanceof Branch branch) {
      for (int i = 0; i < branch.count; i++) {
        checkBound(branch.children[i], score, member, atLeast);
      }
      return;
    }
    Leaf leaf = (Leaf) node;
    for (int i = 0; i < leaf.count; i++) {
      boolean below = before(leaf.scores[i], leaf.members[i], score, member);
      if (below == atLeast) {
        throw new IllegalStateException("an element on the wrong side of a separator");
      }
    }
  }

  /** A position in a leaf and its rank; past either end the leaf is null. */
  private static final class LeafCursor extends Cursor {
    private Leaf leaf;
    private int index;
    private int rank;

    LeafCursor(Leaf leaf, int index, int rank) {
      this.leaf = leaf;
      this.index = index;
      this.rank = rank;
    }

    @Override
    boolean valid() {
      return leaf != null;
    }

    @Override
    byte[] member() {
      return leaf.members[index];
    }

    @Override
    double score() {
      return leaf.scores[index];
    }

    @Override
    int rank() {
      return rank;
    }

    @Override
    void next() {
      rank++;
      if (++index == leaf.count) {
        leaf = leaf.next;
        index = 0;
      }
    }

    @Override
    void previous() {
      rank--;
      if (--index < 0) {
        leaf = leaf.previous;
        index = leaf == null ? 0 : leaf.count - 1;
      }
    }
  }
}
