package io.redstone.storage.types.stream;

import io.redstone.storage.types.ValueBuilder;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stream as the bytes of a snapshot or of the log's base: a format byte, the stream's counters
 * and IDs, its blocks as they are (master ID and listpack), then each group with its consumers
 * (name, seen time) and its pending entries (ID, delivery time, delivery count, owner's index among
 * the group's consumers). Persisted: the layout never changes without a new format byte.
 */
public final class StreamCodec {
  private static final byte FORMAT = 0;

  private StreamCodec() {}

  static byte[] encode(StreamValue stream) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(stream.length);
      out.writeLong(stream.entriesAdded);
      writeId(out, stream.lastId);
      writeId(out, stream.firstId);
      writeId(out, stream.maxDeletedId);
      out.writeInt(stream.blocks.size());
      for (var block : stream.blocks.entrySet()) {
        writeId(out, block.getKey());
        byte[] lp = block.getValue();
        int total = Listpack.total(lp);
        out.writeInt(total);
        out.write(lp, 0, total);
      }
      Map<byte[], ConsumerGroup> groups = stream.groups();
      out.writeInt(groups.size());
      for (var group : groups.entrySet()) {
        writeBytes(out, group.getKey());
        ConsumerGroup g = group.getValue();
        writeId(out, g.lastId);
        out.writeLong(g.entriesRead);
        Map<Consumer, Integer> index = new HashMap<>();
        out.writeInt(g.consumers.size());
        for (Consumer consumer : g.consumers.values()) {
          index.put(consumer, index.size());
          writeBytes(out, consumer.name());
          out.writeLong(consumer.seenTime);
        }
        out.writeInt(g.pending.size());
        for (var pending : g.pending.entrySet()) {
          writeId(out, pending.getKey());
          PendingEntry entry = pending.getValue();
          out.writeLong(entry.deliveryTime);
          out.writeLong(entry.deliveryCount);
          out.writeInt(index.get(entry.consumer));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeId(DataOutputStream out, StreamId id) throws IOException {
    out.writeLong(id.ms());
    out.writeLong(id.seq());
  }

  private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }

  /** Rebuilds a stream from its one stored part (see {@link StreamValue#encode}). */
  public static ValueBuilder builder() {
    return new ValueBuilder() {
      private StreamValue stream;

      @Override
      public void add(byte[] part) {
        if (stream != null) {
          throw new IllegalArgumentException("a stream is stored in one part");
        }
        stream = decode(part);
      }

      @Override
      public Object finish() {
        if (stream == null) {
          throw new IllegalArgumentException("a stream without its part");
        }
        return stream;
      }
    };
  }

  /**
   * The stream {@link #encode} made {@code payload} from; refuses a payload that does not parse.
   */
  public static StreamValue decode(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    try {
      if (in.get() != FORMAT) {
        throw malformed("unknown format");
      }
      StreamValue stream = new StreamValue();
      stream.length = in.getLong();
      stream.entriesAdded = in.getLong();
      stream.lastId = readId(in);
      stream.firstId = readId(in);
      stream.maxDeletedId = readId(in);
      int blocks = count(in);
      long live = 0;
      StreamId previous = null;
      for (int i = 0; i < blocks; i++) {
        StreamId master = readId(in);
        if (previous != null && master.compareTo(previous) <= 0) {
          throw malformed("blocks out of order");
        }
        previous = master;
        byte[] lp = readBytes(in);
        Listpack.validate(lp);
        live += Listpack.integer(lp, Listpack.first(lp));
        stream.loadBlock(master, lp);
      }
      if (live != stream.length) {
        throw malformed("length " + stream.length + " but " + live + " live entries");
      }
      int groups = count(in);
      for (int i = 0; i < groups; i++) {
        byte[] name = readBytes(in);
        ConsumerGroup group = stream.createGroup(name, readId(in), in.getLong());
        if (group == null) {
          throw malformed("group named twice");
        }
        int consumers = count(in);
        List<Consumer> byIndex = new ArrayList<>(consumers);
        for (int c = 0; c < consumers; c++) {
          Consumer consumer = group.createConsumer(readBytes(in), in.getLong());
          if (consumer == null) {
            throw malformed("consumer named twice");
          }
          byIndex.add(consumer);
        }
        int pending = count(in);
        for (int p = 0; p < pending; p++) {
          StreamId id = readId(in);
          long time = in.getLong();
          long deliveries = in.getLong();
          int owner = in.getInt();
          if (owner < 0 || owner >= byIndex.size()) {
            throw malformed("pending entry of an unknown consumer");
          }
          group.assign(id, byIndex.get(owner), time, deliveries);
        }
      }
      if (in.hasRemaining()) {
        throw malformed(in.remaining() + " bytes left");
      }
      return stream;
    } catch (BufferUnderflowException e) {
      throw malformed("runs past the end");
    }
  }

  private static int count(ByteBuffer in) {
    int count = in.getInt();
    if (count < 0 || count > in.remaining()) {
      throw malformed("bad count " + count);
    }
    return count;
  }

  private static StreamId readId(ByteBuffer in) {
    return new StreamId(in.getLong(), in.getLong());
  }

  private static byte[] readBytes(ByteBuffer in) {
    byte[] value = new byte[count(in)];
    in.get(value);
    return value;
  }

  private static IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException("malformed stored stream: " + why);
  }
}
