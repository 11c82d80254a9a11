package io.redstone.storage.types;

import java.util.function.Consumer;

/**
 * A container read as a plain collection of members: what ZUNIONSTORE, ZINTERSTORE, ZDIFF and their
 * relatives see of a set given among their inputs (each member with score 1, as in Redis). The set
 * type implements it; sorted-set code uses it without knowing the set's classes.
 */
public interface MemberView {
  /** How many members. */
  int size();

  boolean containsMember(byte[] member);

  /** Every member once, in the container's own order; the action must not change it. */
  void forEachMember(Consumer<byte[]> action);
}
