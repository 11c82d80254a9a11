package io.redstone.storage.keyspace;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A hash table keyed by byte arrays with incremental rehashing, in the manner of Redis's {@code
 * dict}: growing or shrinking allocates the new bucket array at once but moves entries a few
 * buckets per operation (and in {@link #rehashFor} from the periodic timer), so no single command
 * pays for a whole-table resize. While a rehash is in progress entries live in two arrays; new
 * entries go to the new one.
 *
 * <p>Chains are made of the nodes themselves ({@link HashNode} subclasses: the keyspace's {@link
 * Entry}, a big hash's fields, a big set's members), so an element costs one object here. SCAN's
 * reverse-binary cursor ({@link #scan}) visits every element present for the whole scan at least
 * once, across resizes. Single-threaded: the storage verticle owns it.
 */
public class BytesTable<N extends HashNode> {
  private static final int MIN_CAPACITY = 4;

  /** The most buckets {@link #reserve} allocates: 2^26, for 64 million keys, a 256 MB array. */
  private static final long MAX_RESERVED = 1L << 26;

  /** A rehash step may skip this many empty buckets per bucket it was asked to move. */
  private static final int EMPTY_VISITS_PER_STEP = 10;

  /** Shrink when fewer than 1 in this many buckets would be used. */
  private static final int SHRINK_FILL_RATIO = 8;

  private final int seed;
  private HashNode[] primary = new HashNode[MIN_CAPACITY];
  private int primarySize;

  /** Non-null while rehashing: the array entries are moving to. */
  private HashNode[] target;

  private int targetSize;

  /** Next bucket of {@link #primary} to move; meaningful only while rehashing. */
  private int rehashIndex;

  public BytesTable(int seed) {
    this.seed = seed;
  }

  public final int size() {
    return primarySize + targetSize;
  }

  public final boolean isRehashing() {
    return target != null;
  }

  /** Bucket count of the table entries end up in (the new one while rehashing). */
  public final int capacity() {
    return target != null ? target.length : primary.length;
  }

  @SuppressWarnings("unchecked")
  public final N get(byte[] key) {
    if (size() == 0) {
      return null;
    }
    if (target != null) {
      rehashStep(1);
    }
    int h = KeyHash.hash(key, seed);
    HashNode found = find(primary, h, key);
    if (found == null && target != null) {
      found = find(target, h, key);
    }
    return (N) found;
  }

  /**
   * Reads, without changing anything, the memory a lookup of {@code key} will read: its bucket, the
   * first entry there and that entry's key. A lookup is a chain of dependent cache misses, so
   * lookups one after another wait for memory one miss at a time; touching the keys of a whole
   * pipelined batch first lets the processor overlap their misses (measured in
   * docs/performance.md). Returns a value derived from what it read so the JIT cannot drop the
   * reads.
   */
  public final int touch(byte[] key) {
    if (size() == 0) {
      return 0;
    }
    int h = KeyHash.hash(key, seed);
    int seen = touchChainHead(primary, h);
    if (target != null) {
      seen += touchChainHead(target, h);
    }
    return seen;
  }

  private static int touchChainHead(HashNode[] table, int hash) {
    HashNode e = table[hash & (table.length - 1)];
    return e == null ? 0 : e.hash + e.key.length;
  }

  /** The hash a node for {@code key} must carry in this table (seeded per table). */
  public final int hashOf(byte[] key) {
    return KeyHash.hash(key, seed);
  }

  /** Adds a node whose key the caller knows is absent; its hash must be {@link #hashOf} its key. */
  public final void insert(N node) {
    if (target != null) {
      rehashStep(1);
    } else if (primarySize >= primary.length) {
      startRehash(primary.length << 1);
    }
    if (target != null) {
      link(target, node);
      targetSize++;
    } else {
      link(primary, node);
      primarySize++;
    }
  }

  /** Removes the key and returns its entry, or null when it was absent. */
  @SuppressWarnings("unchecked")
  public final N remove(byte[] key) {
    if (size() == 0) {
      return null;
    }
    if (target != null) {
      rehashStep(1);
    }
    int h = KeyHash.hash(key, seed);
    HashNode removed = unlink(primary, h, key);
    if (removed != null) {
      primarySize--;
    } else if (target != null) {
      removed = unlink(target, h, key);
      if (removed != null) {
        targetSize--;
      }
    }
    if (removed != null) {
      shrinkIfSparse();
    }
    return (N) removed;
  }

  /**
   * Sizes an empty table for {@code keys} keys at once, so that adding them never rehashes: what a
   * load does when the file says how many keys are coming. Does nothing to a table that holds keys
   * (it grows as usual). At most {@link #MAX_RESERVED} buckets, so a wrong hint cannot take the
   * heap.
   */
  public final void reserve(long keys) {
    if (size() > 0 || keys <= primary.length) {
      return;
    }
    long wanted = Math.min(keys, MAX_RESERVED);
    primary = new HashNode[(int) (Long.highestOneBit(wanted - 1) << 1)];
    target = null;
  }

  public final void clear() {
    primary = new HashNode[MIN_CAPACITY];
    primarySize = 0;
    target = null;
    targetSize = 0;
  }

  /**
   * Moves up to {@code buckets} non-empty buckets to the new array, visiting at most ten empty
   * buckets per bucket asked for. Returns true while a rehash is still in progress (including a
   * shrink that the finished one found necessary).
   */
  public final boolean rehashStep(int buckets) {
    if (target == null) {
      return false;
    }
    int emptyVisits = buckets * EMPTY_VISITS_PER_STEP;
    int mask = target.length - 1;
    while (buckets-- > 0 && primarySize != 0) {
      while (primary[rehashIndex] == null) {
        rehashIndex++;
        if (--emptyVisits == 0) {
          return true;
        }
      }
      HashNode e = primary[rehashIndex];
      primary[rehashIndex] = null;
      rehashIndex++;
      while (e != null) {
        HashNode next = e.next;
        int slot = e.hash & mask;
        e.next = target[slot];
        target[slot] = e;
        primarySize--;
        targetSize++;
        e = next;
      }
    }
    if (primarySize == 0) {
      primary = target;
      primarySize = targetSize;
      target = null;
      targetSize = 0;
      // Removals made while this rehash ran may have left the new array sparse, and no later
      // removal may come to notice it: check here, so the periodic rehashing shrinks the table to
      // fit as Redis's cron resize does.
      shrinkIfSparse();
      return target != null;
    }
    return true;
  }

  /** Rehashes in steps of 100 buckets until done or until about {@code nanos} have passed. */
  public final void rehashFor(long nanos) {
    long deadline = System.nanoTime() + nanos;
    while (rehashStep(100) && System.nanoTime() - deadline < 0) {
      // keep going
    }
  }

  /**
   * Visits the entries of the bucket(s) the cursor names and returns the next cursor, 0 when the
   * iteration is complete. The cursor advances by incrementing its bit-reversed value (Redis's SCAN
   * cursor), so every key present for a whole iteration is visited at least once even when the
   * table grows, shrinks or is mid-rehash between calls; a key may be visited more than once.
   */
  public final long scan(long cursor, Consumer<? super N> visitor) {
    if (size() == 0) {
      return 0;
    }
    long v = cursor;
    if (target == null) {
      long mask = primary.length - 1;
      visitChain(primary[(int) (v & mask)], visitor);
      return advance(v, mask);
    }
    HashNode[] small = primary;
    HashNode[] large = target;
    if (small.length > large.length) {
      small = target;
      large = primary;
    }
    long smallMask = small.length - 1;
    long largeMask = large.length - 1;
    visitChain(small[(int) (v & smallMask)], visitor);
    // Visit every bucket of the larger array that the small bucket expands to.
    do {
      visitChain(large[(int) (v & largeMask)], visitor);
      v = advance(v, largeMask);
    } while ((v & (smallMask ^ largeMask)) != 0);
    return v;
  }

  /** Calls the visitor for every entry; the visitor must not change the table. */
  public final void forEach(Consumer<? super N> visitor) {
    for (HashNode head : primary) {
      visitChain(head, visitor);
    }
    if (target != null) {
      for (HashNode head : target) {
        visitChain(head, visitor);
      }
    }
  }

  /**
   * A uniformly chosen non-empty bucket, then a uniformly chosen entry of its chain; null if empty.
   */
  @SuppressWarnings("unchecked")
  public final N randomEntry(RandomGenerator random) {
    if (size() == 0) {
      return null;
    }
    if (target != null) {
      rehashStep(1);
    }
    HashNode head;
    if (target != null) {
      // Buckets of primary below rehashIndex are empty: they have moved.
      int span = primary.length - rehashIndex + target.length;
      do {
        int pick = rehashIndex + random.nextInt(span);
        head = pick < primary.length ? primary[pick] : target[pick - primary.length];
      } while (head == null);
    } else {
      do {
        head = primary[random.nextInt(primary.length)];
      } while (head == null);
    }
    int length = 0;
    for (HashNode e = head; e != null; e = e.next) {
      length++;
    }
    HashNode chosen = head;
    for (int skip = random.nextInt(length); skip > 0; skip--) {
      chosen = chosen.next;
    }
    return (N) chosen;
  }

  private void shrinkIfSparse() {
    if (target != null || primary.length <= MIN_CAPACITY) {
      return;
    }
    if ((long) primarySize * SHRINK_FILL_RATIO < primary.length) {
      startRehash(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, primarySize)) << 1));
    }
  }

  private void startRehash(int capacity) {
    target = new HashNode[capacity];
    targetSize = 0;
    rehashIndex = 0;
  }

  private static long advance(long cursor, long mask) {
    // Set the bits above the mask so the increment of the reversed cursor carries through them.
    long v = cursor | ~mask;
    v = Long.reverse(v);
    v++;
    return Long.reverse(v);
  }

  @SuppressWarnings("unchecked")
  private static <N extends HashNode> void visitChain(HashNode head, Consumer<? super N> visitor) {
    for (HashNode e = head; e != null; ) {
      HashNode next = e.next;
      visitor.accept((N) e);
      e = next;
    }
  }

  private static HashNode find(HashNode[] table, int hash, byte[] key) {
    for (HashNode e = table[hash & (table.length - 1)]; e != null; e = e.next) {
      if (e.hash == hash && Arrays.equals(e.key, key)) {
        return e;
      }
    }
    return null;
  }

  private static void link(HashNode[] table, HashNode entry) {
    int slot = entry.hash & (table.length - 1);
    entry.next = table[slot];
    table[slot] = entry;
  }

  private static HashNode unlink(HashNode[] table, int hash, byte[] key) {
    int slot = hash & (table.length - 1);
    HashNode previous = null;
    for (HashNode e = table[slot]; e != null; previous = e, e = e.next) {
      if (e.hash == hash && Arrays.equals(e.key, key)) {
        if (previous == null) {
          table[slot] = e.next;
        } else {
          previous.next = e.next;
        }
        e.next = null;
        return e;
      }
    }
    return null;
  }
}
