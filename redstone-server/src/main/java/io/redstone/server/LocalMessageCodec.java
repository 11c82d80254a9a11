package io.redstone.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes {@link StorageMessage}s through the local event bus by reference: no copy, no
 * serialisation. The messages are immutable or owned by one thread at a time, and never leave the
 * process (the wire methods refuse).
 */
final class LocalMessageCodec implements MessageCodec<StorageMessage, StorageMessage> {
  static final String NAME = "redstone-local";

  @Override
  public void encodeToWire(Buffer buffer, StorageMessage message) {
    throw new UnsupportedOperationException("storage messages are local only");
  }

  @Override
  public StorageMessage decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("storage messages are local only");
  }

  @Override
  public StorageMessage transform(StorageMessage message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
