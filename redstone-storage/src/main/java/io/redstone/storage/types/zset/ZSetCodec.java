package io.redstone.storage.types.zset;

import io.redstone.storage.types.EncodingLimits;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.PartWriter;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueBuilder;
import io.redstone.storage.types.ValueType;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A sorted set's bytes in snapshots and the log's base. Format version 1: a version byte, the
 * encoding it had (0 compact, 1 skip list), the member count, then per member in ascending order
 * its length, its bytes and its score's IEEE 754 bits (so every score, -0 and the infinities
 * included, comes back exactly). Integers are big-endian 32 and 64 bits. A big sorted set is stored
 * in several such parts, consecutive slices in ascending order.
 *
 * <p>A load picks the encoding from the current thresholds as Redis 7.0's RDB load does: a set
 * saved compact becomes a skip list only when it has more members than {@code
 * zset-max-listpack-entries}; a set saved as a skip list comes back compact when it has at most
 * that many members and none longer than {@code zset-max-listpack-value}.
 */
public final class ZSetCodec {
  private static final byte VERSION = 1;
  private static final byte COMPACT = 0;
  private static final byte SKIP_LIST = 1;

  /** Member bytes a compact set may hold in all, as Redis's {@code lpSafeToAdd} (1 GB). */
  private static final long COMPACT_SAFETY_LIMIT = 1L << 30;

  private ZSetCodec() {}

  static StoredValue encode(ZStore store, PartLimits limits) {
    byte encoding = store instanceof Listpack ? COMPACT : SKIP_LIST;
    PartWriter out =
        new PartWriter(
            limits,
            count -> ByteBuffer.allocate(6).put(VERSION).put(encoding).putInt(count).array());
    for (ZStore.Cursor c = store.size() == 0 ? null : store.at(0);
        c != null && c.valid();
        c.next()) {
      byte[] member = c.member();
      out.writeInt(member.length);
      out.writeBytes(member);
      out.writeLong(Double.doubleToRawLongBits(c.score()));
      out.endElement();
    }
    return new StoredValue(ValueType.ZSET, out.finish());
  }

  /** The sorted set a whole payload holds, by the default thresholds; refuses a malformed one. */
  public static SortedSet decode(byte[] payload) {
    ValueBuilder builder = builder(EncodingLimits.DEFAULTS);
    builder.add(payload);
    return (SortedSet) builder.finish();
  }

  /** Rebuilds a sorted set part by part, in the encoding {@code limits} give it. */
  public static ValueBuilder builder(EncodingLimits limits) {
    return new Builder(limits);
  }

  private static final class Builder implements ValueBuilder {
    private final EncodingLimits limits;
    private int savedEncoding = -1;
    private Listpack compact = new Listpack();
    // Past the compact limits, members gather here in order and become a tree at the end.
    private byte[][] bigMembers;
    private double[] bigScores;
    private int bigCount;
    private long memberBytes;
    private byte[] lastMember;
    private double lastScore;

    Builder(EncodingLimits limits) {
      this.limits = limits;
    }

    @Override
    public void add(byte[] payload) {
      try {
        ByteBuffer in = ByteBuffer.wrap(payload);
        byte version = in.get();
        if (version != VERSION) {
          throw new IllegalArgumentException(
              "sorted set format version " + version + " is unknown");
        }
        byte encoding = in.get();
        int size = in.getInt();
        if (size < 0 || (encoding != COMPACT && encoding != SKIP_LIST)) {
          throw new IllegalArgumentException("a malformed sorted set");
        }
        if (savedEncoding >= 0 && encoding != savedEncoding) {
          throw new IllegalArgumentException("sorted set parts of different encodings");
        }
        savedEncoding = encoding;
        if (size > in.remaining() / 12) {
          throw new IllegalArgumentException("a sorted set payload shorter than its count");
        }
        for (int i = 0; i < size; i++) {
          int length = in.getInt();
          if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a malformed sorted set member");
          }
          byte[] member = new byte[length];
          in.get(member);
          double score = Double.longBitsToDouble(in.getLong());
          if (Double.isNaN(score)
              || (lastMember != null && !ZStore.before(lastScore, lastMember, score, member))) {
            throw new IllegalArgumentException("sorted set members out of order");
          }
          member(member, score);
        }
        if (in.hasRemaining()) {
          throw new IllegalArgumentException("bytes after the sorted set");
        }
      } catch (BufferUnderflowException e) {
        throw new IllegalArgumentException("a truncated sorted set", e);
      }
    }

    /** Adds the next member, greater than every one before it. */
    private void member(byte[] member, double score) {
      lastMember = member;
      lastScore = score;
      memberBytes += member.length;
      if (compact != null && !stillCompact(member)) {
        bigMembers = new byte[Math.max(16, compact.size() * 2)][];
        bigScores = new double[bigMembers.length];
        for (int i = 0; i < compact.size(); i++) {
          bigMembers[i] = compact.memberAt(i);
          bigScores[i] = compact.scoreAt(i);
        }
        bigCount = compact.size();
        compact = null;
      }
      if (compact != null) {
        compact.append(member, score);
        return;
      }
      if (bigCount == bigMembers.length) {
        bigMembers = Arrays.copyOf(bigMembers, bigCount * 2);
        bigScores = Arrays.copyOf(bigScores, bigCount * 2);
      }
      bigMembers[bigCount] = member;
      bigScores[bigCount++] = score;
    }

    /** Whether the set stays compact with {@code member} in it, by Redis's load rules. */
    private boolean stillCompact(byte[] member) {
      if (compact.size() + 1L > limits.zsetMaxListpackEntries()) {
        return false;
      }
      return savedEncoding == COMPACT
          || (member.length <= limits.zsetMaxListpackValue() && memberBytes < COMPACT_SAFETY_LIMIT);
    }

    @Override
    public Object finish() {
      if (savedEncoding < 0) {
        throw new IllegalArgumentException("a sorted set without its parts");
      }
      return new SortedSet(
          compact != null ? compact : RankTree.ofSorted(bigMembers, bigScores, bigCount));
    }
  }
}
