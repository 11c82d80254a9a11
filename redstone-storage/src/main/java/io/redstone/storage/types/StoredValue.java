package io.redstone.storage.types;

/**
 * A value encoded for a file: its type and the bytes of its type's encoding. Made on the storage
 * thread and immutable, so a thread that writes files may hold it while the live value changes.
 */
public record StoredValue(ValueType type, byte[] payload) {}
