package io.redstone.storage.types.stream;

import io.redstone.storage.types.Container;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueType;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream, laid out as Redis lays it out: entries in blocks (listpacks) held in an ordered map
 * keyed by each block's master ID, the ID of the first entry added to it. A block starts with a
 * master entry (live count, deleted count, the fields of its first entry) and each entry stores its
 * ID as a difference from the master ID, and only its values when its fields are the master's.
 * Deleting marks an entry deleted in place; a block whose entries are all deleted is dropped. A new
 * block starts when the last one reaches {@code stream-node-max-bytes} or {@code
 * stream-node-max-entries}.
 *
 * <p>Besides its entries a stream keeps its last ID, first ID, the largest deleted ID, the number
 * of entries ever added and its consumer groups. An empty stream is kept (Redis never deletes one
 * for being empty).
 */
public final class StreamValue implements Container {
  static final int FLAG_DELETED = 1;
  static final int FLAG_SAME_FIELDS = 2;

  /** Redis's {@code STREAM_LISTPACK_MAX_SIZE}: a block never grows past it. */
  static final long MAX_BLOCK_BYTES = 1L << 30;

  /** Object and fields of the stream itself, and per block its map node, key and array header. */
  private static final long OBJECT_BYTES = 120;

  private static final long BLOCK_OVERHEAD = 40 + 32 + 16;

  private static final int INITIAL_BLOCK_CAPACITY = 256;

  final TreeMap<StreamId, byte[]> blocks = new TreeMap<>();
  long length;
  StreamId lastId = StreamId.MIN;
  StreamId firstId = StreamId.MIN;
  StreamId maxDeletedId = StreamId.MIN;
  long entriesAdded;
  TreeMap<byte[], ConsumerGroup> groups;

  /** Sum of the block arrays' lengths. */
  private long blockBytes;

  /** Visits entries of a range; returns false to stop. */
  @FunctionalInterface
  interface Visitor {
    boolean visit(StreamEntry entry);
  }

  @Override
  public ValueType type() {
    return ValueType.STREAM;
  }

  @Override
  public String encoding() {
    return "stream";
  }

  @Override
  public long memory() {
    long total = OBJECT_BYTES + blockBytes + blocks.size() * BLOCK_OVERHEAD;
    if (groups != null) {
      for (var group : groups.entrySet()) {
        total += 48 + group.getKey().length + group.getValue().memory();
      }
    }
    return total;
  }

  /** Entries (live ones). */
  @Override
  public int size() {
    return (int) Math.min(length, Integer.MAX_VALUE);
  }

  @Override
  public boolean deletedWhenEmpty() {
    return false;
  }

  @Override
  public StreamValue duplicate() {
    StreamValue copy = new StreamValue();
    for (var block : blocks.entrySet()) {
      byte[] lp = Listpack.shrink(block.getValue()).clone();
      copy.blocks.put(block.getKey(), lp);
      copy.blockBytes += lp.length;
    }
    copy.length = length;
    copy.lastId = lastId;
    copy.firstId = firstId;
    copy.maxDeletedId = maxDeletedId;
    copy.entriesAdded = entriesAdded;
    if (groups != null) {
      copy.groups = new TreeMap<>(Arrays::compareUnsigned);
      for (var group : groups.entrySet()) {
        copy.groups.put(group.getKey().clone(), group.getValue().duplicate());
      }
    }
    return copy;
  }

  /**
   * One part whatever {@code limits} say: a stream is stored whole (its blocks, groups and pending
   * entries in one record), so a very long stream is one large record for now.
   */
  @Override
  public StoredValue encode(PartLimits limits) {
    return new StoredValue(ValueType.STREAM, StreamCodec.encode(this));
  }

  /**
   * The size of this value's stored form: its blocks are Redis's listpacks byte for byte, so this
   * is close to what Redis's RDB writes, which frames the same listpacks. O(n).
   */
  @Override
  public long serializedLength() {
    return StreamCodec.encode(this).length;
  }

  long length() {
    return length;
  }

  StreamId lastId() {
    return lastId;
  }

  StreamId firstId() {
    return firstId;
  }

  StreamId maxDeletedId() {
    return maxDeletedId;
  }

  long entriesAdded() {
    return entriesAdded;
  }

  /** Blocks (Redis's radix-tree keys). */
  int blockCount() {
    return blocks.size();
  }

