package io.redstone.storage.types;

/**
 * Rebuilds a stored value from its parts, one at a time, so a loader never holds a big collection
 * as one array: {@link #add} each part in the order they were stored, then {@link #finish}.
 * Malformed input is refused with an {@link IllegalArgumentException}.
 */
public interface ValueBuilder {
  void add(byte[] part);

  /** The value the parts make; refused when they make no valid value (none, or empty). */
  Object finish();
}
