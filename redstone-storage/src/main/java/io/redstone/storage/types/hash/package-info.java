/**
 * Hashes: the value ({@code listpack} and {@code hashtable} encodings, memory figure, snapshot
 * codec) and the H* commands. Uses the engine's keyspace write path and command table; nothing
 * outside this package sees the value's classes.
 */
package io.redstone.storage.types.hash;
