package io.redstone.protocol;

/**
 * The client broke the protocol. The message is Redis's text without the {@code ERR} code, for
 * example {@code "Protocol error: invalid bulk length"}; the server replies {@code -ERR <message>}
 * and closes the connection.
 */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message, null, false, false);
  }
}
