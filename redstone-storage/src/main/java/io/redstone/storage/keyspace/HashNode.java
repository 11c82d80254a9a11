package io.redstone.storage.keyspace;

/**
 * An element of a {@link BytesTable}: its key, the key's hash in that table, and the link to the
 * next node of its bucket's chain. Subclasses add what the element holds (a key's value and TTL, a
 * hash field's value); a set member is a bare node.
 */
public class HashNode {
  final byte[] key;
  final int hash;
  HashNode next;

  /** {@code hash} must be the table's {@link BytesTable#hashOf} {@code key}. */
  protected HashNode(byte[] key, int hash) {
    this.key = key;
    this.hash = hash;
  }

  public final byte[] key() {
    return key;
  }
}
