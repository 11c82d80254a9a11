/**
 * Client-side caching (CLIENT TRACKING): which clients may hold which keys, the prefixes of clients
 * in broadcast mode, and the invalidation messages sent when keys change. Storage thread only; uses
 * the engine's client registry and the command framework's key search, nothing of the network.
 */
package io.redstone.storage.tracking;
