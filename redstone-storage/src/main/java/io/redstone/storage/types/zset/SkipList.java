package io.redstone.storage.types.zset;

import io.redstone.storage.keyspace.BytesTable;
import io.redstone.storage.keyspace.HashNode;
import io.redstone.storage.types.string.Strings;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The scalable encoding ({@code skiplist} to OBJECT ENCODING), Redis's: a skip list ordered by
 * score then member, whose links carry spans (how many elements each one skips) so that rank
 * lookups and rank ranges cost O(log n), and a hash table from member to node for O(1) score
 * lookups. A node is both: it is the table's chain node ({@link HashNode}), so an element costs one
 * object and its two level arrays. The table is a {@link BytesTable}, whose cursor lets ZSCAN run
 * across resizes.
 */
final class SkipList extends ZStore {
  static final int MAX_LEVEL = 32;

  /** Redis's ZSKIPLIST_P: a node reaches the next level with probability 1/4. */
  private static final int LEVEL_UP_BELOW = (int) (0.25 * 0xFFFF);

  /** Seeds the member tables; one per process, so clients cannot aim at a known hash. */
  private static final int TABLE_SEED = new SplittableRandom().nextInt();

  /** This object with its header node, tail, counters and table (without its buckets). */
  private static final int FIXED_BYTES = 64 + 48 + 2 * (16 + 4 * MAX_LEVEL) + 48;

  /** A node's object: header, the chain node's key, hash and next, score, backward, two arrays. */
  private static final int NODE_OBJECT_BYTES = 48;

  /** An element: member, score, and its links on each of its levels. */
  static final class Node extends HashNode {
    double score;
    Node backward;
    final Node[] forward;
    final int[] span;

    Node(byte[] member, int hash, int levels, double score) {
      super(member, hash);
      this.forward = new Node[levels];
      this.span = new int[levels];
      this.score = score;
    }
  }

  private final Node header = new Node(new byte[0], 0, MAX_LEVEL, 0);
  private final BytesTable<Node> table = new BytesTable<>(TABLE_SEED);
  private Node tail;
  private int length;
  private int level = 1;

  /** Heap bytes of the nodes, their level arrays and their members. */
  private long nodeBytes;

  /** Whether (score, member) sorts before (otherScore, otherMember). */
  static boolean before(double score, byte[] member, double otherScore, byte[] otherMember) {
    return score < otherScore
        || (score == otherScore && Arrays.compareUnsigned(member, otherMember) < 0);
  }

