package io.redstone.storage.types.hash;

import io.redstone.storage.keyspace.HashNode;

/** A field of a hash in its table encoding: the field is the node's key, with its value. */
final class FieldNode extends HashNode {
  /** Replaced, never changed in place: the array may be shared with a command's arguments. */
  byte[] value;

  FieldNode(byte[] field, int hash, byte[] value) {
    super(field, hash);
    this.value = value;
  }
}
