package io.redstone.server.metrics;

import java.util.function.LongSupplier;

/**
 * What the connection layer counts and the engine does not, read at each scrape from the connection
 * loops' own counters.
 *
 * @param batchesSent command batches sent to the storage thread since the start
 * @param pausedConnections connections whose reads are paused for backpressure right now
 * @param backpressurePauses how often a connection was paused for backpressure since the start
 */
public record ConnectionFigures(
    LongSupplier batchesSent, LongSupplier pausedConnections, LongSupplier backpressurePauses) {}
