/**
 * What the engine records about its own running for operators: error counts by kind, the slow log,
 * latency events, and the feed of MONITOR lines. State owned by the storage thread like the rest of
 * the engine; the server commands in {@code io.redstone.storage.admin} read it.
 */
package io.redstone.storage.observe;
