package io.redstone.storage.types.zset;

import io.redstone.protocol.DoubleFormat;
import io.redstone.storage.types.Container;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.RdbSize;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueType;
import java.util.function.Consumer;

/**
 * A sorted set, the value of a {@code zset} key: in the compact encoding ({@link Listpack}) while
 * it is small, in the scalable one ({@link RankTree}) once it outgrows {@link Limits}, as Redis
 * converts: on a write, never back.
 */
public final class SortedSet implements Container {
  /** What {@link #add} did, Redis's {@code ZADD_OUT_*} flags. */
  static final int ADDED = 1;

  static final int UPDATED = 2;
  static final int NOTHING = 4;
  static final int NAN = 8;

  /** ZADD's options, Redis's {@code ZADD_IN_*} flags. */
  static final int INCR = 1;

  static final int NX = 2;
  static final int XX = 4;
  static final int GT = 8;
  static final int LT = 16;

  /** The object header and the reference to the encoding. */
  private static final int SHELL_BYTES = 16;

  private ZStore store;

  SortedSet(ZStore store) {
    this.store = store;
  }

  /**
   * An empty sorted set for ZADD's first member, as Redis picks its encoding: the skip list when
   * the compact form is turned off ({@code zset-max-listpack-entries 0}) or the first member is
   * already too long for it.
   */
  static SortedSet forFirstMember(int memberLength, Limits limits) {
    if (limits.maxEntries() == 0 || memberLength > limits.maxValue()) {
      return new SortedSet(new RankTree());
    }
    return new SortedSet(new Listpack());
  }

  /**
   * A finished result (ZUNIONSTORE and relatives build one as a skip list) in the encoding Redis
   * gives it: compact when it fits the limits.
   */
  static SortedSet ofResult(RankTree built, long longestMember, Limits limits) {
    if (!limits.fitCompact(built.size(), longestMember)) {
      return new SortedSet(built);
    }
    Listpack compact = new Listpack(built.size());
    for (ZStore.Cursor x = built.at(0); x.valid(); x.next()) {
      compact.append(x.member(), x.score());
    }
    return new SortedSet(compact);
  }

  ZStore store() {
    return store;
  }

  boolean isCompact() {
    return store instanceof Listpack;
  }

  @Override
  public ValueType type() {
    return ValueType.ZSET;
  }

  @Override
  public String encoding() {
    return isCompact() ? "listpack" : "skiplist";
  }

  @Override
  public long memory() {
    return SHELL_BYTES + store.memory();
  }

  @Override
  public int size() {
    return store.size();
  }

