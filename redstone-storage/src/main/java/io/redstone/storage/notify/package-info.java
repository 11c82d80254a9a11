/**
 * Keyspace notifications ({@code notify-keyspace-events}): the event classes and the emitter that
 * publishes {@code __keyspace@<db>__:<key>} and {@code __keyevent@<db>__:<event>} messages through
 * the engine's pub/sub. Storage thread only; uses the pub/sub index and nothing of the keyspace.
 */
package io.redstone.storage.notify;
