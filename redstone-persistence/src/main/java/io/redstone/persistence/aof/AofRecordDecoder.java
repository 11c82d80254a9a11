package io.redstone.persistence.aof;

import io.redstone.persistence.format.MalformedPayloadException;
import io.redstone.persistence.format.PayloadReader;

/** Parses the payloads {@link AofRecordEncoder} writes. */
final class AofRecordDecoder {
  private final PayloadReader in = new PayloadReader();

  /** Parses one payload and hands the command to {@code handler}. */
  void decode(byte[] payload, int length, AofCommandHandler handler)
      throws MalformedPayloadException {
    in.reset(payload, length);
    int kind = in.readByte();
    if (kind != AofRecordEncoder.COMMAND) {
      throw new MalformedPayloadException("unknown record kind " + kind);
    }
    int db = in.readVarint();
    int argc = in.readVarint();
    if (argc < 1) {
      throw new MalformedPayloadException("command without arguments");
    }
    // Each argument takes at least its length byte: a larger count cannot be honest.
    if (argc > in.remaining()) {
      throw new MalformedPayloadException("argument count " + argc + " exceeds the record");
    }
    byte[][] argv = new byte[argc][];
    for (int i = 0; i < argc; i++) {
      argv[i] = in.readLengthPrefixed();
    }
    in.expectEnd();
    handler.command(db, argv);
  }
}