  /** The master IDs of the blocks, in order (to count Redis's radix-tree nodes). */
  Iterable<StreamId> blockKeys() {
    return blocks.keySet();
  }

  // ---------------------------------------------------------------------------------------------
  // Adding

  /**
   * The ID an XADD would add: {@code given} (null for {@code *}) completed as Redis completes it.
   * Null when that ID is not above the last one (Redis's EDOM).
   */
  StreamId nextId(StreamId given, boolean seqGiven, long nowMillis) {
    StreamId id;
    if (given == null) {
      id =
          Long.compareUnsigned(nowMillis, lastId.ms()) > 0
              ? new StreamId(nowMillis, 0)
              : lastId.next();
    } else if (seqGiven) {
      id = given;
    } else if (lastId.ms() == given.ms()) {
      id = lastId.seq() == -1L ? null : lastId.next();
    } else {
      id = given;
    }
    return id == null || id.compareTo(lastId) <= 0 ? null : id;
  }

  /**
   * Appends an entry with {@code id} (above the last ID) and the field-value pairs in {@code
   * argv[from..]}; starts a block when the last one is full by {@code maxBytes}/{@code maxEntries}
   * (0 for no limit by entries; 0 bytes for the largest block).
   */
  void append(StreamId id, byte[][] argv, int from, long maxBytes, long maxEntries) {
    int pairs = (argv.length - from) / 2;
    long valueBytes = 0;
    for (int i = from; i < argv.length; i++) {
      valueBytes += argv[i].length;
    }
    Map.Entry<StreamId, byte[]> tail = blocks.lastEntry();
    byte[] lp = tail == null ? null : tail.getValue();
    if (lp != null) {
      long nodeMax = maxBytes == 0 || maxBytes > MAX_BLOCK_BYTES ? MAX_BLOCK_BYTES : maxBytes;
      boolean full = Listpack.total(lp) + valueBytes >= nodeMax;
      if (!full && maxEntries > 0) {
        int p = Listpack.first(lp);
        long count = Listpack.integer(lp, p) + Listpack.integer(lp, Listpack.next(lp, p));
        full = count >= maxEntries;
      }
      if (full) {
        putBlock(tail.getKey(), lp, Listpack.shrink(lp));
        lp = null;
      }
    }
    StreamId master;
    int flags = 0;
    byte[] before;
    if (lp == null) {
      master = id;
      before = null;
      lp = Listpack.create(INITIAL_BLOCK_CAPACITY);
      lp = Listpack.appendInteger(lp, 1);
      lp = Listpack.appendInteger(lp, 0);
      lp = Listpack.appendInteger(lp, pairs);
      for (int i = 0; i < pairs; i++) {
        lp = Listpack.appendBytes(lp, argv[from + 2 * i]);
      }
      lp = Listpack.appendInteger(lp, 0);
      flags |= FLAG_SAME_FIELDS;
    } else {
      master = tail.getKey();
      before = lp;
      int p = Listpack.first(lp);
      lp = Listpack.replaceInteger(lp, p, Listpack.integer(lp, p) + 1);
      p = Listpack.next(lp, Listpack.next(lp, p));
      long masterFields = Listpack.integer(lp, p);
      if (masterFields == pairs) {
        int i = 0;
        for (p = Listpack.next(lp, p); i < pairs; i++, p = Listpack.next(lp, p)) {
          if (!Listpack.equalsBytes(lp, p, argv[from + 2 * i])) {
            break;
          }
        }
        if (i == pairs) {
          flags |= FLAG_SAME_FIELDS;
        }
      }
    }
    boolean same = (flags & FLAG_SAME_FIELDS) != 0;
    lp = Listpack.appendInteger(lp, flags);
    lp = Listpack.appendInteger(lp, id.ms() - master.ms());
    lp = Listpack.appendInteger(lp, id.seq() - master.seq());
    if (!same) {
      lp = Listpack.appendInteger(lp, pairs);
    }
    for (int i = 0; i < pairs; i++) {
      if (!same) {
        lp = Listpack.appendBytes(lp, argv[from + 2 * i]);
      }
      lp = Listpack.appendBytes(lp, argv[from + 2 * i + 1]);
    }
    lp = Listpack.appendInteger(lp, same ? pairs : 2L * pairs + 1);
    putBlock(master, before, lp);
    length++;
    entriesAdded++;
    lastId = id;
    if (length == 1) {
      firstId = id;
    }
  }

