package io.redstone.storage.types.set;

import io.redstone.storage.types.EncodingLimits;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.PartWriter;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueBuilder;
import io.redstone.storage.types.ValueType;
import java.io.ByteArrayOutputStream;

/**
 * A set's payload in snapshots and the log's base: a format byte (1), the member count, then each
 * member as its length and bytes; counts and lengths are unsigned LEB128 varints. A big set is
 * stored in several such parts. The encoding is not stored: a load rebuilds it by Redis's rules and
 * the current {@code set-max-intset-entries}, as Redis's RDB load does, so a hash table whose
 * members are all small integers comes back an intset.
 */
public final class SetCodec {
  private static final int FORMAT = 1;

  private SetCodec() {}

  static StoredValue encode(SetValue set, PartLimits limits) {
    PartWriter out = new PartWriter(limits, SetCodec::header);
    set.forEach(
        member -> {
          out.writeVarint(member.length);
          out.writeBytes(member);
          out.endElement();
        });
    return new StoredValue(ValueType.SET, out.finish());
  }

  private static byte[] header(int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(6);
    out.write(FORMAT);
    long value = count;
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }

  /** The set a whole payload holds, by the default thresholds; refuses a damaged one. */
  public static Object decode(byte[] payload) {
    ValueBuilder builder = builder(EncodingLimits.DEFAULTS);
    builder.add(payload);
    return builder.finish();
  }

  /** Rebuilds a set part by part, in the encoding {@code limits} give it. */
  public static ValueBuilder builder(EncodingLimits limits) {
    return new ValueBuilder() {
      private SetValue set = SetValue.createEmpty();
      private long expected;

      @Override
      public void add(byte[] payload) {
        if (payload.length == 0 || payload[0] != FORMAT) {
          throw new IllegalArgumentException("not a set payload of format " + FORMAT);
        }
        int[] position = {1};
        long count = readVarint(payload, position);
        if (count <= 0 || count > payload.length) {
          throw new IllegalArgumentException("a set payload with " + count + " members");
        }
        for (long i = 0; i < count; i++) {
          long length = readVarint(payload, position);
          if (length > payload.length - position[0]) {
            throw new IllegalArgumentException("a set member runs past the payload's end");
          }
          byte[] member = new byte[(int) length];
          System.arraycopy(payload, position[0], member, 0, member.length);
          position[0] += member.length;
          set = set.add(member, limits.setMaxIntsetEntries());
        }
        expected += count;
        if (position[0] != payload.length || set.size() != expected) {
          throw new IllegalArgumentException(
              "a set payload with trailing bytes or repeated members");
        }
      }

      @Override
      public Object finish() {
        if (expected == 0) {
          throw new IllegalArgumentException("a set without members");
        }
        return set;
      }
    };
  }

  private static long readVarint(byte[] in, int[] position) {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (position[0] >= in.length) {
        throw new IllegalArgumentException("a set payload ends inside a number");
      }
      int b = in[position[0]++] & 0xff;
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("a set payload's number is too long");
  }
}
