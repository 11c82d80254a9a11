package io.redstone.storage.types.hash;

import java.util.Arrays;

/**
 * A hash as the bytes of a snapshot or of the log's base: an encoding byte ({@code 0} packed,
 * {@code 1} table), then the {@link Packed} layout (pair count, then length-prefixed fields and
 * values) whatever the encoding, so a load restores the encoding the hash had. Persisted: the
 * layout never changes without a new encoding byte.
 */
public final class HashCodec {
  private static final byte PACKED = 0;
  private static final byte TABLE = 1;

  private HashCodec() {}

  /** Encodes on the calling (storage) thread; the result shares nothing with the live hash. */
  static byte[] encode(HashValue hash) {
    byte[] packed = hash.packedOrNull();
    if (packed != null) {
      byte[] out = new byte[1 + packed.length];
      out[0] = PACKED;
      System.arraycopy(packed, 0, out, 1, packed.length);
      return out;
    }
    long[] size = {1 + Packed.HEADER};
    hash.forEachNode(
        node ->
            size[0] += Packed.entrySize(node.key().length) + Packed.entrySize(node.value.length));
    if (size[0] > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a hash too large for one stored value: " + size[0]);
    }
    byte[] out = new byte[(int) size[0]];
    out[0] = TABLE;
    int[] at = {1 + Packed.HEADER};
    int count = hash.size();
    Packed.writeCount(out, 1, count);
    hash.forEachNode(
        node -> {
          at[0] = Packed.writeEntry(out, at[0], node.key());
          at[0] = Packed.writeEntry(out, at[0], node.value);
        });
    return out;
  }

  /** The hash {@link #encode} made {@code payload} from; refuses a payload that does not parse. */
  public static HashValue decode(byte[] payload) {
    if (payload.length < 1 + Packed.HEADER || (payload[0] != PACKED && payload[0] != TABLE)) {
      throw malformed("bad header");
    }
    byte[] packed = Arrays.copyOfRange(payload, 1, payload.length);
    int count = Packed.count(packed);
    int at = Packed.HEADER;
    FieldTable table = payload[0] == TABLE ? new FieldTable() : null;
    try {
      for (int i = 0; i < count; i++) {
        int valueAt = Packed.next(packed, at);
        int end = Packed.next(packed, valueAt);
        if (valueAt > packed.length || end > packed.length) {
          throw malformed("pair " + i + " runs past the end");
        }
        if (table != null) {
          table.put(Packed.entry(packed, at), Packed.entry(packed, valueAt));
        }
        at = end;
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw malformed("a length runs past the end");
    }
    if (at != packed.length) {
      throw malformed(count + " pairs, then " + (packed.length - at) + " bytes left");
    }
    return table != null ? HashValue.ofTable(table) : HashValue.ofPacked(packed);
  }

  private static IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException("malformed stored hash: " + why);
  }
}
