package io.redstone.storage.types.set;

import io.redstone.protocol.text.Numbers;
import io.redstone.storage.types.string.Strings;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Redis's intset: the members as sorted, distinct integers in one array, each of the narrowest
 * width (16, 32 or 64 bits) that holds the widest of them. The first byte of the array is that
 * width in bytes; the members follow, little-endian, and the array is always exactly as long as
 * they need. Lookups are binary searches; an insert or removal copies the array, as Redis's {@code
 * intsetAdd} moves its memory, which stays cheap below {@code set-max-intset-entries}.
 */
final class IntSet extends SetValue {
  private static final VarHandle SHORTS =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The object: a 12-byte header and the array reference. */
  private static final long OBJECT_BYTES = 16;

  private byte[] data;

  private IntSet(byte[] data) {
    this.data = data;
  }

  /** An intset of the first {@code n} of {@code sorted}, which are ascending and distinct. */
  static IntSet of(long[] sorted, int n) {
    int width = 2;
    for (int i = 0; i < n; i++) {
      width = Math.max(width, widthOf(sorted[i]));
    }
    byte[] data = new byte[1 + n * width];
    data[0] = (byte) width;
    for (int i = 0; i < n; i++) {
      put(data, width, i, sorted[i]);
    }
    return new IntSet(data);
  }

  static int widthOf(long value) {
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      return 8;
    }
    return value < Short.MIN_VALUE || value > Short.MAX_VALUE ? 4 : 2;
  }

  private static long get(byte[] data, int width, int index) {
    int offset = 1 + index * width;
    return switch (width) {
      case 2 -> (short) SHORTS.get(data, offset);
      case 4 -> (int) INTS.get(data, offset);
      default -> (long) LONGS.get(data, offset);
    };
  }

  private static void put(byte[] data, int width, int index, long value) {
    int offset = 1 + index * width;
    switch (width) {
      case 2 -> SHORTS.set(data, offset, (short) value);
      case 4 -> INTS.set(data, offset, (int) value);
      default -> LONGS.set(data, offset, value);
    }
  }

  private int width() {
    return data[0];
  }

  long get(int index) {
    return get(data, width(), index);
  }

  /** The index of {@code value}, or {@code -(insertion point) - 1}, as Arrays.binarySearch. */
  private int search(long value) {
    int low = 0;
    int high = size() - 1;
    int width = width();
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long found = get(data, width, mid);
      if (found < value) {
        low = mid + 1;
      } else if (found > value) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  @Override
  public String encoding() {
    return "intset";
  }

  @Override
  public long memory() {
    return OBJECT_BYTES + Strings.arrayBytes(data.length);
  }

  @Override
  public int size() {
    return (data.length - 1) / data[0];
  }

  @Override
  public IntSet duplicate() {
    return new IntSet(data.clone());
  }

  boolean containsValue(long value) {
    return search(value) >= 0;
  }

  @Override
  boolean contains(byte[] member) {
    return Numbers.isLong(member) && containsValue(Numbers.parseLong(member));
  }

  @Override
  SetValue add(byte[] member, long maxIntsetEntries) {
    if (!Numbers.isLong(member)) {
      return HashtableSet.of(this).add(member, maxIntsetEntries);
    }
    long value = Numbers.parseLong(member);
    int found = search(value);
    if (found >= 0) {
      return this;
    }
    int n = size();
    if (n + 1 > maxIntsetEntries) {
      return HashtableSet.of(this).add(member, maxIntsetEntries);
    }
    int at = -found - 1;
    int oldWidth = width();
    int newWidth = Math.max(oldWidth, widthOf(value));
    byte[] grown = new byte[1 + (n + 1) * newWidth];
    grown[0] = (byte) newWidth;
    if (newWidth == oldWidth) {
      System.arraycopy(data, 1, grown, 1, at * oldWidth);
      System.arraycopy(
          data, 1 + at * oldWidth, grown, 1 + (at + 1) * oldWidth, (n - at) * oldWidth);
    } else {
      for (int i = 0; i < n; i++) {
        put(grown, newWidth, i < at ? i : i + 1, get(data, oldWidth, i));
      }
    }
    put(grown, newWidth, at, value);
    data = grown;
    return this;
  }

  @Override
  boolean remove(byte[] member) {
    if (!Numbers.isLong(member)) {
      return false;
    }
    int at = search(Numbers.parseLong(member));
    if (at < 0) {
      return false;
    }
    int width = width();
    int n = size();
    byte[] shrunk = new byte[1 + (n - 1) * width];
    shrunk[0] = (byte) width;
    System.arraycopy(data, 1, shrunk, 1, at * width);
    System.arraycopy(data, 1 + (at + 1) * width, shrunk, 1 + at * width, (n - at - 1) * width);
    data = shrunk;
    return true;
  }

  @Override
  byte[] random(RandomGenerator random) {
    return Numbers.toBytes(get(random.nextInt(size())));
  }

  @Override
  void forEach(Consumer<byte[]> visitor) {
    int n = size();
    for (int i = 0; i < n; i++) {
      visitor.accept(Numbers.toBytes(get(i)));
    }
  }

  @Override
  long scan(long cursor, long count, Consumer<byte[]> visitor) {
    forEach(visitor);
    return 0;
  }
}
