package io.redstone.persistence.aof;

import io.redstone.persistence.format.MalformedPayloadException;
import io.redstone.persistence.format.PayloadReader;

/** Parses the payloads {@link AofRecordEncoder} writes. */
final class AofRecordDecoder {
  private final PayloadReader in = new PayloadReader();

  /**
   * Parses one payload and hands its effects to {@code handler}, all of them or (when the payload
   * is malformed) none. Returns how many it handed over.
   */
  int decode(byte[] payload, int length, AofCommandHandler handler)
      throws MalformedPayloadException {
    in.reset(payload, length);
    int kind = in.readByte();
    if (kind == AofRecordEncoder.COMMAND) {
      int db = in.readVarint();
      byte[][] argv = readArgv();
      in.expectEnd();
      handler.command(db, argv);
      return 1;
    }
    if (kind == AofRecordEncoder.GROUP) {
      int n = in.readInt();
      // Each effect takes at least three bytes (db, argc, one length): a larger count cannot be
      // honest.
      if (n < 1 || n > in.remaining() / 3) {
        throw new MalformedPayloadException(
            "group count " + Integer.toUnsignedString(n) + " does not fit the record");
      }
      int[] dbs = new int[n];
      byte[][][] effects = new byte[n][][];
      for (int i = 0; i < n; i++) {
        dbs[i] = in.readVarint();
        effects[i] = readArgv();
      }
      in.expectEnd();
      for (int i = 0; i < n; i++) {
        handler.command(dbs[i], effects[i]);
      }
      return n;
    }
    throw new MalformedPayloadException("unknown record kind " + kind);
  }

  private byte[][] readArgv() throws MalformedPayloadException {
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
    return argv;
  }
}
