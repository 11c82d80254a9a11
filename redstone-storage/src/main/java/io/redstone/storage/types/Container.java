package io.redstone.storage.types;

/**
 * A value other than a string: a list, hash, set or sorted set, which commands change in place
 * through {@link io.redstone.storage.Database#openForWrite} and {@link
 * io.redstone.storage.KeyWrite#done}. Each type's package holds its implementations (a compact
 * encoding for small values, a scalable one for large) and is the only code that casts to them.
 */
public interface Container {
  ValueType type();

  /** What OBJECT ENCODING reports: {@code listpack}, {@code hashtable}, {@code skiplist}, .... */
  String encoding();

  /** Estimated heap bytes, kept up to date as the value changes: O(1). */
  long memory();

  /** Elements (fields, members, items); a container left empty by a write is deleted. */
  int size();

  /**
   * Bytes Redis 7.0's RDB would write for this value in its current encoding, without LZF
   * compression: DEBUG OBJECT's {@code serializedlength} (see {@link RdbSize}). O(n).
   */
  long serializedLength();

  /**
   * Whether a write that leaves it without elements deletes the key, as for every Redis type but
   * the stream (an empty stream keeps its last ID and groups).
   */
  default boolean deletedWhenEmpty() {
    return true;
  }

  /** An independent deep copy, for COPY. */
  Container duplicate();

  /**
   * This value encoded for a file, in parts no bigger than {@code limits}; called on the storage
   * thread, and sharing nothing with the live value.
   */
  StoredValue encode(PartLimits limits);

  /** This value encoded with {@link PartLimits#DEFAULT}. */
  default StoredValue encode() {
    return encode(PartLimits.DEFAULT);
  }
}
