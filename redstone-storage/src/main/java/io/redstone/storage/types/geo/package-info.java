/**
 * Geospatial indexes: the GEO commands over sorted sets whose scores are 52-bit geohashes, with
 * Redis's geohash arithmetic, search cells and haversine distance. Reads and writes the sorted sets
 * only through the public API of {@code types.zset}; uses the command package for declarations and
 * errors.
 */
package io.redstone.storage.types.geo;
