/**
 * The file layer of persistence: the append-only log's records, manifest and directory, snapshots,
 * loading and checking. Pure Java on bytes and files: no Vert.x, no sockets, no threads of its own.
 * The server adapts the engine's mutation stream ({@code (db, argv)} effects) and its point-in-time
 * keyspace walk to this API and decides which thread calls what.
 *
 * <ul>
 *   <li>{@link io.redstone.persistence.format}: the framing shared by every file (file header,
 *       length-prefixed records with CRC32C checksums, torn-tail detection).
 *   <li>{@link io.redstone.persistence.snapshot}: the snapshot format, used for {@code SAVE}/{@code
 *       BGSAVE} dumps and as the AOF base file.
 *   <li>{@link io.redstone.persistence.aof}: the multi-part append-only log (Redis 7's layout):
 *       records, manifest, directory, appender, loader and the check tool.
 * </ul>
 */
package io.redstone.persistence;
