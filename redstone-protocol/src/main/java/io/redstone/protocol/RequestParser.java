package io.redstone.protocol;

import io.redstone.protocol.text.ArgSplitter;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Incremental RESP request parser for one connection: multibulk and inline commands, exactly as
 * Redis 7 reads them ({@code processMultibulkBuffer} and {@code processInlineBuffer}).
 *
 * <p>An explicit state machine: every byte handed to {@link #feed} is examined once, whatever the
 * boundaries between calls, so a request cut anywhere parses as if it had arrived whole, and a
 * large bulk arriving in small pieces costs time linear in its size. The parser consumes all of its
 * input and keeps partial state itself; arguments are delivered as {@code byte[]} copies that the
 * caller may keep.
 *
 * <p>Redis quirks it keeps on purpose, because clients cannot tell the difference otherwise:
 *
 * <ul>
 *   <li>the byte after the CR that ends a {@code *} or {@code $} line, and the two bytes after bulk
 *       data, are skipped without being checked;
 *   <li>Redis finds line ends with {@code strchr}, which stops at a NUL byte, so a NUL before the
 *       end of an inline line or a header line means that line never ends: nothing more is parsed
 *       until the "too big" limit is crossed and the matching error is reported;
 *   <li>{@code *0} and negative counts ({@code *-1}, {@code *-7}) are requests with no command; an
 *       empty inline line too.
 * </ul>
 *
 * <p>Memory stays proportional to what the client actually sent: the argument array starts at
 * {@code min(count, 1024)} slots, and a bulk declared larger than {@value #SEGMENT} bytes that has
 * not yet arrived is gathered in segments of that size, joined when its last byte arrives.
 *
 * <p>Limits differ from Redis in one deterministic way: Redis measures a line that has no end yet
 * after each socket read, so whether a line slightly over the limit is accepted depends on how
 * reads fall. Here a line is refused as soon as it holds more bytes than the limit.
 */
public final class RequestParser {
  static final String TOO_BIG_INLINE = "Protocol error: too big inline request";
  static final String UNBALANCED_QUOTES = "Protocol error: unbalanced quotes in request";
  static final String TOO_BIG_MBULK_COUNT = "Protocol error: too big mbulk count string";
  static final String INVALID_MULTIBULK_LENGTH = "Protocol error: invalid multibulk length";
  static final String TOO_BIG_BULK_COUNT = "Protocol error: too big bulk count string";
  static final String INVALID_BULK_LENGTH = "Protocol error: invalid bulk length";

  /** Largest piece of a not-yet-arrived bulk allocated ahead of its bytes. */
  static final int SEGMENT = 64 * 1024;

  /** Redis never grows an argv array past this before the arguments arrive. */
  private static final int INITIAL_ARGV_LIMIT = 1024;

  /** Redis's {@code LONG_STR_SIZE}: a number of this many characters or more is not a number. */
  private static final int MAX_NUMBER_CHARS = 21;

  /** Java arrays cannot be larger, whatever the limits say. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private static final byte[][] NO_SEGMENTS = new byte[0][];

  private enum State {
    /**
     * At the first byte of a request: {@code *} starts a multibulk, anything else an inline line.
     */
    REQUEST_START,
    /** Inside an inline line, before its LF. */
    INLINE_LINE,
    /** Inside a {@code *count} or {@code $length} line, before its CR. */
    HEADER_LINE,
    /** The header's CR was seen; the next byte, whatever it is, ends the line. */
    HEADER_AFTER_CR,
    /** Reading the declared bytes of a bulk argument. */
    BULK_DATA,
    /** Skipping the two bytes after bulk data. */
    BULK_TRAILER,
    /** A protocol error was reported; nothing more is parsed. */
    FAILED
  }

  private final ParserLimits limits;
  private final long maxBulkLength;
  private State state = State.REQUEST_START;
  private String failure;

  // The inline line so far. Past a NUL, only its length is tracked (see the class comment).
  private byte[] line = new byte[128];
  private int lineLength;
  private boolean lineNeverEnds;

  // The header line so far: its first byte, up to MAX_NUMBER_CHARS bytes of the number after it,
  // and the length of the whole line, which alone is kept once a NUL means it never ends.
  private boolean headerIsCount;
  private int headerFirst;
  private final byte[] headerNumber = new byte[MAX_NUMBER_CHARS];
  private int headerLength;
  private boolean headerNeverEnds;
  private long headerValue;

  // The multibulk command being assembled.
  private byte[][] argv;
  private int argc;
  private int argsExpected;

  // The bulk argument being read: complete segments, the one being filled, and the total so far.
  private int bulkLength;
  private int bulkFilled;
  private byte[][] segments = NO_SEGMENTS;
  private int segmentCount;
  private byte[] segment;
  private int segmentFilled;
  private int trailerLeft;

  /** Redis's tighter limits for a client that has not authenticated yet (CVE-2021-32675). */
  static final int UNAUTHENTICATED_MAX_ARGS = 10;

  static final int UNAUTHENTICATED_MAX_BULK = 16 * 1024;
  static final String UNAUTHENTICATED_MULTIBULK_LENGTH =
      "Protocol error: unauthenticated multibulk length";
  static final String UNAUTHENTICATED_BULK_LENGTH = "Protocol error: unauthenticated bulk length";

  private boolean unauthenticated;

  public RequestParser(ParserLimits limits) {
    this.limits = limits;
    this.maxBulkLength = Math.min(limits.maxBulkLength(), MAX_ARRAY);
  }

  /**
   * While set, requests are held to the limits Redis applies before AUTH when a password is
   * required: at most 10 arguments and 16 KB per argument, so an unauthenticated peer cannot make
   * the server buffer much.
   */
  public void unauthenticated(boolean value) {
    this.unauthenticated = value;
  }

  /**
   * Consumes all of {@code input}, handing each complete command to {@code sink} in order; a
   * command cut off at the end is kept and completed by later calls. Throws on a protocol violation
   * after delivering the commands that preceded it; the parser is unusable afterwards (every later
   * call throws the same error).
   */
  public void feed(ByteBuffer input, CommandConsumer sink) throws ProtocolException {
    if (state == State.FAILED) {
      throw new ProtocolException(failure);
    }
    int pos = input.position();
    int end = input.limit();
    try {
      while (pos < end) {
        switch (state) {
          case REQUEST_START -> pos = startRequest(input, pos);
          case INLINE_LINE -> pos = readInline(input, pos, end, sink);
          case HEADER_LINE -> pos = readHeader(input, pos, end);
          case HEADER_AFTER_CR -> pos = finishHeader(pos + 1);
          case BULK_DATA -> pos = readBulk(input, pos, end);
          case BULK_TRAILER -> pos = skipTrailer(pos, end, sink);
          case FAILED -> throw new IllegalStateException("unreachable");
        }
      }
    } catch (ProtocolException e) {
      state = State.FAILED;
      failure = e.getMessage();
      releaseCommand();
      input.position(end);
      throw e;
    }
    input.position(end);
  }

  private int startRequest(ByteBuffer input, int pos) {
    if (input.get(pos) == '*') {
      beginHeader(true);
      headerFirst = '*';
      headerLength = 1;
      return pos + 1;
    }
    state = State.INLINE_LINE;
    lineLength = 0;
    lineNeverEnds = false;
    return pos;
  }

  // ---- inline ----------------------------------------------------------------------------------

  private int readInline(ByteBuffer input, int pos, int end, CommandConsumer sink)
      throws ProtocolException {
    int limit = limits.maxInlineLength();
    if (lineNeverEnds) {
      if (end - pos > limit - lineLength) {
        throw new ProtocolException(TOO_BIG_INLINE);
      }
      lineLength += end - pos;
      return end;
    }
    int stop = pos;
    byte found = -1;
    while (stop < end) {
      byte b = input.get(stop);
      if (b == '\n' || b == 0) {
        found = b;
        break;
      }
      stop++;
    }
    int count = stop - pos;
    if ((long) lineLength + count > limit) {
      throw new ProtocolException(TOO_BIG_INLINE);
    }
    appendToLine(input, pos, count);
    if (stop == end) {
      return end;
    }
    if (found == 0) {
      lineNeverEnds = true;
      return stop;
    }
    finishInline(sink);
    return stop + 1;
  }

  private void appendToLine(ByteBuffer input, int pos, int count) {
    if (lineLength + count > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLength + count, line.length * 2));
    }
    input.get(pos, line, lineLength, count);
    lineLength += count;
  }

  private void finishInline(CommandConsumer sink) throws ProtocolException {
    int length = lineLength;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    // A line holding a NUL never gets here (see the class comment).
    byte[][] args = ArgSplitter.split(line, 0, length, ArgSplitter.Separators.REDIS);
    if (args == null) {
      throw new ProtocolException(UNBALANCED_QUOTES);
    }
    state = State.REQUEST_START;
    lineLength = 0;
    if (line.length > 4096) {
      line = new byte[128];
    }
    if (args.length > 0) {
      sink.accept(args);
    }
  }

  // ---- *count and $length lines -----------------------------------------------------------------

  private void beginHeader(boolean isCount) {
    state = State.HEADER_LINE;
    headerIsCount = isCount;
    headerFirst = -1;
    headerLength = 0;
    headerNeverEnds = false;
  }

  private int readHeader(ByteBuffer input, int pos, int end) throws ProtocolException {
    int limit = limits.maxInlineLength();
    if (headerNeverEnds) {
      if (end - pos > limit - headerLength) {
        throw new ProtocolException(headerIsCount ? TOO_BIG_MBULK_COUNT : TOO_BIG_BULK_COUNT);
      }
      headerLength += end - pos;
      return end;
    }
    while (pos < end) {
      byte b = input.get(pos++);
      if (b == '\r') {
        if (headerLength == 0) {
          headerFirst = '\r';
        }
        state = State.HEADER_AFTER_CR;
        return pos;
      }
      if (b == 0) {
        headerNeverEnds = true;
        headerLength++;
        checkHeaderLength();
        return readHeader(input, pos, end);
      }
      if (headerLength == 0) {
        headerFirst = b & 0xFF;
      } else if (headerLength <= MAX_NUMBER_CHARS) {
        headerNumber[headerLength - 1] = b;
      }
      headerLength++;
      checkHeaderLength();
    }
    return pos;
  }

  private void checkHeaderLength() throws ProtocolException {
    if (headerLength > limits.maxInlineLength()) {
      throw new ProtocolException(headerIsCount ? TOO_BIG_MBULK_COUNT : TOO_BIG_BULK_COUNT);
    }
  }

  /** Called once the byte after the header's CR has arrived; {@code pos} is past that byte. */
  private int finishHeader(int pos) throws ProtocolException {
    return headerIsCount ? finishCount(pos) : finishBulkLength(pos);
  }

  private int finishCount(int pos) throws ProtocolException {
    if (!parseHeaderNumber()
        || headerValue > limits.maxMultibulkLength()
        || headerValue > Integer.MAX_VALUE) {
      throw new ProtocolException(INVALID_MULTIBULK_LENGTH);
    }
    if (unauthenticated && headerValue > UNAUTHENTICATED_MAX_ARGS) {
      throw new ProtocolException(UNAUTHENTICATED_MULTIBULK_LENGTH);
    }
    if (headerValue <= 0) {
      state = State.REQUEST_START;
      return pos;
    }
    argsExpected = (int) headerValue;
    argv = new byte[Math.min(argsExpected, INITIAL_ARGV_LIMIT)][];
    argc = 0;
    beginHeader(false);
    return pos;
  }

  private int finishBulkLength(int pos) throws ProtocolException {
    if (headerFirst != '$') {
      throw new ProtocolException("Protocol error: expected '$', got '" + (char) headerFirst + "'");
    }
    if (!parseHeaderNumber() || headerValue < 0 || headerValue > maxBulkLength) {
      throw new ProtocolException(INVALID_BULK_LENGTH);
    }
    if (unauthenticated && headerValue > UNAUTHENTICATED_MAX_BULK) {
      throw new ProtocolException(UNAUTHENTICATED_BULK_LENGTH);
    }
    bulkLength = (int) headerValue;
    bulkFilled = 0;
    segmentCount = 0;
    segment = null;
    segmentFilled = 0;
    if (bulkLength == 0) {
      segment = new byte[0];
      beginTrailer();
    } else {
      state = State.BULK_DATA;
    }
    return pos;
  }

  /**
   * Reads the number after the header's first byte into {@link #headerValue} with the rules of
   * Redis's {@code string2ll}: optional minus, no plus, no leading zeros or blanks, fewer than 21
   * characters, fits a long. Returns false when it is not such a number.
   */
  private boolean parseHeaderNumber() {
    int length = headerLength - 1;
    if (length <= 0 || length >= MAX_NUMBER_CHARS) {
      return false;
    }
    byte[] digits = headerNumber;
    if (length == 1 && digits[0] == '0') {
      headerValue = 0;
      return true;
    }
    int i = 0;
    boolean negative = digits[0] == '-';
    if (negative && ++i == length) {
      return false;
    }
    if (digits[i] < '1' || digits[i] > '9') {
      return false;
    }
    // Accumulated negatively: Long.MIN_VALUE's magnitude does not fit a positive long.
    long value = 0;
    for (; i < length; i++) {
      int digit = digits[i] - '0';
      if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
        return false;
      }
      value = value * 10 - digit;
    }
    if (negative) {
      headerValue = value;
      return true;
    }
    if (value == Long.MIN_VALUE) {
      return false;
    }
    headerValue = -value;
    return true;
  }

  // ---- bulk data --------------------------------------------------------------------------------

  private int readBulk(ByteBuffer input, int pos, int end) {
    while (pos < end && bulkFilled < bulkLength) {
      if (segment == null || segmentFilled == segment.length) {
        startSegment(end - pos);
      }
      int count = Math.min(end - pos, segment.length - segmentFilled);
      input.get(pos, segment, segmentFilled, count);
      pos += count;
      segmentFilled += count;
      bulkFilled += count;
    }
    if (bulkFilled == bulkLength) {
      beginTrailer();
    }
    return pos;
  }

  /**
   * Allocates room for the next bytes of the bulk: all of the rest when it has already arrived or
   * is small, otherwise one segment, so a declared length alone never allocates.
   */
  private void startSegment(int available) {
    if (segment != null) {
      if (segmentCount == segments.length) {
        segments = Arrays.copyOf(segments, Math.max(8, segments.length * 2));
      }
      segments[segmentCount++] = segment;
    }
    int rest = bulkLength - bulkFilled;
    segment = new byte[available >= rest ? rest : Math.min(SEGMENT, rest)];
    segmentFilled = 0;
  }

  /** The bulk's bytes in one array; the only copy is for a bulk that arrived in segments. */
  private byte[] takeBulk() {
    byte[] value;
    if (segmentCount == 0) {
      value = segment;
    } else {
      value = new byte[bulkLength];
      int at = 0;
      for (int i = 0; i < segmentCount; i++) {
        System.arraycopy(segments[i], 0, value, at, segments[i].length);
        at += segments[i].length;
        segments[i] = null;
      }
      System.arraycopy(segment, 0, value, at, segmentFilled);
    }
    segment = null;
    segmentCount = 0;
    if (segments.length > 64) {
      segments = NO_SEGMENTS;
    }
    return value;
  }

  private void beginTrailer() {
    state = State.BULK_TRAILER;
    trailerLeft = 2;
  }

  private int skipTrailer(int pos, int end, CommandConsumer sink) {
    int count = Math.min(trailerLeft, end - pos);
    trailerLeft -= count;
    pos += count;
    if (trailerLeft == 0) {
      addArgument(takeBulk(), sink);
    }
    return pos;
  }

  private void addArgument(byte[] value, CommandConsumer sink) {
    if (argc == argv.length) {
      argv = Arrays.copyOf(argv, (int) Math.min((long) argc * 2, (long) argc + argsExpected));
    }
    argv[argc++] = value;
    argsExpected--;
    if (argsExpected > 0) {
      beginHeader(false);
      return;
    }
    byte[][] command = argc == argv.length ? argv : Arrays.copyOf(argv, argc);
    releaseCommand();
    state = State.REQUEST_START;
    sink.accept(command);
  }

  private void releaseCommand() {
    argv = null;
    argc = 0;
    segment = null;
    segments = NO_SEGMENTS;
    segmentCount = 0;
  }
}
