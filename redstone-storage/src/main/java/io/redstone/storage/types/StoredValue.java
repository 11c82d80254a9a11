package io.redstone.storage.types;

import java.util.List;

/**
 * A value encoded for a file: its type and the bytes of its type's encoding, in one part or, for a
 * big collection, in several bounded ones ({@link PartLimits}), each a complete payload of the
 * type's format holding a slice of the elements, in order. Made on the storage thread and
 * immutable, so a thread that writes files may hold it while the live value changes.
 */
public record StoredValue(ValueType type, List<byte[]> parts) {
  public StoredValue {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a stored value has at least one part");
    }
    parts = List.copyOf(parts);
  }

  /** A value stored whole, in one part. */
  public StoredValue(ValueType type, byte[] payload) {
    this(type, List.of(payload));
  }

  /** Whether the value is stored in more than one part. */
  public boolean inParts() {
    return parts.size() > 1;
  }

  /** The payload of a value stored whole; a value in parts has none. */
  public byte[] payload() {
    if (inParts()) {
      throw new IllegalStateException("a value stored in " + parts.size() + " parts");
    }
    return parts.get(0);
  }

  /** Bytes of all parts together. */
  public long size() {
    long bytes = 0;
    for (byte[] part : parts) {
      bytes += part.length;
    }
    return bytes;
  }
}
