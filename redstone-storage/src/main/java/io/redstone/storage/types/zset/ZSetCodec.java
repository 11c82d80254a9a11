package io.redstone.storage.types.zset;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * A sorted set's bytes in snapshots and the log's base. Format version 1: a version byte, the
 * encoding (0 compact, 1 skip list (the tree), restored as it was), the member count, then per
 * member in ascending order its length, its bytes and its score's IEEE 754 bits (so every score, -0
 * and the infinities included, comes back exactly). Integers are big-endian 32 and 64 bits.
 */
public final class ZSetCodec {
  private static final byte VERSION = 1;
  private static final byte COMPACT = 0;
  private static final byte SKIP_LIST = 1;

  private ZSetCodec() {}

  static byte[] encode(ZStore store) {
    int size = store.size();
    long bytes = 6;
    ZStore.Cursor cursor = size == 0 ? null : store.at(0);
    for (ZStore.Cursor c = cursor; c != null && c.valid(); c.next()) {
      bytes += 4 + c.member().length + 8;
    }
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a sorted set of " + bytes + " bytes is too large to encode");
    }
    ByteBuffer out = ByteBuffer.allocate((int) bytes);
    out.put(VERSION);
    out.put(store instanceof Listpack ? COMPACT : SKIP_LIST);
    out.putInt(size);
    for (ZStore.Cursor c = size == 0 ? null : store.at(0); c != null && c.valid(); c.next()) {
      byte[] member = c.member();
      out.putInt(member.length);
      out.put(member);
      out.putLong(Double.doubleToRawLongBits(c.score()));
    }
    return out.array();
  }

  /** The sorted set a payload of {@link #encode} holds; a malformed payload is refused. */
  public static SortedSet decode(byte[] payload) {
    try {
      ByteBuffer in = ByteBuffer.wrap(payload);
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("sorted set format version " + version + " is unknown");
      }
      byte encoding = in.get();
      int size = in.getInt();
      if (size < 0 || (encoding != COMPACT && encoding != SKIP_LIST)) {
        throw new IllegalArgumentException("a malformed sorted set");
      }
      byte[][] members = new byte[Math.min(size, payload.length / 12)][];
      double[] scores = new double[members.length];
      if (members.length != size) {
        throw new IllegalArgumentException("a sorted set payload shorter than its count");
      }
      for (int i = 0; i < size; i++) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new IllegalArgumentException("a malformed sorted set member");
        }
        members[i] = new byte[length];
        in.get(members[i]);
        scores[i] = Double.longBitsToDouble(in.getLong());
        if (Double.isNaN(scores[i])
            || (i > 0 && !ZStore.before(scores[i - 1], members[i - 1], scores[i], members[i]))) {
          throw new IllegalArgumentException("sorted set members out of order");
        }
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("bytes after the sorted set");
      }
      if (encoding == COMPACT) {
        Listpack compact = new Listpack(size);
        for (int i = 0; i < size; i++) {
          compact.append(members[i], scores[i]);
        }
        return new SortedSet(compact);
      }
      return new SortedSet(RankTree.ofSorted(members, scores, size));
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("a truncated sorted set", e);
    }
  }
}
