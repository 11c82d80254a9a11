package io.redstone.storage.types.hash;

import io.redstone.storage.types.Container;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.RdbSize;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueType;
import io.redstone.storage.types.string.Strings;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A hash value, in one of Redis's two encodings: {@code listpack} ({@link Packed}: one array of
 * field/value pairs) while it is small, {@code hashtable} ({@link FieldTable}) once a write makes
 * it hold more fields than {@code hash-max-listpack-entries} or a field or value longer than {@code
 * hash-max-listpack-value}. As in Redis, a hash never goes back to the compact form.
 *
 * <p>One field holds either form, so a small hash costs this 16-byte object and its array.
 */
public final class HashValue implements Container {
  /** Object header and the one reference. */
  private static final long OBJECT_BYTES = 16;

  /** Longest array a packed hash may grow to, as Redis's {@code lpSafeToAdd} (1 GB). */
  private static final long PACKED_SAFETY_LIMIT = 1L << 30;

  /** {@code byte[]} in the {@link Packed} layout, or a {@link FieldTable}. */
  private Object body;

  HashValue() {
    this.body = Packed.EMPTY;
  }

  private HashValue(Object body) {
    this.body = body;
  }

  /** The encoding limits a write applies: hash-max-listpack-entries and -value. */
  record Limits(long maxEntries, long maxValue) {}

  /** Sees one field and its value, each as a range of an array (not to be kept or changed). */
  interface PairVisitor {
    void pair(
        byte[] field,
        int fieldOffset,
        int fieldLength,
        byte[] value,
        int valueOffset,
        int valueLength);
  }

  boolean isPacked() {
    return body instanceof byte[];
  }

  private byte[] packed() {
    return (byte[]) body;
  }

  private FieldTable table() {
    return (FieldTable) body;
  }

  @Override
  public ValueType type() {
    return ValueType.HASH;
  }

  @Override
  public String encoding() {
    return isPacked() ? "listpack" : "hashtable";
  }

  @Override
  public long memory() {
    return OBJECT_BYTES
        + (body instanceof byte[] p ? Strings.arrayBytes(p.length) : table().memory());
  }

  @Override
  public int size() {
    return body instanceof byte[] p ? Packed.count(p) : table().size();
  }

  /** A listpack saved as one blob; a table as its pair count and each field and value. */
  @Override
  public long serializedLength() {
    long[] bytes = {isPacked() ? RdbSize.LISTPACK_OVERHEAD : RdbSize.length(size())};
    boolean packed = isPacked();
    forEach(
        (field, fieldOffset, fieldLength, value, valueOffset, valueLength) -> {
          if (packed) {
            bytes[0] +=
                RdbSize.listpackEntry(field, fieldOffset, fieldLength)
                    + RdbSize.listpackEntry(value, valueOffset, valueLength);
          } else {
            bytes[0] +=
                RdbSize.string(field, fieldOffset, fieldLength)
                    + RdbSize.string(value, valueOffset, valueLength);
          }
        });
    return packed ? RdbSize.blob(bytes[0]) : bytes[0];
  }

  @Override
  public Container duplicate() {
    return new HashValue(body instanceof byte[] p ? p.clone() : table().copy());
  }

  @Override
  public StoredValue encode(PartLimits limits) {
    return HashCodec.encode(this, limits);
  }

  /** A hash decoded by {@link HashCodec}, in the encoding the load picked. */
  static HashValue ofPacked(byte[] packed) {
    return new HashValue(packed);
  }

