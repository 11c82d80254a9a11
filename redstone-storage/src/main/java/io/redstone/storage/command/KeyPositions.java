package io.redstone.storage.command;

/**
 * Where a command's keys are in argv, as Redis's legacy (first, last, step) triple: {@code last}
 * may be negative to count from the end (-1 is the last argument). {@link #NONE} for keyless
 * commands.
 */
public record KeyPositions(int first, int last, int step) {
  public static final KeyPositions NONE = new KeyPositions(0, 0, 0);

  public boolean hasKeys() {
    return first > 0;
  }

  /** The argv indexes of the keys of a call with {@code argc} arguments. */
  public int[] indexes(int argc) {
    if (!hasKeys() || first >= argc) {
      return new int[0];
    }
    int end = last < 0 ? argc + last : Math.min(last, argc - 1);
    if (end < first) {
      return new int[0];
    }
    int[] result = new int[(end - first) / step + 1];
    for (int i = 0, pos = first; pos <= end; pos += step) {
      result[i++] = pos;
    }
    return result;
  }
}
