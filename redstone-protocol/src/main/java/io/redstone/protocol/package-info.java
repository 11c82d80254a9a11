/**
 * The Redis wire protocol, RESP2 and RESP3, as bytes in and bytes out.
 *
 * <p>{@link io.redstone.protocol.RequestParser} turns what a client sends (multibulk or inline
 * requests, split across reads however the network cuts them) into commands, each an array of
 * {@code byte[]} arguments, enforcing Redis's limits and reporting its exact protocol errors.
 * {@link io.redstone.protocol.ReplySink} is the vocabulary every command replies in, and {@link
 * io.redstone.protocol.RespWriter} encodes it as RESP2 or RESP3, downgrading RESP3-only types for
 * RESP2 clients the way Redis does; {@link io.redstone.protocol.DoubleFormat} prints doubles as
 * Redis 7.2 does.
 *
 * <p>{@link io.redstone.protocol.text} holds the byte-string rules (numbers, globs, argument
 * splitting) that the inline parser, the configuration, the engine and the AOF manifest share.
 *
 * <p>This package depends on nothing but the JDK: no Vert.x, no Netty, no sockets, no keyspace. It
 * sees only bytes and {@link java.nio.ByteBuffer}s, so the storage engine can depend on it for the
 * reply vocabulary, and the server wires it to connections.
 */
package io.redstone.protocol;
