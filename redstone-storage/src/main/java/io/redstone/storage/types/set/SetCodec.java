package io.redstone.storage.types.set;

import java.io.ByteArrayOutputStream;

/**
 * A set's payload in snapshots and the log's base: a format byte (1), the member count, then each
 * member as its length and bytes; counts and lengths are unsigned LEB128 varints. The encoding is
 * not stored: a load rebuilds it by Redis's rules, as Redis's RDB load does, so a hash table whose
 * members are all small integers comes back an intset.
 */
public final class SetCodec {
  private static final int FORMAT = 1;

  /**
   * {@code set-max-intset-entries} at its default: loads do not see the configuration, so a server
   * running with another value converts on its next write instead.
   */
  static final long LOAD_MAX_INTSET_ENTRIES = 512;

  private SetCodec() {}

  static byte[] encode(SetValue set) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + set.size() * 8);
    out.write(FORMAT);
    writeVarint(out, set.size());
    set.forEach(
        member -> {
          writeVarint(out, member.length);
          out.write(member, 0, member.length);
        });
    return out.toByteArray();
  }

  /** The set a payload holds; throws IllegalArgumentException for a damaged one. */
  public static Object decode(byte[] payload) {
    if (payload.length == 0 || payload[0] != FORMAT) {
      throw new IllegalArgumentException("not a set payload of format " + FORMAT);
    }
    int[] position = {1};
    long count = readVarint(payload, position);
    if (count <= 0 || count > payload.length) {
      throw new IllegalArgumentException("a set payload with " + count + " members");
    }
    SetValue set = SetValue.createEmpty();
    for (long i = 0; i < count; i++) {
      long length = readVarint(payload, position);
      if (length > payload.length - position[0]) {
        throw new IllegalArgumentException("a set member runs past the payload's end");
      }
      byte[] member = new byte[(int) length];
      System.arraycopy(payload, position[0], member, 0, member.length);
      position[0] += member.length;
      set = set.add(member, LOAD_MAX_INTSET_ENTRIES);
    }
    if (position[0] != payload.length || set.size() != count) {
      throw new IllegalArgumentException("a set payload with trailing bytes or repeated members");
    }
    return set;
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
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
