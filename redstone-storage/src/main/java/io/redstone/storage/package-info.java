/** The storage engine: the keyspace of every database, expiry, and every command's semantics. Pure Java and single-threaded by contract: the storage verticle's thread calls everything. Depends on redstone-protocol only for the reply vocabulary; no Vert.x, no sockets, no files. */
package io.redstone.storage;
