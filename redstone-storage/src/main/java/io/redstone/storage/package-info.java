/**
 * The storage engine: the keyspace of every database, expiry, and every command's semantics. Pure
 * Java and single-threaded by contract: the storage verticle's thread calls everything.
 *
 * <p>Depends on redstone-protocol for the reply vocabulary and Redis's number and glob rules
 * ({@link io.redstone.protocol.text}), and on redstone-config for the directives it obeys; no
 * Vert.x, no sockets, no files.
 */
package io.redstone.storage;
