package io.redstone.storage.types.set;

import io.redstone.protocol.text.Numbers;
import io.redstone.storage.types.Container;
import io.redstone.storage.types.MemberView;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.RdbSize;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueType;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A set value in one of its encodings. Redis's rules for choosing one: a set starts as an intset
 * while every member is an integer (by {@code string2ll}'s rules) and there are at most {@code
 * set-max-intset-entries} of them, and becomes a hash table for good on the first write that breaks
 * either rule. A change of encoding makes a new object, so {@link #add} returns the set that holds
 * the result; the caller puts it in the key's place ({@link io.redstone.storage.KeyWrite#replace}).
 */
abstract sealed class SetValue implements Container, MemberView
    permits SmallIntSet, IntSet, HashtableSet {

  /** An empty set that can hold {@code firstMember}, as Redis's {@code setTypeCreate}. */
  static SetValue createFor(byte[] firstMember) {
    return Numbers.isLong(firstMember) ? new SmallIntSet() : new HashtableSet();
  }

  /** An empty set for a result built member by member (the STORE commands, a load). */
  static SetValue createEmpty() {
    return new SmallIntSet();
  }

  @Override
  public final ValueType type() {
    return ValueType.SET;
  }

  @Override
  public abstract SetValue duplicate();

  @Override
  public final StoredValue encode(PartLimits limits) {
    return SetCodec.encode(this, limits);
  }

  /**
   * An intset saved as one blob (an 8-byte header and each member in the width of the widest); a
   * hash table as its member count and each member.
   */
  @Override
  public final long serializedLength() {
    if (encoding().equals("intset")) {
      int[] width = {2};
      forEach(
          member -> {
            long value = Numbers.parseLong(member);
            if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
              width[0] =
                  Math.max(
                      width[0], value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? 8 : 4);
            }
          });
      return RdbSize.blob(8 + (long) width[0] * size());
    }
    long[] bytes = {RdbSize.length(size())};
    forEach(member -> bytes[0] += RdbSize.string(member));
    return bytes[0];
  }

  abstract boolean contains(byte[] member);

  /**
   * Adds the member if absent and returns the set that now holds the members: this one, or this
   * one's members in a wider encoding. Whether it was added shows in {@link #size}.
   *
   * @param maxIntsetEntries {@code set-max-intset-entries}: an intset with more converts
   */
  abstract SetValue add(byte[] member, long maxIntsetEntries);

  /** Removes the member; returns whether it was there. Never changes the encoding. */
  abstract boolean remove(byte[] member);

  /** A member chosen at random; the set must not be empty. */
  abstract byte[] random(RandomGenerator random);

  /** Every member, in the encoding's order: ascending for an intset, table order otherwise. */
  abstract void forEach(Consumer<byte[]> visitor);

  /**
   * One SSCAN step from {@code cursor}, looking at about {@code count} members; returns the next
   * cursor, 0 when done. An intset returns everything at once, as Redis does.
   */
  abstract long scan(long cursor, long count, Consumer<byte[]> visitor);

  /** The members as a list in {@link #forEach} order. */
  final byte[][] toArray() {
    byte[][] members = new byte[size()][];
    int[] next = {0};
    forEach(member -> members[next[0]++] = member);
    return members;
  }

  // What sorted-set commands read of a set given among their inputs (each member scores 1).

  @Override
  public final boolean containsMember(byte[] member) {
    return contains(member);
  }

  @Override
  public final void forEachMember(Consumer<byte[]> action) {
    forEach(action);
  }
}
