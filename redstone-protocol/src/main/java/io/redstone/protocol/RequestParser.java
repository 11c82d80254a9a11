package io.redstone.protocol;

import java.nio.ByteBuffer;

/**
 * Incremental RESP request parser for one connection: multibulk and inline commands. PLACEHOLDER
 * signature; implementation pending.
 */
public final class RequestParser {
  private final ParserLimits limits;

  public RequestParser(ParserLimits limits) {
    this.limits = limits;
  }

  /**
   * Consumes all of {@code input}, handing each complete command to {@code sink} in order; a
   * command cut off at the end is kept and completed by later calls. Throws on a protocol violation
   * after delivering the commands that preceded it; the parser is unusable afterwards.
   */
  public void feed(ByteBuffer input, CommandConsumer sink) throws ProtocolException {
    throw new UnsupportedOperationException("not implemented yet: " + limits);
  }
}
