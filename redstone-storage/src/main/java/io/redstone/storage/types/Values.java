package io.redstone.storage.types;

import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.types.hash.HashCodec;
import io.redstone.storage.types.set.SetCodec;
import io.redstone.storage.types.string.Strings;
import io.redstone.storage.types.zset.ZSetCodec;

/**
 * What the engine asks of any stored value, answered by the value's own type. The one place that
 * tells the types apart; a string is held as its bare {@code byte[]}, so it costs no wrapper.
 */
public final class Values {
  private Values() {}

  public static ValueType type(Object value) {
    if (value instanceof byte[]) {
      return ValueType.STRING;
    }
    return container(value).type();
  }

  /** What OBJECT ENCODING reports for the entry's value. */
  public static String encoding(Entry entry) {
    if (entry.value() instanceof byte[] bytes) {
      return Strings.encoding(bytes, entry.encodingHint());
    }
    return container(entry.value()).encoding();
  }

  /** Estimated heap bytes of the value, without its key and entry. */
  public static long memory(Object value) {
    if (value instanceof byte[] bytes) {
      return Strings.memory(bytes);
    }
    return container(value).memory();
  }

  /**
   * Whether Redis would keep the value as a shared object (a small integer string), which OBJECT
   * REFCOUNT reports with a pinned count.
   */
  public static boolean mayBeShared(Object value) {
    return value instanceof byte[] bytes && Strings.isSharedInteger(bytes);
  }

  /** An independent copy, for COPY: a later change to either cannot show in the other. */
  public static Object duplicate(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    return container(value).duplicate();
  }

  /** The value encoded for a snapshot or the log's base, on the calling (storage) thread. */
  public static StoredValue encode(Object value) {
    if (value instanceof byte[] bytes) {
      // Strings are never changed in place, so the live array is safe to share.
      return new StoredValue(ValueType.STRING, bytes);
    }
    return container(value).encode();
  }

  /** The value a stored one decodes to. */
  public static Object decode(StoredValue stored) {
    return switch (stored.type()) {
      case STRING -> stored.payload();
      case LIST -> io.redstone.storage.types.list.ListValue.decode(stored.payload());
      case SET -> SetCodec.decode(stored.payload());
      case HASH -> HashCodec.decode(stored.payload());
      case ZSET -> ZSetCodec.decode(stored.payload());
      case STREAM -> io.redstone.storage.types.stream.StreamCodec.decode(stored.payload());
      default -> throw new IllegalStateException("no decoder for " + stored.type());
    };
  }

  private static Container container(Object value) {
    if (value instanceof Container container) {
      return container;
    }
    throw unknown(value);
  }

  private static IllegalStateException unknown(Object value) {
    return new IllegalStateException(
        "not a value type: " + (value == null ? "null" : value.getClass().getName()));
  }
}
