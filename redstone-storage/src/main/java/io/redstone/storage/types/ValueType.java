package io.redstone.storage.types;

/**
 * The types of Redis values, by the name TYPE reports. {@link #code} is the type byte of a stored
 * value in snapshots and the log's base: persisted, so never renumbered. Codes 1 to 4 are kept
 * for list, set, hash and sorted set, which join as they are built.
 */
public enum ValueType {
  STRING("string", 0);

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
