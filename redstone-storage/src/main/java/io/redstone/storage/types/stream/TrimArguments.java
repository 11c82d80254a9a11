package io.redstone.storage.types.stream;

import io.redstone.protocol.text.Numbers;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;

/**
 * The options XADD and XTRIM share, read as Redis's {@code streamParseAddOrTrimArgsOrReply} reads
 * them (same order of checks, same errors): MAXLEN or MINID with {@code =} or {@code ~}, LIMIT, and
 * for XADD NOMKSTREAM and the ID, which ends the options.
 */
final class TrimArguments {
  enum Strategy {
    NONE,
    MAXLEN,
    MINID
  }

  Strategy strategy = Strategy.NONE;
  boolean approximate;
  long maxLength;
  StreamId minId;

  /** The entries a trim may remove (0: no limit). */
  long limit;

  boolean noMkStream;

  /** XADD: the ID argument's index (argc when missing), the ID (null for {@code *}). */
  int idIndex;

  StreamId id;
  boolean seqGiven = true;

  private TrimArguments() {}

  static TrimArguments parse(Invocation call, boolean xadd, long nodeMaxEntries) {
    TrimArguments args = new TrimArguments();
    boolean limitGiven = false;
    int i = 2;
    for (; i < call.argc(); i++) {
      int more = call.argc() - 1 - i;
      byte[] opt = call.arg(i);
      if (xadd && opt.length == 1 && opt[0] == '*') {
        break;
      } else if ((call.argIs(i, "maxlen") || call.argIs(i, "minid")) && more > 0) {
        boolean maxlen = call.argIs(i, "maxlen");
        if (args.strategy != Strategy.NONE) {
          throw new CommandException(StreamErrors.MAXLEN_AND_MINID);
        }
        args.approximate = false;
        byte[] next = call.arg(i + 1);
        if (more >= 2 && next.length == 1 && next[0] == '~') {
          args.approximate = true;
          i++;
        } else if (more >= 2 && next.length == 1 && next[0] == '=') {
          i++;
        }
        if (maxlen) {
          args.maxLength = call.argLong(i + 1);
          if (args.maxLength < 0) {
            throw new CommandException(StreamErrors.MAXLEN_NEGATIVE);
          }
          args.strategy = Strategy.MAXLEN;
        } else {
          args.minId = StreamArguments.strictId(call, i + 1);
          args.strategy = Strategy.MINID;
        }
        i++;
      } else if (call.argIs(i, "limit") && more > 0) {
        args.limit = call.argLong(i + 1);
        if (args.limit < 0) {
          throw new CommandException(StreamErrors.LIMIT_NEGATIVE);
        }
        limitGiven = true;
        i++;
      } else if (xadd && call.argIs(i, "nomkstream")) {
        args.noMkStream = true;
      } else if (xadd) {
        StreamId.Parsed parsed = StreamId.parse(opt, 0, true, true);
        if (parsed == null) {
          throw new CommandException(StreamErrors.INVALID_ID);
        }
        args.id = parsed.id();
        args.seqGiven = parsed.seqGiven();
        break;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    args.idIndex = i;
    if (args.limit != 0 && args.strategy == Strategy.NONE) {
      throw new CommandException(StreamErrors.LIMIT_WITHOUT_STRATEGY);
    }
    if (!xadd && args.strategy == Strategy.NONE) {
      throw new CommandException(StreamErrors.XTRIM_WITHOUT_STRATEGY);
    }
    if (limitGiven) {
      if (!args.approximate) {
        throw new CommandException(StreamErrors.LIMIT_WITHOUT_APPROX);
      }
    } else if (args.approximate) {
      // At most 100 blocks' worth of work, as Redis caps it.
      long limit = 100 * nodeMaxEntries;
      args.limit = limit <= 0 ? 10000 : Math.min(limit, 1_000_000);
    } else {
      args.limit = 0;
    }
    return args;
  }

  /** Trims the stream as asked; returns the entries removed. */
  long trim(StreamValue stream) {
    return strategy == Strategy.NONE
        ? 0
        : stream.trim(maxLength, strategy == Strategy.MINID ? minId : null, approximate, limit);
  }

  /**
   * The trim as an exact one for the log: an approximate trim is logged as the exact trim to where
   * it stopped (the length left, or the first ID left), as Redis propagates it.
   */
  byte[][] exactTrim(StreamValue stream) {
    byte[] threshold;
    if (strategy == Strategy.MAXLEN) {
      threshold = Numbers.toBytes(approximate ? stream.length() : maxLength);
    } else {
      StreamId first = stream.edgeId(true);
      threshold = (approximate ? (first == null ? StreamId.MAX : first) : minId).toBytes();
    }
    return new byte[][] {ascii(strategy.name()), ascii("="), threshold};
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
