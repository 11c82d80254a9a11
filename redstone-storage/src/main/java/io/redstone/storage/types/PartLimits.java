package io.redstone.storage.types;

/**
 * How big one stored part of a collection may grow: a part is cut once it holds {@code maxElements}
 * elements or {@code maxBytes} bytes, whichever comes first (a single element longer than {@code
 * maxBytes} makes a part of its own). A collection within both limits is stored whole, as one part,
 * so neither the writer nor a loader ever holds a big collection as one array.
 */
public record PartLimits(int maxElements, int maxBytes) {
  /** What rewrites and snapshots use: parts of at most 1024 elements or about 128 KiB. */
  public static final PartLimits DEFAULT = new PartLimits(1024, 128 * 1024);

  public PartLimits {
    if (maxElements < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("part limits must be positive");
    }
  }
}
