/**
 * The string type: a bare {@code byte[]}, with Redis's rules for its encodings and size, and its
 * commands ({@link io.redstone.storage.types.string.StringCommands}, with LCS's algorithm next to
 * it). Uses the value-type layer and the command framework of the engine.
 */
package io.redstone.storage.types.string;
