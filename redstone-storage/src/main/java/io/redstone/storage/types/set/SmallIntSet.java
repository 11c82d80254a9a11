package io.redstone.storage.types.set;

import io.redstone.protocol.text.Numbers;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * An intset of at most ten members, each within 16 bits: the common small set of small integers in
 * one 32-byte object, with no array behind it (Redis spends a 16-byte object and a 28-byte intset
 * on the same set; {@link IntSet} would spend 56 bytes).
 *
 * <p>The ten 16-bit slots hold the members in ascending order, and the slots after the last member
 * repeat it, so the size needs no field of its own: it is one more than the number of rises from
 * one slot to the next. The empty set, which exists only between an open for writing and its {@code
 * done()}, is marked by a first slot above the second, which no sorted set has.
 */
final class SmallIntSet extends SetValue {
  static final int CAPACITY = 10;
  static final long BYTES = 32;

  // Slots 0-3 in lo, 4-7 in hi, 8-9 in tail, low bits first.
  private int tail;
  private long lo;
  private long hi;

  SmallIntSet() {
    pack(new int[0], 0);
  }

  /** Whether {@code value} fits a slot. */
  static boolean fits(long value) {
    return value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
  }

  private int slot(int i) {
    if (i < 4) {
      return (short) (lo >>> (16 * i));
    }
    if (i < 8) {
      return (short) (hi >>> (16 * (i - 4)));
    }
    return (short) (tail >>> (16 * (i - 8)));
  }

  /** Members in ascending order into {@code out}; returns how many. */
  private int unpack(int[] out) {
    int first = slot(0);
    int second = slot(1);
    if (first > second) {
      return 0;
    }
    out[0] = first;
    int n = 1;
    int previous = first;
    for (int i = 1; i < CAPACITY; i++) {
      int value = slot(i);
      if (value == previous) {
        break;
      }
      out[n++] = value;
      previous = value;
    }
    return n;
  }

  private void pack(int[] values, int n) {
    long newLo = 0;
    long newHi = 0;
    int newTail = 0;
    for (int i = 0; i < CAPACITY; i++) {
      int value;
      if (n == 0) {
        value = i == 0 ? 1 : 0;
      } else {
        value = values[Math.min(i, n - 1)];
      }
      long bits = value & 0xffffL;
      if (i < 4) {
        newLo |= bits << (16 * i);
      } else if (i < 8) {
        newHi |= bits << (16 * (i - 4));
      } else {
        newTail |= (int) (bits << (16 * (i - 8)));
      }
    }
    lo = newLo;
    hi = newHi;
    tail = newTail;
  }

  @Override
  public String encoding() {
    return "intset";
  }

  @Override
  public long memory() {
    return BYTES;
  }

  @Override
  public int size() {
    int first = slot(0);
    if (first > slot(1)) {
      return 0;
    }
    int n = 1;
    int previous = first;
    for (int i = 1; i < CAPACITY; i++) {
      int value = slot(i);
      if (value == previous) {
        break;
      }
      n++;
      previous = value;
    }
    return n;
  }

  @Override
  public SmallIntSet duplicate() {
    SmallIntSet copy = new SmallIntSet();
    copy.lo = lo;
    copy.hi = hi;
    copy.tail = tail;
    return copy;
  }

  @Override
  boolean contains(byte[] member) {
    if (!Numbers.isLong(member)) {
      return false;
    }
    long value = Numbers.parseLong(member);
    if (!fits(value)) {
      return false;
    }
    int[] values = new int[CAPACITY];
    int n = unpack(values);
    for (int i = 0; i < n; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  @Override
  SetValue add(byte[] member, long maxIntsetEntries) {
    int[] values = new int[CAPACITY];
    int n = unpack(values);
    if (!Numbers.isLong(member)) {
      return HashtableSet.of(this).add(member, maxIntsetEntries);
    }
    long value = Numbers.parseLong(member);
    int at = 0;
    while (at < n && values[at] < value) {
      at++;
    }
    if (at < n && values[at] == value) {
      return this;
    }
    if (n + 1 > maxIntsetEntries) {
      return HashtableSet.of(this).add(member, maxIntsetEntries);
    }
    if (!fits(value) || n == CAPACITY) {
      long[] wider = new long[n];
      for (int i = 0; i < n; i++) {
        wider[i] = values[i];
      }
      return IntSet.of(wider, n).add(member, maxIntsetEntries);
    }
    System.arraycopy(values, at, values, at + 1, n - at);
    values[at] = (int) value;
    pack(values, n + 1);
    return this;
  }

  @Override
  boolean remove(byte[] member) {
    if (!Numbers.isLong(member)) {
      return false;
    }
    long value = Numbers.parseLong(member);
    int[] values = new int[CAPACITY];
    int n = unpack(values);
    for (int i = 0; i < n; i++) {
      if (values[i] == value) {
        System.arraycopy(values, i + 1, values, i, n - i - 1);
        pack(values, n - 1);
        return true;
      }
    }
    return false;
  }

  @Override
  byte[] random(RandomGenerator random) {
    int[] values = new int[CAPACITY];
    int n = unpack(values);
    return Numbers.toBytes(values[random.nextInt(n)]);
  }

  @Override
  void forEach(Consumer<byte[]> visitor) {
    int[] values = new int[CAPACITY];
    int n = unpack(values);
    for (int i = 0; i < n; i++) {
      visitor.accept(Numbers.toBytes(values[i]));
    }
  }

  @Override
  long scan(long cursor, long count, Consumer<byte[]> visitor) {
    forEach(visitor);
    return 0;
  }

  /** The members, ascending, as 64-bit values. */
  long[] values() {
    int[] values = new int[CAPACITY];
    int n = unpack(values);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
