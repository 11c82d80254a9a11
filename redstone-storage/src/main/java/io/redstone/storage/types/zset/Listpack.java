package io.redstone.storage.types.zset;

import io.redstone.storage.types.string.Strings;
import java.util.Arrays;

/**
 * The compact encoding ({@code listpack} to OBJECT ENCODING): members and scores in two arrays in
 * rank order. A member is found by a linear scan, as in Redis's listpack, which is fast for the
 * small sets this encoding holds; ranks are array indexes.
 *
 * <p>As Redis's listpack, it keeps a score of -0 as 0 (the listpack stores it as the integer 0).
 */
final class Listpack extends ZStore {
  /** Object header, two array references, the size and the member-bytes total. */
  private static final int OBJECT_BYTES = 32;

  private static final int INITIAL_CAPACITY = 4;

  private byte[][] members;
  private double[] scores;
  private int size;

  /** Heap bytes of the member arrays, kept as members come and go. */
  private long memberBytes;

  Listpack() {
    this(INITIAL_CAPACITY);
  }

  Listpack(int capacity) {
    int initial = Math.max(capacity, 1);
    members = new byte[initial][];
    scores = new double[initial];
  }

  @Override
  int size() {
    return size;
  }

  byte[] memberAt(int rank) {
    return members[rank];
  }

  double scoreAt(int rank) {
    return scores[rank];
  }

  private int find(byte[] member) {
    for (int i = 0; i < size; i++) {
      if (Arrays.equals(members[i], member)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  double score(byte[] member) {
    int i = find(member);
    return i < 0 ? Double.NaN : scores[i];
  }

  @Override
  void insert(byte[] member, double score) {
    double stored = score == 0 ? 0.0 : score;
    int at = insertionPoint(member, stored);
    if (size == members.length) {
      int capacity = members.length + Math.max(members.length >> 1, 2);
      members = Arrays.copyOf(members, capacity);
      scores = Arrays.copyOf(scores, capacity);
    }
    System.arraycopy(members, at, members, at + 1, size - at);
    System.arraycopy(scores, at, scores, at + 1, size - at);
    members[at] = member;
    scores[at] = stored;
    size++;
    memberBytes += Strings.arrayBytes(member.length);
  }

  /** Appends in order: for a caller that adds elements already sorted (decoding, conversion). */
  void append(byte[] member, double score) {
    if (size == members.length) {
      int capacity = members.length + Math.max(members.length >> 1, 2);
      members = Arrays.copyOf(members, capacity);
      scores = Arrays.copyOf(scores, capacity);
    }
    members[size] = member;
    scores[size] = score == 0 ? 0.0 : score;
    size++;
    memberBytes += Strings.arrayBytes(member.length);
  }

  /** The first rank whose element sorts after (score, member). */
  private int insertionPoint(byte[] member, double score) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (ZStore.before(scores[mid], members[mid], score, member)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  @Override
  void changeScore(byte[] member, double oldScore, double newScore) {
    int i = find(member);
    byte[] stored = members[i];
    removeAt(i);
    insert(stored, newScore);
  }

  @Override
  boolean delete(byte[] member) {
    int i = find(member);
    if (i < 0) {
      return false;
    }
    removeAt(i);
    return true;
  }

  private void removeAt(int i) {
    memberBytes -= Strings.arrayBytes(members[i].length);
    System.arraycopy(members, i + 1, members, i, size - i - 1);
    System.arraycopy(scores, i + 1, scores, i, size - i - 1);
    size--;
    members[size] = null;
    shrinkIfSparse();
  }

  /** Gives back most of the arrays once they are less than a quarter used. */
  private void shrinkIfSparse() {
    if (members.length > INITIAL_CAPACITY && size < members.length / 4) {
      int capacity = Math.max(INITIAL_CAPACITY, size * 2);
      members = Arrays.copyOf(members, capacity);
      scores = Arrays.copyOf(scores, capacity);
    }
  }

  @Override
  int rank(byte[] member) {
    return find(member);
  }

  @Override
  Cursor at(int rank) {
    return new ArrayCursor(rank);
  }

  private boolean mayHold(ScoreRange range) {
    return !range.isEmpty()
        && size > 0
        && range.aboveMin(scores[size - 1])
        && range.belowMax(scores[0]);
  }

  @Override
  Cursor firstInRange(ScoreRange range) {
    if (!mayHold(range)) {
      return null;
    }
    // Scores ascend: the first element above the minimum, by bisection.
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (range.aboveMin(scores[mid])) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low < size && range.belowMax(scores[low]) ? new ArrayCursor(low) : null;
  }

  @Override
  Cursor lastInRange(ScoreRange range) {
    if (!mayHold(range)) {
      return null;
    }
    // The first element above the maximum, then one back.
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (range.belowMax(scores[mid])) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    int last = low - 1;
    return last >= 0 && range.aboveMin(scores[last]) ? new ArrayCursor(last) : null;
  }

  private boolean mayHold(LexRange range) {
    return !range.isEmpty()
        && size > 0
        && range.aboveMin(members[size - 1])
        && range.belowMax(members[0]);
  }

  /** A scan from the start, as Redis's listpack does (members need not ascend across scores). */
  @Override
  Cursor firstInLex(LexRange range) {
    if (!mayHold(range)) {
      return null;
    }
    for (int i = 0; i < size; i++) {
      if (range.aboveMin(members[i])) {
        return range.belowMax(members[i]) ? new ArrayCursor(i) : null;
      }
    }
    return null;
  }

  @Override
  Cursor lastInLex(LexRange range) {
    if (!mayHold(range)) {
      return null;
    }
    for (int i = size - 1; i >= 0; i--) {
      if (range.belowMax(members[i])) {
        return range.aboveMin(members[i]) ? new ArrayCursor(i) : null;
      }
    }
    return null;
  }

  /** From the first element in range, forward while at or below the maximum. */
  @Override
  long lexCount(LexRange range) {
    Cursor first = firstInLex(range);
    if (first == null) {
      return 0;
    }
    int i = first.rank();
    long count = 0;
    while (i < size && range.belowMax(members[i])) {
      count++;
      i++;
    }
    return count;
  }

  @Override
  void deleteRange(int from, int count) {
    for (int i = from; i < from + count; i++) {
      memberBytes -= Strings.arrayBytes(members[i].length);
    }
    System.arraycopy(members, from + count, members, from, size - from - count);
    System.arraycopy(scores, from + count, scores, from, size - from - count);
    Arrays.fill(members, size - count, size, null);
    size -= count;
    shrinkIfSparse();
  }

  @Override
  long memory() {
    long capacity = members.length;
    return OBJECT_BYTES + ((16 + 4 * capacity + 7) & ~7L) + (16 + 8 * capacity) + memberBytes;
  }

  @Override
  Listpack copy() {
    Listpack copy = new Listpack(Math.max(size, INITIAL_CAPACITY));
    for (int i = 0; i < size; i++) {
      copy.members[i] = members[i].clone();
    }
    System.arraycopy(scores, 0, copy.scores, 0, size);
    copy.size = size;
    copy.memberBytes = memberBytes;
    return copy;
  }

  /** A rank; moving past either end makes it invalid. */
  private final class ArrayCursor extends Cursor {
    private int index;

    ArrayCursor(int index) {
      this.index = index;
    }

    @Override
    boolean valid() {
      return index >= 0 && index < size;
    }

    @Override
    byte[] member() {
      return members[index];
    }

    @Override
    double score() {
      return scores[index];
    }

    @Override
    int rank() {
      return index;
    }

    @Override
    void next() {
      index++;
    }

    @Override
    void previous() {
      index--;
    }
  }
}
