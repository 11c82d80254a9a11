/**
 * Publish/subscribe: which clients listen on which channels, patterns and shard channels, and the
 * delivery of a published message to each of them. Storage thread only; delivery leaves through
 * each session's {@link io.redstone.storage.ClientSession.Link}.
 */
package io.redstone.storage.pubsub;
