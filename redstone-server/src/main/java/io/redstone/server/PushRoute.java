package io.redstone.server;

/**
 * How a push reaches a connection: through the storage verticle, so that it never overtakes a reply
 * of the same client still held for an fsync or a deferred reply. Storage thread only.
 */
@FunctionalInterface
interface PushRoute {
  void push(ReplyTarget target, byte[] bytes);
}
