package io.redstone.storage.types;

import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.types.hash.HashCodec;
import io.redstone.storage.types.list.ListCodec;
import io.redstone.storage.types.set.SetCodec;
import io.redstone.storage.types.stream.StreamCodec;
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

  /**
   * Bytes Redis's RDB would write for the value, without LZF compression: DEBUG OBJECT's {@code
   * serializedlength} (see {@link RdbSize}).
   */
  public static long serializedLength(Object value) {
    if (value instanceof byte[] bytes) {
      return RdbSize.string(bytes);
    }
    return container(value).serializedLength();
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
    return encode(value, PartLimits.DEFAULT);
  }

  /**
   * The value encoded for a snapshot or the log's base, on the calling (storage) thread; a
   * collection beyond {@code limits} comes in several parts. A string is always one part.
   */
  public static StoredValue encode(Object value, PartLimits limits) {
    if (value instanceof byte[] bytes) {
      // Strings are never changed in place, so the live array is safe to share.
      return new StoredValue(ValueType.STRING, bytes);
    }
    return container(value).encode(limits);
  }

  /** The value a stored one decodes to, in the encoding Redis's default thresholds give it. */
  public static Object decode(StoredValue stored) {
    return decode(stored, EncodingLimits.DEFAULTS);
  }

  /** The value a stored one decodes to, in the encoding {@code limits} give it. */
  public static Object decode(StoredValue stored, EncodingLimits limits) {
    ValueBuilder builder = builder(stored.type(), limits);
    for (byte[] part : stored.parts()) {
      builder.add(part);
    }
    return builder.finish();
  }

  /**
   * Rebuilds a value of {@code type} from its stored parts one at a time, in the encoding {@code
   * limits} give it, as Redis's load picks encodings by the current thresholds.
   */
  public static ValueBuilder builder(ValueType type, EncodingLimits limits) {
    return switch (type) {
      case STRING -> Strings.builder();
      case LIST -> ListCodec.builder();
      case SET -> SetCodec.builder(limits);
      case HASH -> HashCodec.builder(limits);
      case ZSET -> ZSetCodec.builder(limits);
      case STREAM -> StreamCodec.builder();
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
