package io.redstone.persistence.aof;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a load read.
 *
 * @param files how many files were loaded (base and increments)
 * @param baseEntries keys read from the base (0 without one)
 * @param commands commands replayed from the increments (a group record counts its effects)
 * @param bytes the files' total size after any truncation
 * @param elapsed the time the load took, handlers included
 * @param truncation the torn tail cut off the last increment, or null
 * @param lastIncrementEnd where the records of the last increment end, after any cut, before any
 *     reserved space; -1 when the manifest lists no increment
 */
public record AofLoadResult(
    int files,
    long baseEntries,
    long commands,
    long bytes,
    Duration elapsed,
    Truncation truncation,
    long lastIncrementEnd) {

  /**
   * A torn tail cut off at load.
   *
   * @param offset where the file now ends
   * @param bytesCut how many bytes were removed
   * @param problem what the torn record looked like
   */
  public record Truncation(Path file, long offset, long bytesCut, String problem) {}

  public Optional<Truncation> truncated() {
    return Optional.ofNullable(truncation);
  }
}