  private static int randomLevel() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int levels = 1;
    while ((random.nextInt() & 0xFFFF) < LEVEL_UP_BELOW && levels < MAX_LEVEL) {
      levels++;
    }
    return levels;
  }

  private static long bytesOf(Node node) {
    long levelArray = (16 + 4L * node.forward.length + 7) & ~7L;
    return NODE_OBJECT_BYTES + 2 * levelArray + Strings.arrayBytes(node.key().length);
  }

  @Override
  int size() {
    return length;
  }

  Node first() {
    return header.forward[0];
  }

  Node last() {
    return tail;
  }

  @Override
  double score(byte[] member) {
    Node node = table.get(member);
    return node == null ? Double.NaN : node.score;
  }

  @Override
  void insert(byte[] member, double score) {
    Node node = new Node(member, table.hashOf(member), randomLevel(), score);
    link(node);
    table.insert(node);
    nodeBytes += bytesOf(node);
  }

  /** Links a node at its place by its score and member (Redis's {@code zslInsert}). */
  private void link(Node x) {
    Node[] update = new Node[MAX_LEVEL];
    int[] rank = new int[MAX_LEVEL];
    Node n = header;
    for (int i = level - 1; i >= 0; i--) {
      rank[i] = i == level - 1 ? 0 : rank[i + 1];
      Node f;
      while ((f = n.forward[i]) != null && before(f.score, f.key(), x.score, x.key())) {
        rank[i] += n.span[i];
        n = f;
      }
      update[i] = n;
    }
    int levels = x.forward.length;
    if (levels > level) {
      for (int i = level; i < levels; i++) {
        rank[i] = 0;
        update[i] = header;
        header.span[i] = length;
      }
      level = levels;
    }
    for (int i = 0; i < levels; i++) {
      x.forward[i] = update[i].forward[i];
      update[i].forward[i] = x;
      x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
      update[i].span[i] = (rank[0] - rank[i]) + 1;
    }
    for (int i = levels; i < level; i++) {
      update[i].span[i]++;
    }
    x.backward = update[0] == header ? null : update[0];
    if (x.forward[0] != null) {
      x.forward[0].backward = x;
    } else {
      tail = x;
    }
    length++;
  }

  /** The last node on each level before the node of (score, member). */
  private Node[] pathTo(double score, byte[] member) {
    Node[] update = new Node[MAX_LEVEL];
    Node n = header;
    for (int i = level - 1; i >= 0; i--) {
      Node f;
      while ((f = n.forward[i]) != null && before(f.score, f.key(), score, member)) {
        n = f;
      }
      update[i] = n;
    }
    return update;
  }

  /** Redis's {@code zslDeleteNode}: unlinks x, whose predecessors are {@code update}. */
  private void unlink(Node x, Node[] update) {
    for (int i = 0; i < level; i++) {
      if (update[i].forward[i] == x) {
        update[i].span[i] += x.span[i] - 1;
        update[i].forward[i] = x.forward[i];
      } else {
        update[i].span[i] -= 1;
      }
    }
    if (x.forward[0] != null) {
      x.forward[0].backward = x.backward;
    } else {
      tail = x.backward;
    }
    while (level > 1 && header.forward[level - 1] == null) {
      level--;
    }
    length--;
  }

  @Override
  void changeScore(byte[] member, double oldScore, double newScore) {
    Node x = table.get(member);
    // Where the new score keeps the node's place, only the score changes (zslUpdateScore).
    if ((x.backward == null || x.backward.score < newScore)
        && (x.forward[0] == null || x.forward[0].score > newScore)) {
      x.score = newScore;
      return;
    }
    unlink(x, pathTo(x.score, x.key()));
    x.score = newScore;
    Arrays.fill(x.forward, null);
    link(x);
  }

  @Override
  boolean delete(byte[] member) {
    Node x = table.remove(member);
    if (x == null) {
      return false;
    }
    unlink(x, pathTo(x.score, x.key()));
    nodeBytes -= bytesOf(x);
    return true;
  }

  @Override
  int rank(byte[] member) {
    Node node = table.get(member);
    if (node == null) {
      return -1;
    }
    int traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      Node f;
      while ((f = x.forward[i]) != null && !before(node.score, node.key(), f.score, f.key())) {
        traversed += x.span[i];
        x = f;
      }
      if (x == node) {
        return traversed - 1;
      }
    }
    throw new IllegalStateException("a member of the table is missing from the list");
  }

  /** The node of 0-based {@code rank} (Redis's {@code zslGetElementByRank}, 1-based there). */
  private Node nodeAt(int rank) {
    int target = rank + 1;
    int traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && traversed + x.span[i] <= target) {
        traversed += x.span[i];
        x = x.forward[i];
      }
      if (traversed == target) {
        return x;
      }
    }
    throw new IndexOutOfBoundsException("rank " + rank + " of " + length);
  }

  @Override
  Cursor at(int rank) {
    if (rank == 0) {
      return new NodeCursor(header.forward[0], 0);
    }
    if (rank == length - 1) {
      return new NodeCursor(tail, rank);
    }
    return new NodeCursor(nodeAt(rank), rank);
  }

  private boolean mayHold(ScoreRange range) {
    return !range.isEmpty()
        && tail != null
        && range.aboveMin(tail.score)
        && range.belowMax(header.forward[0].score);
  }

  @Override
  Cursor firstInRange(ScoreRange range) {
    if (!mayHold(range)) {
      return null;
    }
    int traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      Node f;
      while ((f = x.forward[i]) != null && !range.aboveMin(f.score)) {
        traversed += x.span[i];
        x = f;
      }
    }
    x = x.forward[0];
    return range.belowMax(x.score) ? new NodeCursor(x, traversed) : null;
  }

  @Override
  Cursor lastInRange(ScoreRange range) {
    if (!mayHold(range)) {
      return null;
    }
    int traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      Node f;
      while ((f = x.forward[i]) != null && range.belowMax(f.score)) {
        traversed += x.span[i];
        x = f;
      }
    }
    return range.aboveMin(x.score) ? new NodeCursor(x, traversed - 1) : null;
  }

  private boolean mayHold(LexRange range) {
    return !range.isEmpty()
        && tail != null
        && range.aboveMin(tail.key())
        && range.belowMax(header.forward[0].key());
  }

  @Override
  Cursor firstInLex(LexRange range) {
    if (!mayHold(range)) {
      return null;
    }
    int traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      Node f;
      while ((f = x.forward[i]) != null && !range.aboveMin(f.key())) {
        traversed += x.span[i];
        x = f;
      }
    }
    x = x.forward[0];
    return x != null && range.belowMax(x.key()) ? new NodeCursor(x, traversed) : null;
  }

  @Override
  Cursor lastInLex(LexRange range) {
    if (!mayHold(range)) {
      return null;
    }
    int traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      Node f;
      while ((f = x.forward[i]) != null && range.belowMax(f.key())) {
        traversed += x.span[i];
        x = f;
      }
    }
    return x != header && range.aboveMin(x.key()) ? new NodeCursor(x, traversed - 1) : null;
  }

  /** By ranks, as Redis's ZLEXCOUNT on a skip list. */
  @Override
  long lexCount(LexRange range) {
    Cursor first = firstInLex(range);
    if (first == null) {
      return 0;
    }
    Cursor last = lastInLex(range);
    return last == null ? length - first.rank() : last.rank() - first.rank() + 1L;
  }

  /** Redis's {@code zslDeleteRangeByRank}. */
  @Override
  void deleteRange(int from, int count) {
    int start = from + 1;
    int end = from + count;
    Node[] update = new Node[MAX_LEVEL];
    int traversed = 0;
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && traversed + x.span[i] < start) {
        traversed += x.span[i];
        x = x.forward[i];
      }
      update[i] = x;
    }
    traversed++;
    x = x.forward[0];
    while (x != null && traversed <= end) {
      Node next = x.forward[0];
      unlink(x, update);
      table.remove(x.key());
      nodeBytes -= bytesOf(x);
      traversed++;
      x = next;
    }
  }

  /** One step of ZSCAN over the member table; see {@link BytesTable#scan}. */
  long scan(long cursor, Consumer<Node> visitor) {
    return table.scan(cursor, visitor);
  }

  /** A member chosen at random from the table, as Redis's {@code dictGetFairRandomKey}. */
  Node random(RandomGenerator random) {
    return table.randomEntry(random);
  }

  @Override
  long memory() {
    return FIXED_BYTES + nodeBytes + ((16 + 4L * table.capacity() + 7) & ~7L);
  }

  /** Inserting from the largest down puts each node at the head: O(1) per node, as Redis's dup. */
  @Override
  SkipList copy() {
    SkipList copy = new SkipList();
    for (Node x = tail; x != null; x = x.backward) {
      copy.insert(x.key().clone(), x.score);
    }
    return copy;
  }

  /** A node and its rank; past either end the node is null. */
  private static final class NodeCursor extends Cursor {
    private Node node;
    private int rank;

    NodeCursor(Node node, int rank) {
      this.node = node;
      this.rank = rank;
    }

    @Override
    boolean valid() {
      return node != null;
    }

    @Override
    byte[] member() {
      return node.key();
    }

    @Override
    double score() {
      return node.score;
    }

    @Override
    int rank() {
      return rank;
    }

    @Override
    void next() {
      node = node.forward[0];
      rank++;
    }

    @Override
    void previous() {
      node = node.backward;
      rank--;
    }
  }
}
