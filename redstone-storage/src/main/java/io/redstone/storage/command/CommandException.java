package io.redstone.storage.command;

/**
 * A client error: the message is the exact Redis error text, code prefix included ({@code "ERR
 * syntax error"}). Thrown from argument parsing and handlers, caught by the engine, written as the
 * reply. Carries no stack trace: it is a reply, not a fault.
 */
public final class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandException(String message) {
    super(message, null, false, false);
  }
}
