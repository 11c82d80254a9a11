package io.redstone.persistence.format;

import io.redstone.persistence.CorruptFileException;
import java.nio.file.Path;

/**
 * The outcome of reading a whole file: how many items (records or entries) were good, and the
 * damage that stopped the reading, if any.
 *
 * @param size the file's size
 * @param end where its good records end: the size, less any reserved space or damaged tail
 */
public record FileScan(Path file, long size, long end, long items, Damage damage) {
  public boolean ok() {
    return damage == null;
  }

  /** The reserved zero bytes after the last record: the file's size less its records. */
  public long reserved() {
    return damage == null ? size - end : 0;
  }

  /** The damage as an exception naming the file and offset. */
  public CorruptFileException toException() {
    if (damage == null) {
      throw new IllegalStateException(file + " is not damaged");
    }
    return new CorruptFileException(file, damage.offset(), damage.tornTail(), damage.problem());
  }
}
