package io.redstone.persistence.format;

import io.redstone.persistence.CorruptFileException;
import java.nio.file.Path;

/**
 * The outcome of reading a whole file: how many items (records or entries) were good, and the
 * damage that stopped the reading, if any.
 */
public record FileScan(Path file, long size, long items, Damage damage) {
  public boolean ok() {
    return damage == null;
  }

  /** The length of the file's good prefix: its size when it is whole, else the damage offset. */
  public long validLength() {
    return damage == null ? size : damage.offset();
  }

  /** The damage as an exception naming the file and offset. */
  public CorruptFileException toException() {
    if (damage == null) {
      throw new IllegalStateException(file + " is not damaged");
    }
    return new CorruptFileException(file, damage.offset(), damage.tornTail(), damage.problem());
  }
}
