package io.redstone.storage.types;

import io.redstone.config.ConfigRegistry;

/**
 * The thresholds that pick a collection's encoding, read from the configuration when a value is
 * loaded: as Redis's RDB load does, a loaded hash, set or sorted set gets the encoding the current
 * thresholds give it, not necessarily the one it was saved in.
 */
public record EncodingLimits(
    long hashMaxListpackEntries,
    long hashMaxListpackValue,
    long setMaxIntsetEntries,
    long zsetMaxListpackEntries,
    long zsetMaxListpackValue) {

  /** Redis caps {@code set-max-intset-entries} at 2^30 for its intset's internals. */
  private static final long MAX_INTSET_ENTRIES_CAP = 1L << 30;

  /** Redis 7.0's defaults. */
  public static final EncodingLimits DEFAULTS = new EncodingLimits(512, 64, 512, 128, 64);

  public static EncodingLimits of(ConfigRegistry config) {
    return new EncodingLimits(
        config.getLong("hash-max-listpack-entries"),
        config.getLong("hash-max-listpack-value"),
        Math.min(config.getLong("set-max-intset-entries"), MAX_INTSET_ENTRIES_CAP),
        config.getLong("zset-max-listpack-entries"),
        config.getLong("zset-max-listpack-value"));
  }
}
