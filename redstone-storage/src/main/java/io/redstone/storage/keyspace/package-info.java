/**
 * The keyspace's data structures: our own byte-keyed hash table with incremental rehash and a
 * resize-safe SCAN cursor, its entries, and the dense index of keys with a TTL. Used only through
 * io.redstone.storage.Database.
 */
package io.redstone.storage.keyspace;
