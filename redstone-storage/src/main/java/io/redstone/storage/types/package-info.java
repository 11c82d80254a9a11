/**
 * The value types a key can hold, each in a package of its own with what Redis says about it: its
 * TYPE name, its OBJECT ENCODING, its memory size, how COPY duplicates it, and how it is encoded
 * for the log's rewrite and for snapshots. {@link io.redstone.storage.types.Values} is the one
 * place that tells the types apart; nothing outside these packages casts a value.
 */
package io.redstone.storage.types;
