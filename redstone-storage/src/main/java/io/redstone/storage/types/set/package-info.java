/**
 * The set type: its encodings as Redis 7.0 reports them ({@code intset} for a few integers, a
 * sorted array of the narrowest width that holds them; {@code hashtable} for the rest), its
 * commands ({@link io.redstone.storage.types.set.SetCommands}) and its encoding for files. Uses the
 * keyspace's {@link io.redstone.storage.keyspace.BytesTable} and the command package; nothing
 * outside this package casts a set.
 */
package io.redstone.storage.types.set;
