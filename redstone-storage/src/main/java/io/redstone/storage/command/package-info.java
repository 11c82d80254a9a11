/**
 * The command framework: the command table and how a command is declared once ({@link
 * io.redstone.storage.command.CommandSpec}: arity, flags, key positions and key specs, docs with
 * arguments in Redis 7.0's wording, handler), the call a handler receives ({@link
 * io.redstone.storage.command.Invocation}), Redis's error texts, per-command statistics, and
 * argument parsers and replies several families share (SCAN's options, the *MPOP arguments,
 * blocking timeouts, a container's HELP). The engine checks arity against the table and keeps each
 * command's statistics in it; COMMAND (INFO, DOCS, GETKEYS) answers from it.
 *
 * <p>The command families live with what they work on: each value type's in its {@code types}
 * package, the generic key commands in {@code keys}, the connection's in {@code connection}, the
 * server's in {@code admin}.
 */
package io.redstone.storage.command;