  static HashValue ofTable(FieldTable table) {
    return new HashValue(table);
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /** The field's value (a copy for a packed hash), or null. */
  byte[] get(byte[] field) {
    if (body instanceof byte[] p) {
      int at = Packed.find(p, field);
      return at < 0 ? null : Packed.entry(p, Packed.next(p, at));
    }
    FieldNode node = table().get(field);
    return node == null ? null : node.value;
  }

  /**
   * The field's value (a copy for a packed hash), or null: what other packages may read of a hash
   * (SORT's {@code ->field} patterns). The array must not be changed.
   */
  public byte[] fieldValue(byte[] field) {
    return get(field);
  }

  /** The length of the field's value, or -1 when the field is absent. */
  int valueLength(byte[] field) {
    if (body instanceof byte[] p) {
      int at = Packed.find(p, field);
      return at < 0 ? -1 : Packed.length(p, Packed.next(p, at));
    }
    FieldNode node = table().get(field);
    return node == null ? -1 : node.value.length;
  }

  boolean contains(byte[] field) {
    if (body instanceof byte[] p) {
      return Packed.find(p, field) >= 0;
    }
    return table().get(field) != null;
  }

  /** Every pair: in insertion order for a packed hash, in table order otherwise. */
  void forEach(PairVisitor visitor) {
    if (body instanceof byte[] p) {
      int at = Packed.HEADER;
      while (at < p.length) {
        int valueAt = Packed.next(p, at);
        visitPacked(p, at, valueAt, visitor);
        at = Packed.next(p, valueAt);
      }
    } else {
      table().forEach(node -> visitNode(node, visitor));
    }
  }

  /**
   * One HSCAN step. A packed hash is visited whole and answers cursor 0, as Redis does for a
   * listpack; a table visits the buckets the cursor names (see {@link
   * io.redstone.storage.keyspace.BytesTable#scan}) and returns the next cursor.
   */
  long scan(long cursor, PairVisitor visitor) {
    if (isPacked()) {
      forEach(visitor);
      return 0;
    }
    return table().scan(cursor, node -> visitNode(node, visitor));
  }

  /**
   * A sampler of uniformly random fields, for HRANDFIELD: built once per command (a packed hash is
   * indexed once, so each pick is O(1)).
   */
  Sampler sampler(RandomGenerator random) {
    if (body instanceof byte[] p) {
      int[] offsets = Packed.fieldOffsets(p);
      return new Sampler() {
        @Override
        public int size() {
          return offsets.length;
        }

        @Override
        public void visitRandom(PairVisitor visitor) {
          int at = offsets[random.nextInt(offsets.length)];
          visitPacked(p, at, Packed.next(p, at), visitor);
        }

        @Override
        public void visitDistinct(int count, PairVisitor visitor) {
          // Selection sampling: each subset of count fields equally likely, in hash order.
          int needed = count;
          for (int i = 0; i < offsets.length && needed > 0; i++) {
            if (random.nextInt(offsets.length - i) < needed) {
              visitPacked(p, offsets[i], Packed.next(p, offsets[i]), visitor);
              needed--;
            }
          }
        }
      };
    }
    FieldTable table = table();
    return new Sampler() {
      @Override
      public int size() {
        return table.size();
      }

      @Override
      public void visitRandom(PairVisitor visitor) {
        visitNode(table.randomEntry(random), visitor);
      }

      @Override
      public void visitDistinct(int count, PairVisitor visitor) {
        if ((long) count * 3 <= table.size()) {
          // Few of many: random picks until count distinct ones (Redis's CASE 4).
          Set<FieldNode> picked = new LinkedHashSet<>();
          while (picked.size() < count) {
            picked.add(table.randomEntry(random));
          }
          picked.forEach(node -> visitNode(node, visitor));
          return;
        }
        // Most of them: a partial Fisher-Yates shuffle of all the nodes.
        FieldNode[] nodes = new FieldNode[table.size()];
        int[] filled = {0};
        table.forEach(node -> nodes[filled[0]++] = node);
        for (int i = 0; i < count; i++) {
          int pick = i + random.nextInt(nodes.length - i);
          FieldNode chosen = nodes[pick];
          nodes[pick] = nodes[i];
          nodes[i] = chosen;
          visitNode(chosen, visitor);
        }
      }
    };
  }

  /** Random fields of one hash; see {@link #sampler}. */
  interface Sampler {
    int size();

    /** Visits one field chosen uniformly at random. */
    void visitRandom(PairVisitor visitor);

    /** Visits {@code count} distinct fields, {@code count} below {@link #size()}. */
    void visitDistinct(int count, PairVisitor visitor);
  }

  private static void visitPacked(byte[] p, int fieldAt, int valueAt, PairVisitor visitor) {
    visitor.pair(
        p,
        Packed.data(p, fieldAt),
        Packed.length(p, fieldAt),
        p,
        Packed.data(p, valueAt),
        Packed.length(p, valueAt));
  }

  private static void visitNode(FieldNode node, PairVisitor visitor) {
    byte[] field = node.key();
    visitor.pair(field, 0, field.length, node.value, 0, node.value.length);
  }

  // ---------------------------------------------------------------------------------------------
  // Writes: only through an open KeyWrite, whose done() then accounts for the memory.

  /**
   * Sets the field to the value, converting to a table first when the pair is too long for the
   * packed form, or after when the hash now has too many fields. Returns true when the field is
   * new. The arrays are kept by a table, so the caller must not change them afterwards.
   */
  boolean set(byte[] field, byte[] value, Limits limits) {
    if (body instanceof byte[] p) {
      if (field.length > limits.maxValue()
          || value.length > limits.maxValue()
          || (long) p.length + field.length + value.length + 10 > PACKED_SAFETY_LIMIT) {
        convert();
      } else {
        int at = Packed.find(p, field);
        if (at >= 0) {
          body = Packed.replace(p, Packed.next(p, at), value);
          return false;
        }
        byte[] grown = Packed.append(p, field, value);
        body = grown;
        if (Packed.count(grown) > limits.maxEntries()) {
          convert();
        }
        return true;
      }
    }
    return table().put(field, value);
  }

  /** Removes the field; returns whether it was there. */
  boolean delete(byte[] field) {
    if (body instanceof byte[] p) {
      int at = Packed.find(p, field);
      if (at < 0) {
        return false;
      }
      body = Packed.remove(p, at);
      return true;
    }
    return table().delete(field);
  }

  /** Redis's {@code hashTypeConvert} to {@code hashtable}. */
  private void convert() {
    byte[] p = packed();
    FieldTable table = new FieldTable();
    int at = Packed.HEADER;
    while (at < p.length) {
      int valueAt = Packed.next(p, at);
      table.put(Packed.entry(p, at), Packed.entry(p, valueAt));
      at = Packed.next(p, valueAt);
    }
    body = table;
  }
}
