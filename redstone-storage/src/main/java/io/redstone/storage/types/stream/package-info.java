/**
 * The stream type: {@link io.redstone.storage.types.stream.StreamValue} (entries in blocks of
 * Redis's listpack layout, consumer groups with their pending entries), its codec, and the XADD,
 * XREAD, XGROUP, XINFO, ... commands. Uses the engine's keyspace and command API only.
 */
package io.redstone.storage.types.stream;
