/**
 * The sorted-set type: its two encodings ({@code listpack} and {@code skiplist}, with Redis's
 * conversion rules), its commands, and its codec for snapshots and the log's base. Uses the
 * keyspace's {@code BytesTable} for the member table and the command package for declarations and
 * errors; nothing outside this package casts its classes.
 */
package io.redstone.storage.types.zset;
