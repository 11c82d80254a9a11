package io.redstone.storage.types.list;

import io.redstone.storage.types.RdbSize;

/**
 * The quicklist Redis 7.0 would hold for a list's elements pushed at the tail in order, for DEBUG
 * OBJECT: its node count, its listpacks' total bytes and its RDB length (without LZF). Redis's
 * layout also depends on the order of pushes, inserts and removals, which a list here does not
 * remember; tail pushes are the common case and give the layout a freshly loaded list has.
 *
 * @param fill {@code list-max-listpack-size} as Redis keeps it (clamped to -5 .. 32767)
 */
public record QuicklistLayout(
    int fill, long nodes, long elements, long uncompressedSize, long serializedLength) {

  /** Node byte limits for fill -1 .. -5, as Redis's {@code optimization_level}. */
  private static final int[] SIZE_LIMITS = {4096, 8192, 16384, 32768, 65536};

  /** Redis's {@code SIZE_SAFETY_LIMIT}: a node limited by count stays within this. */
  private static final int SAFETY_LIMIT = 8192;

  /** Redis's {@code SIZE_ESTIMATE_OVERHEAD}: what it adds to an element's length when it checks. */
  private static final int ESTIMATE_OVERHEAD = 8;

  /** An element this long gets a plain node of its own (Redis's {@code packed_threshold}). */
  private static final long PLAIN_THRESHOLD = 1L << 30;

  /** Redis's {@code FILL_MAX} on 64-bit builds. */
  private static final int FILL_MAX = (1 << 15) - 1;

  static QuicklistLayout of(ListValue list, int configuredFill) {
    int fill = Math.max(-5, Math.min(FILL_MAX, configuredFill));
    long nodes = 0;
    long total = 0;
    long serialized = 0;
    long nodeBytes = 0;
    long nodeCount = 0;
    for (int i = 0; i < list.size(); i++) {
      byte[] element = list.get(i);
      if (nodeCount > 0 && fits(nodeBytes, nodeCount, fill, element.length)) {
        nodeBytes += RdbSize.listpackEntry(element);
        nodeCount++;
        continue;
      }
      if (nodeCount > 0) {
        total += nodeBytes;
        serialized += 1 + RdbSize.blob(nodeBytes);
      }
      nodes++;
      nodeBytes = RdbSize.LISTPACK_OVERHEAD + RdbSize.listpackEntry(element);
      nodeCount = 1;
    }
    if (nodeCount > 0) {
      total += nodeBytes;
      serialized += 1 + RdbSize.blob(nodeBytes);
    }
    return new QuicklistLayout(fill, nodes, list.size(), total, RdbSize.length(nodes) + serialized);
  }

  /** Redis's {@code _quicklistNodeAllowInsert}. */
  private static boolean fits(long nodeBytes, long nodeCount, int fill, int length) {
    if (length >= PLAIN_THRESHOLD) {
      return false;
    }
    long estimate = nodeBytes + length + ESTIMATE_OVERHEAD;
    if (fill < 0 && estimate <= SIZE_LIMITS[-fill - 1]) {
      return true;
    }
    return estimate <= SAFETY_LIMIT && nodeCount < fill;
  }

  /** Elements per node on average, as {@code ql_avg_node}. */
  public double averageNode() {
    return nodes == 0 ? 0 : (double) elements / nodes;
  }
}
