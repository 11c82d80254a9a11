package io.redstone.storage.types.zset;

/**
 * The compact encoding's limits, {@code zset-max-listpack-entries} and {@code
 * zset-max-listpack-value} (Redis 7.0's defaults: 128 members of up to 64 bytes). Read when a write
 * may need them; a set that outgrows them becomes a tree and never returns.
 */
record Limits(long maxEntries, long maxValue) {
  /** Whether a sorted set this long, whose longest member is this long, fits the compact form. */
  boolean fitCompact(long size, long longestMember) {
    return size <= maxEntries && longestMember <= maxValue;
  }
}
