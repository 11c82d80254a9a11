package io.redstone.persistence.snapshot;

/**
 * The type byte of a snapshot entry. Codes are persisted: never renumber. Reserved for the types
 * to come, each with its own value encoding: 1 list, 2 set, 3 hash, 4 sorted set.
 */
public enum ValueType {
  /** A string: the value bytes are the string. */
  STRING(0);

  private final int code;

  ValueType(int code) {
    this.code = code;
  }

  /** The byte written to the file. */
  public int code() {
    return code;
  }

  /** The type with {@code code}, or null for a code this version does not know. */
  public static ValueType fromCode(int code) {
    for (ValueType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return null;
  }
}
