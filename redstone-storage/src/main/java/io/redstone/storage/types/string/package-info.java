/** The string type: a bare {@code byte[]}, with Redis's rules for its encodings and size. */
package io.redstone.storage.types.string;
