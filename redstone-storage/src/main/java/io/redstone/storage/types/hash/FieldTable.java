package io.redstone.storage.types.hash;

import io.redstone.storage.keyspace.BytesTable;
import io.redstone.storage.types.string.Strings;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code hashtable} encoding of a hash: fields in a {@link BytesTable} (incremental rehash, a
 * SCAN cursor that survives resizes), each a {@link FieldNode}. Keeps the heap bytes of its nodes
 * and their arrays as they change, so the hash's memory figure is O(1).
 */
final class FieldTable extends BytesTable<FieldNode> {
  /** Seeded once per process, as Redis seeds its hash: field names cannot be chosen to collide. */
  private static final int SEED = ThreadLocalRandom.current().nextInt();

  /** Object header and fields of a {@link FieldNode}, with compressed references. */
  static final long NODE_BYTES = 32;

  /** This object: the table's fields and {@link #nodeBytes}. */
  static final long TABLE_BYTES = 48;

  /** Heap bytes of every node with its field and value arrays. */
  private long nodeBytes;

  FieldTable() {
    super(SEED);
  }

  /** Sets the field; returns true when it was added, false when its value was replaced. */
  boolean put(byte[] field, byte[] value) {
    FieldNode node = get(field);
    if (node == null) {
      insert(new FieldNode(field, hashOf(field), value));
      nodeBytes += NODE_BYTES + Strings.arrayBytes(field.length) + Strings.arrayBytes(value.length);
      return true;
    }
    nodeBytes += Strings.arrayBytes(value.length) - Strings.arrayBytes(node.value.length);
    node.value = value;
    return false;
  }

  boolean delete(byte[] field) {
    FieldNode node = remove(field);
    if (node == null) {
      return false;
    }
    nodeBytes -=
        NODE_BYTES + Strings.arrayBytes(node.key().length) + Strings.arrayBytes(node.value.length);
    return true;
  }

  /**
   * Estimated heap bytes: this object, the nodes and their arrays, and a bucket array sized for the
   * field count. The buckets are estimated from the size, not read from the table, because a lookup
   * may move an incremental rehash along and the figure must change only with writes.
   */
  long memory() {
    int buckets = Math.max(4, Integer.highestOneBit(Math.max(1, size() - 1)) << 1);
    return TABLE_BYTES + 16 + 4L * buckets + nodeBytes;
  }

  FieldTable copy() {
    FieldTable copy = new FieldTable();
    forEach(node -> copy.put(node.key().clone(), node.value.clone()));
    return copy;
  }
}
