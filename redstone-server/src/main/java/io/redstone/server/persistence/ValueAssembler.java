package io.redstone.server.persistence;

import io.redstone.persistence.snapshot.SnapshotEntryHandler;
import io.redstone.persistence.snapshot.ValueType;
import io.redstone.storage.types.EncodingLimits;
import io.redstone.storage.types.ValueBuilder;
import io.redstone.storage.types.Values;
import java.util.function.Consumer;

/**
 * Turns a snapshot's entries into the engine's values, rebuilding a value stored in parts one part
 * at a time (never as one array), and hands each key over once its value is whole, with its expiry.
 * Encodings are picked by the thresholds given, as Redis's load does. Function libraries, which
 * come before the keys, are handed over as they come.
 */
final class ValueAssembler implements SnapshotEntryHandler {
  /** Receives each key once its value is whole. */
  @FunctionalInterface
  interface Loaded {
    void key(int db, byte[] key, Object value, long expireAt);
  }

  private final EncodingLimits limits;
  private final Loaded loaded;
  private final Consumer<byte[]> libraries;
  private ValueBuilder pending;
  private int pendingDb;
  private byte[] pendingKey;
  private long pendingExpireAt;

  ValueAssembler(EncodingLimits limits, Loaded loaded, Consumer<byte[]> libraries) {
    this.limits = limits;
    this.loaded = loaded;
    this.libraries = libraries;
  }

  @Override
  public void library(byte[] code) {
    libraries.accept(code);
  }

  @Override
  public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAt) {
    ValueBuilder builder = Values.builder(StoredTypes.engineType(type), limits);
    builder.add(value);
    loaded.key(db, key, builder.finish(), expireAt);
  }

  @Override
  public void firstPart(int db, ValueType type, byte[] key, byte[] part, long expireAt) {
    pending = Values.builder(StoredTypes.engineType(type), limits);
    pendingDb = db;
    pendingKey = key;
    pendingExpireAt = expireAt;
    pending.add(part);
  }

  @Override
  public void nextPart(byte[] part, boolean last) {
    pending.add(part);
    if (last) {
      Object value = pending.finish();
      pending = null;
      loaded.key(pendingDb, pendingKey, value, pendingExpireAt);
      pendingKey = null;
    }
  }
}
