/**
 * The snapshot format: the {@code SAVE}/{@code BGSAVE} dump file and the append-only log's base
 * file. Framed as every Redstone file ({@link io.redstone.persistence.format}), with these record
 * kinds:
 *
 * <pre>
 * 0x10 info   created-at unix ms (i64), aux count (varint), (name, value) pairs (varint-length bytes)
 * 0x11 entry  db (varint), value type (byte), flags (byte: bit 0 = has expiry),
 *             [expire-at unix ms (i64)], key, value (varint-length bytes)
 * 0x12 end    entry count (i64)
 * </pre>
 *
 * <p>Exactly one info record first and one end record last; a file that stops before its end record
 * is incomplete and refused, so a half-written snapshot never loads as a smaller dataset.
 */
package io.redstone.persistence.snapshot;
