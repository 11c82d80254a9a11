package io.redstone.server;

/**
 * How a connection verticle's messages reach the storage verticle, in the order it sends them. A
 * link is made for the sender's context by {@link StorageVerticle#linkFrom}: over the local event
 * bus from another event loop, by a direct call from the storage verticle's own loop.
 */
interface StorageLink {
  void send(StorageMessage message);

  /**
   * Whether storage runs on the sender's own thread. Storage then also answers on that thread, so
   * the sender may take replies as they come instead of scheduling them onto its loop.
   */
  boolean sharesThread();
}
