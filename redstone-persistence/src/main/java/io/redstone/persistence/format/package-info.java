/**
 * The framing every Redstone persistence file shares.
 *
 * <pre>
 * file   := header record* reserved?
 * header := magic (8 bytes, one per file kind) version (u32)
 * record := length (u32) payloadCrc (u32) headerCrc (u32) payload (length bytes)
 * reserved := zero bytes, at least a record header's worth (increments only)
 * </pre>
 *
 * <p>All integers are big-endian. {@code payloadCrc} is the CRC32C of the payload; {@code
 * headerCrc} the CRC32C of the eight bytes before it, so a damaged length is recognised as damage
 * before it is trusted (a flipped length must never make a good record look like a torn tail, nor
 * make the reader allocate gigabytes). The first payload byte is the record kind; the rest belongs
 * to the file kind ({@link io.redstone.persistence.aof}, {@link io.redstone.persistence.snapshot}).
 *
 * <p>Reading classifies a bad record: it is a <em>torn tail</em> when nothing but zero bytes
 * follows the bytes it claims (its header, and its payload when the header is intact); a write
 * interrupted by a crash leaves exactly that (a prefix of the record, perhaps padded with zeros by
 * the file system). Anything else is <em>corruption</em>.
 *
 * <p>An increment may end in <em>reserved</em> space: zeros the writer put ahead of its records, so
 * that an fsync of the next records finds their blocks allocated and the file's size unchanged and
 * commits no metadata. A record header of twelve zero bytes cannot be valid (its checksum does not
 * match), so a zero header followed by nothing but zeros ends the records cleanly. An older reader
 * takes such a tail for a torn write and cuts it, which loses nothing. Depends on nothing but the
 * JDK.
 */
package io.redstone.persistence.format;
