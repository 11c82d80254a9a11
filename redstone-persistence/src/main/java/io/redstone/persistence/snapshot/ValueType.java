package io.redstone.persistence.snapshot;

/**
 * The type byte of a snapshot entry. Codes are persisted: never renumber. The value bytes are the
 * engine's encoding of its type, which this module does not look into.
 */
public enum ValueType {
  /** A string: the value bytes are the string. */
  STRING(0),
  LIST(1),
  SET(2),
  HASH(3),
  ZSET(4),
  STREAM(5);

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
