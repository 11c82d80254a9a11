package io.redstone.server.persistence;

import io.redstone.persistence.snapshot.SnapshotWriter;
import io.redstone.persistence.snapshot.ValueType;
import io.redstone.storage.types.StoredValue;
import java.io.IOException;

/**
 * Between the engine's stored values and the files' type bytes: the two modules know nothing of
 * each other, and agree on the codes.
 */
final class StoredTypes {
  private StoredTypes() {}

  /** The file's type for a stored value. */
  static ValueType fileType(StoredValue value) {
    ValueType type = ValueType.fromCode(value.type().code());
    if (type == null) {
      throw new IllegalStateException("no file type for " + value.type());
    }
    return type;
  }

  /**
   * The engine's type for a file's. The reader refuses type bytes it does not know, so a type it
   * knows and the engine does not is a mismatch of the two modules.
   */
  static io.redstone.storage.types.ValueType engineType(ValueType fileType) {
    io.redstone.storage.types.ValueType type =
        io.redstone.storage.types.ValueType.fromCode(fileType.code());
    if (type == null) {
      throw new IllegalStateException(
          "a value of type " + fileType + ", which this engine does not store");
    }
    return type;
  }

  /** Writes one key of a point-in-time image: whole, or in its parts. */
  static void write(SnapshotWriter writer, int db, byte[] key, StoredValue value, long expireAt)
      throws IOException {
    writer.entryInParts(db, fileType(value), key, value.parts(), expireAt);
  }
}