  /** Puts a block's (possibly reallocated) array in place of {@code before} (null: new block). */
  private void putBlock(StreamId master, byte[] before, byte[] after) {
    if (before != after) {
      blocks.put(master, after);
      blockBytes += after.length - (before == null ? 0 : before.length);
    }
  }

  private void removeBlock(StreamId master) {
    byte[] lp = blocks.remove(master);
    blockBytes -= lp.length;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Visits the live entries with IDs in {@code [start, end]}, ascending or (rev) descending, until
   * the visitor returns false.
   */
  void range(StreamId start, StreamId end, boolean rev, Visitor visitor) {
    if (blocks.isEmpty() || start.compareTo(end) > 0) {
      return;
    }
    StreamEntry entry = new StreamEntry();
    if (!rev) {
      StreamId from = blocks.floorKey(start);
      if (from == null) {
        from = blocks.firstKey();
      }
      for (var block : blocks.tailMap(from, true).entrySet()) {
        if (block.getKey().compareTo(end) > 0
            || !forward(block.getKey(), block.getValue(), start, end, entry, visitor)) {
          return;
        }
      }
    } else {
      StreamId from = blocks.floorKey(end);
      if (from == null) {
        return;
      }
      for (var block : blocks.headMap(from, true).descendingMap().entrySet()) {
        if (!backward(block.getKey(), block.getValue(), start, end, entry, visitor)) {
          return;
        }
      }
    }
  }

  /** The position of a block's master field count (its master fields follow). */
  private static int masterFieldsAt(byte[] lp) {
    int p = Listpack.first(lp);
    p = Listpack.next(lp, Listpack.next(lp, p));
    return p;
  }

  private static boolean forward(
      StreamId master, byte[] lp, StreamId start, StreamId end, StreamEntry e, Visitor v) {
    int countAt = masterFieldsAt(lp);
    int masterCount = (int) Listpack.integer(lp, countAt);
    int masterFields = Listpack.next(lp, countAt);
    int p = countAt;
    for (int i = 0; i <= masterCount; i++) {
      p = Listpack.next(lp, p);
    }
    p = Listpack.next(lp, p);
    while (p >= 0) {
      int flags = (int) Listpack.integer(lp, p);
      p = Listpack.next(lp, p);
      long msDelta = Listpack.integer(lp, p);
      p = Listpack.next(lp, p);
      long seqDelta = Listpack.integer(lp, p);
      p = Listpack.next(lp, p);
      long ms = master.ms() + msDelta;
      long seq = master.seq() + seqDelta;
      int pairs;
      int shared;
      int skip;
      if ((flags & FLAG_SAME_FIELDS) != 0) {
        pairs = masterCount;
        shared = masterFields;
        skip = pairs;
      } else {
        pairs = (int) Listpack.integer(lp, p);
        p = Listpack.next(lp, p);
        shared = -1;
        skip = 2 * pairs;
      }
      int valuesAt = p;
      for (int i = 0; i < skip; i++) {
        p = Listpack.next(lp, p);
      }
      p = Listpack.next(lp, p);
      // Compared as numbers: no ID is made for the entries a range skips.
      if ((flags & FLAG_DELETED) == 0) {
        if (compare(ms, seq, end) > 0) {
          return false;
        }
        if (compare(ms, seq, start) >= 0) {
          e.set(lp, new StreamId(ms, seq), pairs, shared, valuesAt);
          if (!v.visit(e)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean backward(
      StreamId master, byte[] lp, StreamId start, StreamId end, StreamEntry e, Visitor v) {
    int countAt = masterFieldsAt(lp);
    int masterCount = (int) Listpack.integer(lp, countAt);
    int masterFields = Listpack.next(lp, countAt);
    int p = Listpack.last(lp);
    while (true) {
      long lpCount = Listpack.integer(lp, p);
      if (lpCount == 0) {
        return true;
      }
      int f = p;
      for (long i = 0; i < lpCount + 3; i++) {
        f = Listpack.previous(lp, f);
      }
      p = Listpack.previous(lp, f);
      int flags = (int) Listpack.integer(lp, f);
      if ((flags & FLAG_DELETED) != 0) {
        continue;
      }
      int q = Listpack.next(lp, f);
      long msDelta = Listpack.integer(lp, q);
      q = Listpack.next(lp, q);
      long seqDelta = Listpack.integer(lp, q);
      q = Listpack.next(lp, q);
      long ms = master.ms() + msDelta;
      long seq = master.seq() + seqDelta;
      if (compare(ms, seq, start) < 0) {
        return false;
      }
      if (compare(ms, seq, end) > 0) {
        continue;
      }
      StreamId id = new StreamId(ms, seq);
      if ((flags & FLAG_SAME_FIELDS) != 0) {
        e.set(lp, id, masterCount, masterFields, q);
      } else {
        e.set(lp, id, (int) Listpack.integer(lp, q), -1, Listpack.next(lp, q));
      }
      if (!v.visit(e)) {
        return false;
      }
    }
  }

  /**
   * Up to {@code limit} live entries of {@code [start, end]}, in order: one walk, for a reply that
   * must state its length first. Valid until the stream's entries change.
   */
  java.util.List<StreamEntry> collect(StreamId start, StreamId end, boolean rev, long limit) {
    java.util.List<StreamEntry> entries = new java.util.ArrayList<>();
    if (limit > 0) {
      range(
          start,
          end,
          rev,
          e -> {
            entries.add(e.copy());
            return entries.size() < limit;
          });
    }
    return entries;
  }

  private static int compare(long ms, long seq, StreamId id) {
    int byMs = Long.compareUnsigned(ms, id.ms());
    return byMs != 0 ? byMs : Long.compareUnsigned(seq, id.seq());
  }

  /** Whether a live entry has this ID. */
  boolean exists(StreamId id) {
    boolean[] found = {false};
    range(id, id, false, e -> found[0] = true);
    return found[0];
  }

  /** The first (or last) live entry's ID, or null when there is none. */
  StreamId edgeId(boolean first) {
    StreamId[] edge = {null};
    range(
        StreamId.MIN,
        StreamId.MAX,
        !first,
        e -> {
          edge[0] = e.id();
          return false;
        });
    return edge[0];
  }

  // ---------------------------------------------------------------------------------------------
  // Deleting

  /** XDEL of one ID: true when a live entry had it. */
  boolean delete(StreamId id) {
    Map.Entry<StreamId, byte[]> block = blocks.floorEntry(id);
    if (block == null) {
      return false;
    }
    byte[] lp = block.getValue();
    StreamId master = block.getKey();
    int countAt = masterFieldsAt(lp);
    int masterCount = (int) Listpack.integer(lp, countAt);
    int p = countAt;
    for (int i = 0; i <= masterCount; i++) {
      p = Listpack.next(lp, p);
    }
    p = Listpack.next(lp, p);
    while (p >= 0) {
      int flagsAt = p;
      int flags = (int) Listpack.integer(lp, p);
      p = Listpack.next(lp, p);
      long msDelta = Listpack.integer(lp, p);
      p = Listpack.next(lp, p);
      long seqDelta = Listpack.integer(lp, p);
      p = Listpack.next(lp, p);
      StreamId at = new StreamId(master.ms() + msDelta, master.seq() + seqDelta);
      int cmp = at.compareTo(id);
      if (cmp > 0) {
        return false;
      }
      if (cmp == 0) {
        if ((flags & FLAG_DELETED) != 0) {
          return false;
        }
        markDeleted(master, lp, flagsAt, flags);
        return true;
      }
      int skip =
          (flags & FLAG_SAME_FIELDS) != 0 ? masterCount : 1 + 2 * (int) Listpack.integer(lp, p);
      for (int i = 0; i <= skip; i++) {
        p = Listpack.next(lp, p);
      }
    }
    return false;
  }

  /**
   * Marks the entry whose flags are at {@code flagsAt} deleted and moves it from the block's live
   * count to its deleted count; drops the block when no live entry is left.
   */
  private void markDeleted(StreamId master, byte[] lp, int flagsAt, int flags) {
    // Flags are one-byte integers either way, so the array keeps its layout.
    lp[flagsAt] = (byte) (flags | FLAG_DELETED);
    length--;
    int p = Listpack.first(lp);
    long live = Listpack.integer(lp, p) - 1;
    if (live == 0) {
      removeBlock(master);
      return;
    }
    byte[] before = lp;
    lp = Listpack.replaceInteger(lp, p, live);
    p = Listpack.next(lp, p);
    lp = Listpack.replaceInteger(lp, p, Listpack.integer(lp, p) + 1);
    putBlock(master, before, lp);
  }

  /** After deletions: the recorded first ID follows the first live entry (0-0 when empty). */
  void refreshFirstId() {
    if (length == 0) {
      firstId = StreamId.MIN;
    } else {
      StreamId first = edgeId(true);
      firstId = first == null ? StreamId.MAX : first;
    }
  }

  /**
   * Redis's {@code streamTrim}: drops whole blocks from the start while the stream is longer than
   * {@code maxLength} (or the block's entries are all below {@code minId}); unless {@code
   * approximate}, then marks single entries deleted in the first remaining block. {@code limit} (0
   * for none) caps the entries removed. Returns how many were removed.
   */
  long trim(long maxLength, StreamId minId, boolean approximate, long limit) {
    long deleted = 0;
    while (!blocks.isEmpty()) {
      if (minId == null && length <= maxLength) {
        break;
      }
      Map.Entry<StreamId, byte[]> block = blocks.firstEntry();
      StreamId master = block.getKey();
      byte[] lp = block.getValue();
      int p = Listpack.first(lp);
      long entries = Listpack.integer(lp, p);
      if (limit != 0 && deleted + entries > limit) {
        break;
      }
      boolean removeBlock;
      if (minId == null) {
        removeBlock = length - entries >= maxLength;
      } else {
        removeBlock = lastIdOfBlock(master, lp).compareTo(minId) < 0;
      }
      if (removeBlock) {
        removeBlock(master);
        length -= entries;
        deleted += entries;
        continue;
      }
      if (approximate) {
        break;
      }
      deleted += trimWithin(master, lp, maxLength, minId);
      break;
    }
    if (length == 0) {
      firstId = StreamId.MIN;
    } else if (deleted > 0) {
      refreshFirstId();
    }
    return deleted;
  }

  /** The ID of the last entry (deleted or not) of a block. */
  private static StreamId lastIdOfBlock(StreamId master, byte[] lp) {
    int p = Listpack.last(lp);
    long lpCount = Listpack.integer(lp, p);
    for (long i = 0; i < lpCount + 1; i++) {
      p = Listpack.previous(lp, p);
    }
    long seqDelta = Listpack.integer(lp, p);
    long msDelta = Listpack.integer(lp, Listpack.previous(lp, p));
    return new StreamId(master.ms() + msDelta, master.seq() + seqDelta);
  }

  /** Marks entries of the first block deleted, from its start, until the trim is satisfied. */
  private long trimWithin(StreamId master, byte[] lp, long maxLength, StreamId minId) {
    int countAt = masterFieldsAt(lp);
    int masterCount = (int) Listpack.integer(lp, countAt);
    int p = countAt;
    for (int i = 0; i <= masterCount; i++) {
      p = Listpack.next(lp, p);
    }
    p = Listpack.next(lp, p);
    long removed = 0;
    while (p >= 0) {
      int flagsAt = p;
      int flags = (int) Listpack.integer(lp, p);
      p = Listpack.next(lp, p);
      long msDelta = Listpack.integer(lp, p);
      p = Listpack.next(lp, p);
      long seqDelta = Listpack.integer(lp, p);
      p = Listpack.next(lp, p);
      boolean stop =
          minId == null
              ? length <= maxLength
              : new StreamId(master.ms() + msDelta, master.seq() + seqDelta).compareTo(minId) >= 0;
      if (stop) {
        break;
      }
      int skip =
          (flags & FLAG_SAME_FIELDS) != 0 ? masterCount : 1 + 2 * (int) Listpack.integer(lp, p);
      for (int i = 0; i <= skip; i++) {
        p = Listpack.next(lp, p);
      }
      if ((flags & FLAG_DELETED) == 0) {
        // Flags are one-byte integers either way, so positions after them stay valid.
        lp[flagsAt] = (byte) (flags | FLAG_DELETED);
        length--;
        removed++;
      }
    }
    if (removed > 0) {
      byte[] before = lp;
      int first = Listpack.first(lp);
      lp = Listpack.replaceInteger(lp, first, Listpack.integer(lp, first) - removed);
      int deletedAt = Listpack.next(lp, first);
      lp = Listpack.replaceInteger(lp, deletedAt, Listpack.integer(lp, deletedAt) + removed);
      putBlock(master, before, lp);
    }
    return removed;
  }

  // ---------------------------------------------------------------------------------------------
  // Settings and groups

  /** XSETID's change. */
  void setId(StreamId last, long entriesAddedOrNegative, StreamId maxDeleted) {
    lastId = last;
    if (entriesAddedOrNegative >= 0) {
      entriesAdded = entriesAddedOrNegative;
    }
    if (maxDeleted != null && !maxDeleted.isZero()) {
      maxDeletedId = maxDeleted;
    }
  }

  /** After XDEL of {@code id}: remembers it as the largest deleted ID when it is. */
  void noteDeleted(StreamId id) {
    if (id.compareTo(maxDeletedId) > 0) {
      maxDeletedId = id;
    }
  }

  ConsumerGroup group(byte[] name) {
    return groups == null ? null : groups.get(name);
  }

  /** Creates a group; null when one has the name. */
  ConsumerGroup createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
    if (groups == null) {
      groups = new TreeMap<>(Arrays::compareUnsigned);
    }
    if (groups.containsKey(name)) {
      return null;
    }
    ConsumerGroup group = new ConsumerGroup(lastDelivered, entriesRead);
    groups.put(name.clone(), group);
    return group;
  }

  boolean destroyGroup(byte[] name) {
    return groups != null && groups.remove(name) != null;
  }

  /** The groups by name, in byte order (empty when none). */
  Map<byte[], ConsumerGroup> groups() {
    return groups == null ? Map.of() : groups;
  }

  // ---------------------------------------------------------------------------------------------
  // Lag and entries read, as Redis 7.0 counts them

  /** Redis's {@code streamRangeHasTombstones} from {@code start} to the end. */
  boolean hasTombstonesFrom(StreamId start) {
    if (length == 0 || maxDeletedId.isZero()) {
      return false;
    }
    if (firstId.compareTo(maxDeletedId) > 0) {
      return false;
    }
    return start.compareTo(maxDeletedId) <= 0;
  }

  /** Redis's {@code streamEstimateDistanceFromFirstEverEntry}; -1 when it cannot be told. */
  long estimateEntriesRead(StreamId id) {
    if (entriesAdded == 0) {
      return 0;
    }
    if (length == 0 && id.compareTo(lastId) < 1) {
      return entriesAdded;
    }
    int cmpLast = id.compareTo(lastId);
    if (cmpLast == 0) {
      return entriesAdded;
    } else if (cmpLast > 0) {
      return ConsumerGroup.UNKNOWN_ENTRIES_READ;
    }
    int cmpFirst = id.compareTo(firstId);
    if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
      if (cmpFirst < 0) {
        return entriesAdded - length;
      } else if (cmpFirst == 0) {
        return entriesAdded - length + 1;
      }
    }
    return ConsumerGroup.UNKNOWN_ENTRIES_READ;
  }

  /** A group's lag as XINFO reports it, or null when it cannot be told. */
  Long lag(ConsumerGroup group) {
    if (entriesAdded == 0) {
      return 0L;
    }
    if (group.entriesRead != ConsumerGroup.UNKNOWN_ENTRIES_READ
        && !hasTombstonesFrom(group.lastId)) {
      return entriesAdded - group.entriesRead;
    }
    long read = estimateEntriesRead(group.lastId);
    return read == ConsumerGroup.UNKNOWN_ENTRIES_READ ? null : entriesAdded - read;
  }

  /**
   * A group's delivery moved to {@code id}: its entries-read counter follows as Redis's {@code
   * streamReplyWithRange} updates it.
   */
  void deliveredTo(ConsumerGroup group, StreamId id) {
    if (group.entriesRead != ConsumerGroup.UNKNOWN_ENTRIES_READ && !hasTombstonesFrom(id)) {
      group.entriesRead++;
    } else if (entriesAdded != 0) {
      group.entriesRead = estimateEntriesRead(id);
    }
    group.lastId = id;
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  /** Puts a loaded block; the codec checks it first. */
  void loadBlock(StreamId master, byte[] lp) {
    blocks.put(master, lp);
    blockBytes += lp.length;
  }
}
