package io.redstone.storage.types.list;

import io.redstone.storage.types.Container;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueType;
import io.redstone.storage.types.string.Strings;
import java.util.Arrays;

/**
 * A list: a growable ring of elements, so pushes and pops at either end cost O(1) and so does
 * reaching any index (Redis's quicklist walks nodes for LINDEX and LSET). Elements are never
 * changed in place once stored: an element may also be an argument still travelling to the log.
 */
public final class ListValue implements Container {
  /** The object, its fields, and the ring's array header. */
  private static final long FIXED_BYTES = 24 + 16;

  private static final int REFERENCE_BYTES = 4;
  private static final int MIN_CAPACITY = 4;

  private byte[][] ring;
  private int head;
  private int size;

  /** Heap bytes of the elements' arrays. */
  private long elementBytes;

  public ListValue() {
    ring = new byte[MIN_CAPACITY][];
  }

  private ListValue(ListValue other) {
    ring = new byte[Math.max(MIN_CAPACITY, other.size)][];
    for (int i = 0; i < other.size; i++) {
      ring[i] = other.get(i).clone();
    }
    size = other.size;
    elementBytes = other.elementBytes;
  }

  @Override
  public ValueType type() {
    return ValueType.LIST;
  }

  /** Redis 7.0 reports every list as a quicklist, small or large. */
  @Override
  public String encoding() {
    return "quicklist";
  }

  @Override
  public long memory() {
    return FIXED_BYTES + (long) REFERENCE_BYTES * ring.length + elementBytes;
  }

  @Override
  public int size() {
    return size;
  }

  /** The quicklist Redis would hold for this list under {@code list-max-listpack-size fill}. */
  public QuicklistLayout quicklistLayout(int fill) {
    return QuicklistLayout.of(this, fill);
  }

  /** At the default {@code list-max-listpack-size} (-2): see {@link #quicklistLayout}. */
  @Override
  public long serializedLength() {
    return quicklistLayout(-2).serializedLength();
  }

  @Override
  public ListValue duplicate() {
    return new ListValue(this);
  }

  /** The element at {@code index}, 0 being the head; the caller checks the bounds. */
  public byte[] get(int index) {
    return ring[slot(index)];
  }

  public void set(int index, byte[] element) {
    int slot = slot(index);
    elementBytes += Strings.memory(element) - Strings.memory(ring[slot]);
    ring[slot] = element;
  }

  public void addFirst(byte[] element) {
    growIfFull();
    head = (head - 1) & (ring.length - 1);
    ring[head] = element;
    size++;
    elementBytes += Strings.memory(element);
  }

  public void addLast(byte[] element) {
    growIfFull();
    ring[slot(size)] = element;
    size++;
    elementBytes += Strings.memory(element);
  }

  public byte[] removeFirst() {
    byte[] element = ring[head];
    ring[head] = null;
    head = (head + 1) & (ring.length - 1);
    size--;
    elementBytes -= Strings.memory(element);
    shrinkIfSparse();
    return element;
  }

  public byte[] removeLast() {
    int slot = slot(size - 1);
    byte[] element = ring[slot];
    ring[slot] = null;
    size--;
    elementBytes -= Strings.memory(element);
    shrinkIfSparse();
    return element;
  }

  /** Inserts at {@code index} (0 to size), moving the shorter side. */
  public void insert(int index, byte[] element) {
    if (index == 0) {
      addFirst(element);
      return;
    }
    if (index == size) {
      addLast(element);
      return;
    }
    growIfFull();
    if (index < size / 2) {
      head = (head - 1) & (ring.length - 1);
      for (int i = 0; i < index; i++) {
        ring[slot(i)] = ring[slot(i + 1)];
      }
    } else {
      for (int i = size; i > index; i--) {
        ring[slot(i)] = ring[slot(i - 1)];
      }
    }
    ring[slot(index)] = element;
    size++;
    elementBytes += Strings.memory(element);
  }

  /**
   * Keeps only the elements whose index passes {@code keep}, in order, in one pass (LREM). Returns
   * how many were removed.
   */
  public int removeIf(IndexedPredicate remove) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      byte[] element = get(i);
      if (remove.test(i, element)) {
        elementBytes -= Strings.memory(element);
      } else {
        ring[slot(kept++)] = element;
      }
    }
    int removed = size - kept;
    for (int i = kept; i < size; i++) {
      ring[slot(i)] = null;
    }
    size = kept;
    shrinkIfSparse();
    return removed;
  }

  /** Decides per element for {@link #removeIf}. */
  @FunctionalInterface
  public interface IndexedPredicate {
    boolean test(int index, byte[] element);
  }

  /** Keeps elements {@code from} to {@code to} inclusive (both within bounds, from <= to). */
  public void trim(int from, int to) {
    byte[][] kept = new byte[capacityFor(to - from + 1)][];
    long bytes = 0;
    for (int i = from; i <= to; i++) {
      byte[] element = get(i);
      kept[i - from] = element;
      bytes += Strings.memory(element);
    }
    ring = kept;
    head = 0;
    size = to - from + 1;
    elementBytes = bytes;
  }

  /** Made on the storage thread; the parts share nothing with the live list ({@link ListCodec}). */
  @Override
  public StoredValue encode(PartLimits limits) {
    return ListCodec.encode(this, limits);
  }

  private int slot(int index) {
    return (head + index) & (ring.length - 1);
  }

  private void growIfFull() {
    if (size == ring.length) {
      resize(ring.length << 1);
    }
  }

  /** Gives memory back once the ring is less than a quarter full. */
  private void shrinkIfSparse() {
    if (ring.length > MIN_CAPACITY && size < ring.length / 4) {
      resize(capacityFor(size));
    }
  }

  private void resize(int capacity) {
    byte[][] resized = new byte[capacity][];
    for (int i = 0; i < size; i++) {
      resized[i] = get(i);
    }
    ring = resized;
    head = 0;
  }

  private static int capacityFor(int elements) {
    int capacity = MIN_CAPACITY;
    while (capacity < elements) {
      capacity <<= 1;
    }
    return capacity;
  }

  @Override
  public String toString() {
    byte[][] elements = new byte[size][];
    for (int i = 0; i < size; i++) {
      elements[i] = get(i);
    }
    return "ListValue" + Arrays.deepToString(elements);
  }
}