  /**
   * A listpack saved as one blob of member and score entries (the score as Redis formats it); a
   * skip list as its member count and each member with its score's 8 bytes.
   */
  @Override
  public long serializedLength() {
    boolean compact = isCompact();
    long bytes = compact ? RdbSize.LISTPACK_OVERHEAD : RdbSize.length(store.size());
    for (ZStore.Cursor c = store.size() == 0 ? null : store.at(0);
        c != null && c.valid();
        c.next()) {
      byte[] member = c.member();
      if (compact) {
        byte[] score =
            DoubleFormat.formatG17(c.score()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        bytes += RdbSize.listpackEntry(member) + RdbSize.listpackEntry(score);
      } else {
        bytes += RdbSize.string(member) + 8;
      }
    }
    return compact ? RdbSize.blob(bytes) : bytes;
  }

  @Override
  public SortedSet duplicate() {
    return new SortedSet(store.copy());
  }

  @Override
  public StoredValue encode(PartLimits limits) {
    return ZSetCodec.encode(store, limits);
  }

  // What other packages may read of a sorted set (SORT, GEO), and the one change SORT makes.

  /**
   * Visits {@code count} members from rank {@code from} (0 is the lowest score) towards higher
   * ranks, or towards lower ones when {@code reverse}; stops early at either end. The arrays must
   * not be changed.
   */
  public void forEachByRank(int from, int count, boolean reverse, Consumer<byte[]> action) {
    if (count <= 0 || from < 0 || from >= store.size()) {
      return;
    }
    ZStore.Cursor cursor = store.at(from);
    for (int i = 0; i < count && cursor.valid(); i++) {
      action.accept(cursor.member());
      if (reverse) {
        cursor.previous();
      } else {
        cursor.next();
      }
    }
  }

  /**
   * This set in the skip-list encoding: itself when it is one, else a new set with the same
   * members. Redis 7.0's SORT converts the sorted set it sorts, for good, as {@code zsetConvert};
   * the caller puts the result in the key's place.
   */
  public SortedSet inSkipListEncoding() {
    if (!isCompact()) {
      return this;
    }
    SortedSet converted = new SortedSet(store.copy());
    converted.convertToSkipList();
    return converted;
  }

  /** The member's score, or NaN when it is absent (a score is never NaN). */
  public double score(byte[] member) {
    return store.score(member);
  }

  /** What {@link #forEachInScoreRange} calls for each member in the range. */
  @FunctionalInterface
  public interface ScoredMemberVisitor {
    /** Sees one member (whose array must not be changed); returns false to stop the walk. */
    boolean visit(byte[] member, double score);
  }

  /**
   * Visits the members whose score is at least {@code min} and below {@code maxExclusive}, in
   * ascending order, until the visitor returns false. GEO commands read the cells of a search area
   * this way (Redis's {@code geoGetPointsInRange}).
   */
  public void forEachInScoreRange(double min, double maxExclusive, ScoredMemberVisitor visitor) {
    ScoreRange range = new ScoreRange(min, false, maxExclusive, true);
    ZStore.Cursor cursor = store.firstInRange(range);
    if (cursor == null) {
      return;
    }
    while (cursor.valid()) {
      double score = cursor.score();
      if (!range.belowMax(score) || !visitor.visit(cursor.member(), score)) {
        return;
      }
      cursor.next();
    }
  }

  /**
   * Adds a member or changes its score, Redis's {@code zsetAdd}: {@code options} are {@link #INCR},
   * {@link #NX}, {@link #XX}, {@link #GT}, {@link #LT}; returns {@link #ADDED}, {@link #UPDATED},
   * {@link #NOTHING} (NX/XX/GT/LT held it back) or {@link #NAN} (the increment made a NaN, nothing
   * changed), or 0 (the score was already that). The resulting score goes to {@code newScore[0]}. A
   * compact set that would outgrow {@code limits} becomes a skip list first; {@code limits} may be
   * null for a set that is a skip list already.
   */
  int add(byte[] member, double score, int options, Limits limits, double[] newScore) {
    if (Double.isNaN(score)) {
      return NAN;
    }
    double current = store.score(member);
    if (!Double.isNaN(current)) {
      if ((options & NX) != 0) {
        return NOTHING;
      }
      if ((options & INCR) != 0) {
        score += current;
        if (Double.isNaN(score)) {
          return NAN;
        }
      }
      if (((options & LT) != 0 && score >= current) || ((options & GT) != 0 && score <= current)) {
        return NOTHING;
      }
      newScore[0] = score;
      if (score != current) {
        store.changeScore(member, current, score);
        return UPDATED;
      }
      return 0;
    }
    if ((options & XX) != 0) {
      return NOTHING;
    }
    if (store instanceof Listpack
        && (store.size() + 1L > limits.maxEntries() || member.length > limits.maxValue())) {
      convertToSkipList();
    }
    store.insert(member, score);
    newScore[0] = score;
    return ADDED;
  }

  /** Adds a member the caller knows is absent, converting as {@link #add} would. */
  void insertAbsent(byte[] member, double score, Limits limits) {
    if (store instanceof Listpack
        && (store.size() + 1L > limits.maxEntries() || member.length > limits.maxValue())) {
      convertToSkipList();
    }
    store.insert(member, score);
  }

  boolean remove(byte[] member) {
    return store.delete(member);
  }

  /** Redis's {@code zsetConvert} to the skip list, in place. */
  private void convertToSkipList() {
    Listpack compact = (Listpack) store;
    int size = compact.size();
    byte[][] members = new byte[size][];
    double[] scores = new double[size];
    for (int i = 0; i < size; i++) {
      members[i] = compact.memberAt(i);
      scores[i] = compact.scoreAt(i);
    }
    store = RankTree.ofSorted(members, scores, size);
  }
}
