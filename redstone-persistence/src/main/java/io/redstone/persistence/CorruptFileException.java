package io.redstone.persistence;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A persistence file that cannot be read as written: it names the file and the byte offset where
 * the damage starts (the end of the last good record), and says whether the file merely ends early
 * ({@link #truncated()}: a torn write or an interrupted copy) or holds bytes that are wrong.
 */
public final class CorruptFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;
  private final boolean truncated;
  private final String problem;

  public CorruptFileException(Path file, long offset, boolean truncated, String problem) {
    super(
        file
            + ": "
            + (truncated ? "truncated" : "corrupt")
            + " at offset "
            + offset
            + ": "
            + problem);
    this.file = file;
    this.offset = offset;
    this.truncated = truncated;
    this.problem = problem;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** Where the damage starts: every byte before it was read and checked. */
  public long offset() {
    return offset;
  }

  /**
   * True when the file ends early (nothing but an incomplete record or zeros after {@link
   * #offset()}).
   */
  public boolean truncated() {
    return truncated;
  }

  /** What is wrong, e.g. {@code payload checksum mismatch}. */
  public String problem() {
    return problem;
  }
}
