package io.redstone.storage.types.list;

import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.PartWriter;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueBuilder;
import io.redstone.storage.types.ValueType;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * A list's bytes in snapshots and the log's base: the element count (a big-endian int), then each
 * element as its length (int) and bytes, head first. A long list is stored in several such parts,
 * each a slice of the elements in order. Persisted: the layout never changes.
 */
public final class ListCodec {
  private ListCodec() {}

  /** Encodes on the calling (storage) thread; the parts share nothing with the live list. */
  static StoredValue encode(ListValue list, PartLimits limits) {
    PartWriter out = new PartWriter(limits, ListCodec::header);
    for (int i = 0; i < list.size(); i++) {
      byte[] element = list.get(i);
      out.writeInt(element.length);
      out.writeBytes(element);
      out.endElement();
    }
    return new StoredValue(ValueType.LIST, out.finish());
  }

  private static byte[] header(int count) {
    return ByteBuffer.allocate(4).putInt(count).array();
  }

  /** The list a whole payload holds. */
  public static ListValue decode(byte[] payload) {
    ValueBuilder builder = builder();
    builder.add(payload);
    return (ListValue) builder.finish();
  }

  /** Rebuilds a list part by part, appending each part's elements at the tail. */
  public static ValueBuilder builder() {
    return new ValueBuilder() {
      private final ListValue list = new ListValue();
      private int parts;

      @Override
      public void add(byte[] part) {
        parts++;
        try {
          ByteBuffer in = ByteBuffer.wrap(part);
          int count = in.getInt();
          if (count < 0 || count > in.remaining() / 4) {
            throw new IllegalArgumentException("a list part of " + count + " elements");
          }
          for (int i = 0; i < count; i++) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
              throw new IllegalArgumentException("a list element runs past the part's end");
            }
            byte[] element = new byte[length];
            in.get(element);
            list.addLast(element);
          }
          if (in.hasRemaining()) {
            throw new IllegalArgumentException(
                "a list payload with " + in.remaining() + " bytes after it");
          }
        } catch (BufferUnderflowException e) {
          throw new IllegalArgumentException("a truncated list payload", e);
        }
      }

      @Override
      public Object finish() {
        if (parts == 0) {
          throw new IllegalArgumentException("a list without its parts");
        }
        return list;
      }
    };
  }
}
