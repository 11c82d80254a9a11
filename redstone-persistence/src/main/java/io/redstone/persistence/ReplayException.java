package io.redstone.persistence;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A good record that the caller's handler refused while loading (an unknown command, a value the
 * engine rejects): names the file and the record's offset, with the handler's exception as cause.
 */
public final class ReplayException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  public ReplayException(Path file, long offset, RuntimeException cause) {
    super(
        "cannot apply the record at offset " + offset + " of " + file + ": " + cause.getMessage(),
        cause);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
