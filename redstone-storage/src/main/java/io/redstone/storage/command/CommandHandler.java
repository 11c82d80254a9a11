package io.redstone.storage.command;

/**
 * Runs one command. Arity has been checked before the handler is called; the handler parses the
 * rest of its arguments, acts on the keyspace and writes exactly one reply to {@link
 * Invocation#reply()}. A handler signals a client error by throwing {@link CommandException};
 * anything else it throws is a bug, answered with a generic error and logged.
 */
@FunctionalInterface
public interface CommandHandler {
  void handle(Invocation call);
}
