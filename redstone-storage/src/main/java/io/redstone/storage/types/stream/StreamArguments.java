package io.redstone.storage.types.stream;

import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.Invocation;

/** How the stream commands read IDs and ranges from their arguments, with Redis's errors. */
final class StreamArguments {
  private StreamArguments() {}

  /**
   * An ID where {@code -} and {@code +} are allowed; the sequence is {@code missingSeq} if absent.
   */
  static StreamId id(Invocation call, int index, long missingSeq) {
    StreamId.Parsed parsed = StreamId.parse(call.arg(index), missingSeq, false, false);
    if (parsed == null) {
      throw new CommandException(StreamErrors.INVALID_ID);
    }
    return parsed.id();
  }

  /** An ID where {@code -} and {@code +} are not. */
  static StreamId strictId(Invocation call, int index) {
    return strictId(call.arg(index));
  }

  static StreamId strictId(byte[] text) {
    StreamId id = StreamId.parseStrict(text);
    if (id == null) {
      throw new CommandException(StreamErrors.INVALID_ID);
    }
    return id;
  }

  /** The start of a range: {@code (id} excludes the ID. */
  static StreamId rangeStart(Invocation call, int index) {
    byte[] text = call.arg(index);
    if (text.length > 1 && text[0] == '(') {
      StreamId id = strictId(java.util.Arrays.copyOfRange(text, 1, text.length));
      StreamId next = id.next();
      if (next == null) {
        throw new CommandException(StreamErrors.INVALID_START);
      }
      return next;
    }
    return id(call, index, 0);
  }

  /** The end of a range: a missing sequence is the largest; {@code (id} excludes the ID. */
  static StreamId rangeEnd(Invocation call, int index) {
    byte[] text = call.arg(index);
    if (text.length > 1 && text[0] == '(') {
      StreamId.Parsed parsed =
          StreamId.parse(java.util.Arrays.copyOfRange(text, 1, text.length), -1L, true, false);
      if (parsed == null) {
        throw new CommandException(StreamErrors.INVALID_ID);
      }
      StreamId previous = parsed.id().previous();
      if (previous == null) {
        throw new CommandException(StreamErrors.INVALID_END);
      }
      return previous;
    }
    return id(call, index, -1L);
  }
}
