/**
 * The commands that work on keys whatever their type (Redis's {@code generic} group): DEL, EXISTS,
 * the EXPIRE family, SCAN, RENAME, COPY, OBJECT, SORT and their relatives. What they need to know
 * of a value its type answers through {@link io.redstone.storage.types.Values}. The keyspace's own
 * data structures are in {@link io.redstone.storage.keyspace}.
 */
package io.redstone.storage.keys;
