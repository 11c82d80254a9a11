package io.redstone.storage.types.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The number of nodes Redis's radix tree would have for a stream's block keys (master IDs as
 * 16-byte big-endian keys), which XINFO STREAM reports as {@code radix-tree-nodes}: a compressed
 * node for each run of bytes the keys under it share, a branching node where they part, and a node
 * where each key ends. Counted on demand from the keys, as a tree built by appends has them.
 */
final class RadixNodes {
  private static final int KEY_BYTES = 16;

  private RadixNodes() {}

  static long count(Iterable<StreamId> keys) {
    List<byte[]> encoded = new ArrayList<>();
    for (StreamId id : keys) {
      byte[] key = new byte[KEY_BYTES];
      for (int i = 0; i < 8; i++) {
        key[i] = (byte) (id.ms() >>> (56 - 8 * i));
        key[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
      }
      encoded.add(key);
    }
    return encoded.isEmpty() ? 1 : count(encoded, 0, encoded.size(), 0);
  }

  /** Nodes under a node at byte {@code depth} holding the sorted keys {@code [from, to)}. */
  private static long count(List<byte[]> keys, int from, int to, int depth) {
    if (depth == KEY_BYTES) {
      return 1;
    }
    if (to - from == 1) {
      return 2;
    }
    byte[] first = keys.get(from);
    byte[] last = keys.get(to - 1);
    int split = depth;
    while (first[split] == last[split]) {
      split++;
    }
    long nodes = (split > depth ? 1 : 0) + 1;
    int start = from;
    for (int i = from + 1; i <= to; i++) {
      if (i == to || keys.get(i)[split] != keys.get(start)[split]) {
        nodes += count(keys, start, i, split + 1);
        start = i;
      }
    }
    return nodes;
  }
}
