package io.redstone.storage.types;

/**
 * The types of Redis values, by the name TYPE reports. {@link #code} is the type byte of a stored
 * value in snapshots and the log's base: persisted, so never renumbered.
 */
public enum ValueType {
  STRING("string", 0),
  LIST("list", 1),
  SET("set", 2),
  HASH("hash", 3),
  ZSET("zset", 4),
  STREAM("stream", 5);

  private final String typeName;
  private final int code;

  ValueType(String typeName, int code) {
    this.typeName = typeName;
    this.code = code;
  }

  /** What TYPE answers, and what {@code SCAN ... TYPE} matches. */
  public String typeName() {
    return typeName;
  }

  public int code() {
    return code;
  }

  /** The type stored under {@code code}, or null for a code this version does not know. */
  public static ValueType fromCode(int code) {
    for (ValueType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return null;
  }
}
