package io.redstone.storage.types.stream;

import io.redstone.protocol.ReplySink;

/**
 * One entry of a stream as an iteration visits it: its ID and its fields, read in place from the
 * block that holds it. Valid only during the visit (the iteration reuses it) unless copied.
 */
final class StreamEntry {
  private byte[] lp;
  private StreamId id;
  private int pairs;

  /** The first master field, when the entry shares the block's master fields; else -1. */
  private int masterFields;

  /** The first value (shared fields) or the first field (own fields). */
  private int start;

  void set(byte[] lp, StreamId id, int pairs, int masterFields, int start) {
    this.lp = lp;
    this.id = id;
    this.pairs = pairs;
    this.masterFields = masterFields;
    this.start = start;
  }

  /**
   * A copy that stays valid after the iteration moves on, as long as the stream's entries are not
   * changed (a read may collect entries, then write them).
   */
  StreamEntry copy() {
    StreamEntry copy = new StreamEntry();
    copy.set(lp, id, pairs, masterFields, start);
    return copy;
  }

  StreamId id() {
    return id;
  }

  /** Field-value pairs. */
  int pairs() {
    return pairs;
  }

  /** Writes the fields as Redis replies them: an array of field, value, field, value, .... */
  void writeFields(ReplySink reply) {
    reply.arrayHeader(pairs * 2);
    int field = masterFields;
    int p = start;
    for (int i = 0; i < pairs; i++) {
      if (masterFields >= 0) {
        Listpack.writeBulk(reply, lp, field);
        field = Listpack.next(lp, field);
      } else {
        Listpack.writeBulk(reply, lp, p);
        p = Listpack.next(lp, p);
      }
      Listpack.writeBulk(reply, lp, p);
      p = Listpack.next(lp, p);
    }
  }

  /** The entry as [id, [field, value, ...]]. */
  void write(ReplySink reply) {
    reply.arrayHeader(2);
    reply.bulk(id.toBytes());
    writeFields(reply);
  }

  /** Fields and values, alternating, as copies. */
  byte[][] fieldsAndValues() {
    byte[][] out = new byte[pairs * 2][];
    int field = masterFields;
    int p = start;
    for (int i = 0; i < pairs; i++) {
      if (masterFields >= 0) {
        out[2 * i] = Listpack.bytes(lp, field);
        field = Listpack.next(lp, field);
      } else {
        out[2 * i] = Listpack.bytes(lp, p);
        p = Listpack.next(lp, p);
      }
      out[2 * i + 1] = Listpack.bytes(lp, p);
      p = Listpack.next(lp, p);
    }
    return out;
  }
}
