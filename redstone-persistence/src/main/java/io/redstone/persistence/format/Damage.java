package io.redstone.persistence.format;

/**
 * Where and how a file stops being readable.
 *
 * @param offset the start of the first bad record: every byte before it was read and checked
 * @param tornTail true when only an incomplete record or zero bytes follow {@code offset}, as a
 *     write interrupted by a crash leaves; false when bytes are wrong
 * @param problem what is wrong, for people
 */
public record Damage(long offset, boolean tornTail, String problem) {
  /**
   * Whether cutting the file at {@link #offset()} leaves a well-formed file: the header survives,
   * or the header itself is only torn (cutting leaves an empty file).
   */
  public boolean repairableByTruncation() {
    return offset >= FileKind.HEADER_SIZE || (offset == 0 && tornTail);
  }
}
