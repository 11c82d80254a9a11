package io.redstone.storage.types.hash;

import io.redstone.storage.types.EncodingLimits;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.PartWriter;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueBuilder;
import io.redstone.storage.types.ValueType;
import java.util.Arrays;

/**
 * A hash as the bytes of a snapshot or of the log's base: an encoding byte ({@code 0} packed,
 * {@code 1} table), then the {@link Packed} layout (pair count, then length-prefixed fields and
 * values) whatever the encoding. A big hash is stored in several such parts, each with the same
 * encoding byte. Persisted: the layout never changes without a new encoding byte.
 *
 * <p>A load picks the encoding from the current thresholds as Redis 7.0's RDB load does: a hash
 * saved packed becomes a table only when it has more pairs than {@code hash-max-listpack-entries}
 * (the value length is not looked at, as Redis does not for a saved listpack); a hash saved as a
 * table comes back packed when it has at most that many pairs and no field or value longer than
 * {@code hash-max-listpack-value}.
 */
public final class HashCodec {
  private static final byte PACKED = 0;
  private static final byte TABLE = 1;

  /** Longest array a packed hash may grow to, as Redis's {@code lpSafeToAdd} (1 GB). */
  private static final long PACKED_SAFETY_LIMIT = 1L << 30;

  private HashCodec() {}

  /** Encodes on the calling (storage) thread; the parts share nothing with the live hash. */
  static StoredValue encode(HashValue hash, PartLimits limits) {
    byte encoding = hash.isPacked() ? PACKED : TABLE;
    PartWriter out = new PartWriter(limits, count -> header(encoding, count));
    hash.forEach(
        (field, fieldOffset, fieldLength, value, valueOffset, valueLength) -> {
          out.writeVarint(fieldLength);
          out.writeBytes(field, fieldOffset, fieldLength);
          out.writeVarint(valueLength);
          out.writeBytes(value, valueOffset, valueLength);
          out.endElement();
        });
    return new StoredValue(ValueType.HASH, out.finish());
  }

  private static byte[] header(byte encoding, int count) {
    byte[] header = new byte[1 + Packed.HEADER];
    header[0] = encoding;
    Packed.writeCount(header, 1, count);
    return header;
  }

  /** The hash a whole payload holds, by the default thresholds; refuses one that does not parse. */
  public static HashValue decode(byte[] payload) {
    ValueBuilder builder = builder(EncodingLimits.DEFAULTS);
    builder.add(payload);
    return (HashValue) builder.finish();
  }

  /** Rebuilds a hash part by part, in the encoding {@code limits} give it. */
  public static ValueBuilder builder(EncodingLimits limits) {
    return new Builder(limits);
  }

  private static final class Builder implements ValueBuilder {
    private final EncodingLimits limits;
    private int savedEncoding = -1;
    private int parts;

    /** The packed layout being built (header included), while the hash stays packed. */
    private byte[] packed = new byte[64];

    private int packedLength = Packed.HEADER;
    private long count;
    private FieldTable table;

    Builder(EncodingLimits limits) {
      this.limits = limits;
    }

    @Override
    public void add(byte[] payload) {
      if (payload.length < 1 + Packed.HEADER || (payload[0] != PACKED && payload[0] != TABLE)) {
        throw malformed("bad header");
      }
      if (savedEncoding >= 0 && payload[0] != savedEncoding) {
        throw malformed("parts of different encodings");
      }
      savedEncoding = payload[0];
      parts++;
      int pairs = Packed.count(Arrays.copyOfRange(payload, 1, 1 + Packed.HEADER));
      if (pairs < 0) {
        throw malformed("a negative pair count");
      }
      int at = 1 + Packed.HEADER;
      try {
        for (int i = 0; i < pairs; i++) {
          int valueAt = Packed.next(payload, at);
          int end = Packed.next(payload, valueAt);
          if (valueAt > payload.length || end > payload.length) {
            throw malformed("pair " + i + " runs past the end");
          }
          pair(payload, at, valueAt, end);
          at = end;
        }
      } catch (ArrayIndexOutOfBoundsException e) {
        throw malformed("a length runs past the end");
      }
      if (at != payload.length) {
        throw malformed(pairs + " pairs, then " + (payload.length - at) + " bytes left");
      }
    }

    private void pair(byte[] payload, int fieldAt, int valueAt, int end) {
      count++;
      if (table == null && !stillPacked(payload, fieldAt, valueAt, end)) {
        toTable();
      }
      if (table == null) {
        int length = end - fieldAt;
        if (packedLength + length > packed.length) {
          packed = Arrays.copyOf(packed, Math.max(packedLength + length, 2 * packed.length));
        }
        System.arraycopy(payload, fieldAt, packed, packedLength, length);
        packedLength += length;
      } else if (!table.put(Packed.entry(payload, fieldAt), Packed.entry(payload, valueAt))) {
        throw malformed("a repeated field");
      }
    }

    /** Whether the hash stays packed with this pair in it, by Redis's load rules. */
    private boolean stillPacked(byte[] payload, int fieldAt, int valueAt, int end) {
      if (count > limits.hashMaxListpackEntries()
          || (long) packedLength + (end - fieldAt) > PACKED_SAFETY_LIMIT) {
        return false;
      }
      return savedEncoding == PACKED
          || (Packed.length(payload, fieldAt) <= limits.hashMaxListpackValue()
              && Packed.length(payload, valueAt) <= limits.hashMaxListpackValue());
    }

    private void toTable() {
      table = new FieldTable();
      int at = Packed.HEADER;
      while (at < packedLength) {
        int valueAt = Packed.next(packed, at);
        if (!table.put(Packed.entry(packed, at), Packed.entry(packed, valueAt))) {
          throw malformed("a repeated field");
        }
        at = Packed.next(packed, valueAt);
      }
      packed = null;
    }

    @Override
    public Object finish() {
      if (parts == 0) {
        throw malformed("no parts");
      }
      if (table != null) {
        return HashValue.ofTable(table);
      }
      byte[] exact = Arrays.copyOf(packed, packedLength);
      Packed.writeCount(exact, 0, (int) count);
      return HashValue.ofPacked(exact);
    }
  }

  private static IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException("malformed stored hash: " + why);
  }
}
