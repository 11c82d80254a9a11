/**
 * Append-only log, manifest, rewrite, snapshots and recovery. Knows files and the engine's
 * mutation stream ({@link io.redstone.storage.MutationSink}); never sockets. Empty until the
 * persistence work lands.
 */
package io.redstone.persistence;
