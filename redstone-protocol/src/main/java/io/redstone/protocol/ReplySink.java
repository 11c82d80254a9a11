package io.redstone.protocol;

/**
 * The reply vocabulary every command writes to. One implementation encodes RESP2 or RESP3 bytes
 * ({@link RespWriter}); others can capture replies for tests. A command never knows which protocol
 * the client speaks: the sink downgrades RESP3 types (map, set, double, boolean, null, verbatim,
 * push) to their RESP2 forms when the client has not sent {@code HELLO 3}.
 */
public interface ReplySink {

  /** The protocol the client negotiated: 2 or 3. */
  int protocol();

  /**
   * Switches the protocol for this and every later reply, as {@code HELLO} does. Sinks that encode
   * RESP override it; the default suits sinks that ignore the protocol.
   */
  default void protocol(int version) {}

  /** {@code +text}; text must not contain CR or LF. */
  void simpleString(String text);

  /** {@code +OK}. */
  void ok();

  /**
   * An error reply. The message carries its own code prefix, as Redis's does: {@code "ERR syntax
   * error"}, {@code "WRONGTYPE Operation against ..."}. Newlines are replaced with spaces.
   */
  void error(String message);

  void integer(long value);

  /** A bulk string; {@code null} writes the null bulk reply. */
  void bulk(byte[] value);

  void bulk(byte[] value, int offset, int length);

  /** A bulk string of the UTF-8 bytes of text; {@code null} writes the null bulk reply. */
  void bulk(String text);

  /** RESP2 {@code $-1}, RESP3 {@code _}. */
  void nullBulk();

  /** RESP2 {@code *-1}, RESP3 {@code _}. */
  void nullArray();

  void arrayHeader(int length);

  /** RESP3 {@code %n}; in RESP2 an array of {@code 2n} elements. */
  void mapHeader(int entries);

  /** RESP3 {@code ~n}; in RESP2 an array. */
  void setHeader(int length);

  /** RESP3 {@code >n}; in RESP2 an array. */
  void pushHeader(int length);

  /** RESP3 {@code ,d}; in RESP2 a bulk string in Redis's double formatting. */
  void doubleValue(double value);

  /**
   * A double the caller has already written out ({@code text}, as Redis's {@code
   * addReplyHumanLongDouble} prints coordinates): RESP3 {@code ,text}; in RESP2 a bulk string.
   */
  void formattedDouble(String text);

  /** RESP3 {@code #t}/{@code #f}; in RESP2 the integers 1 and 0. */
  void bool(boolean value);

  /**
   * RESP3 verbatim string {@code =len\r\nfmt:text}, with a three-letter format such as {@code txt};
   * in RESP2 a plain bulk string of text.
   */
  void verbatim(String format, byte[] text);

  /**
   * A position in the replies written so far, for {@link #discardSince}. Sinks that cannot take
   * replies back return -1.
   */
  default long mark() {
    return -1;
  }

  /**
   * Takes back everything written since {@code mark}: a command that failed half-way through its
   * reply must leave no fragment that the client would read as the start of an answer.
   */
  default void discardSince(long mark) {}

  /**
   * Appends bytes that are already RESP: a push encoded for another client's protocol, or replies
   * held back and released. Sinks that only take structured replies refuse.
   */
  default void raw(byte[] encoded) {
    throw new UnsupportedOperationException("this sink takes no pre-encoded RESP");
  }
}
