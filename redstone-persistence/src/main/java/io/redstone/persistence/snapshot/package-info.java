/**
 * The snapshot format: the {@code SAVE}/{@code BGSAVE} dump file and the append-only log's base
 * file. Framed as every Redstone file ({@link io.redstone.persistence.format}), with these record
 * kinds:
 *
 * <pre>
 * 0x10 info   created-at unix ms (i64), aux count (varint), (name, value) pairs (varint-length bytes)
 * 0x11 entry  db (varint), value type (byte), flags (byte: bit 0 = has expiry, bit 1 = in parts),
 *             [expire-at unix ms (i64)], key, value (varint-length bytes)
 * 0x13 part   flags (byte: bit 0 = last), value part (varint-length bytes)
 * 0x14 library a function library's code, as FUNCTION LOAD took it (varint-length bytes)
 * 0x12 end    entry count (i64)
 * </pre>
 *
 * <p>A big collection is stored in parts so no record holds it whole: its entry carries the first
 * part and is followed at once by a part record for each other part, the last one flagged. The
 * entry count counts keys, not parts.
 *
 * <p>Function libraries come after the info record and before the first entry, as Redis's RDB puts
 * its functions before the keys; they are not counted in the entry count. Files written before the
 * library record existed have none and load as they did.
 *
 * <p>Exactly one info record first and one end record last; a file that stops before its end record
 * is incomplete and refused, so a half-written snapshot never loads as a smaller dataset.
 */
package io.redstone.persistence.snapshot;
