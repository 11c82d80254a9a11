package io.redstone.storage.types.zset;

import java.util.Arrays;

/**
 * One encoding of a sorted set: members ordered by score, then by their bytes, each member once.
 * {@link Listpack} for small sets, {@link RankTree} for large ones; {@link SortedSet} holds one and
 * converts between them. Ranks count from 0 in ascending order.
 */
abstract class ZStore {
  /** A position in the order, moved one element at a time; invalid past either end. */
  abstract static class Cursor {
    abstract boolean valid();

    abstract byte[] member();

    abstract double score();

    /** The rank of the current element, from 0. */
    abstract int rank();

    abstract void next();

    abstract void previous();
  }

  /** Whether (score, member) sorts before (otherScore, otherMember): the order of every store. */
  static boolean before(double score, byte[] member, double otherScore, byte[] otherMember) {
    return score < otherScore
        || (score == otherScore && Arrays.compareUnsigned(member, otherMember) < 0);
  }

  abstract int size();

  /** The member's score, or NaN when it is absent (a score is never NaN). */
  abstract double score(byte[] member);

  /** Adds a member the caller knows is absent. */
  abstract void insert(byte[] member, double score);

  /** Moves a present member from {@code oldScore} to {@code newScore}. */
  abstract void changeScore(byte[] member, double oldScore, double newScore);

  /** Removes the member; returns whether it was present. */
  abstract boolean delete(byte[] member);

  /** The member's rank, or -1 when it is absent. */
  abstract int rank(byte[] member);

  /** A cursor on {@code rank}, which must be within the set. */
  abstract Cursor at(int rank);

  /** The first element within the range, or null when none is. */
  abstract Cursor firstInRange(ScoreRange range);

  /** The last element within the range, or null when none is. */
  abstract Cursor lastInRange(ScoreRange range);

  /**
   * The first element at or above the range's minimum, when it is also at or below its maximum;
   * else null. Lexicographic ranges assume equal scores, as Redis's do: with mixed scores the
   * answer follows the encoding's own search, as in Redis.
   */
  abstract Cursor firstInLex(LexRange range);

  /** The last element at or below the range's maximum, when it is also at or above its minimum. */
  abstract Cursor lastInLex(LexRange range);

  /** ZLEXCOUNT, by the encoding's own rule (they differ only when scores differ). */
  abstract long lexCount(LexRange range);

  /** Deletes {@code count} elements from rank {@code from} on. */
  abstract void deleteRange(int from, int count);

  /** Estimated heap bytes, kept up to date: O(1). */
  abstract long memory();

  /** An independent deep copy in the same encoding. */
  abstract ZStore copy();
}
