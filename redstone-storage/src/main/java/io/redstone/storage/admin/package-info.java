/**
 * The server's own commands (Redis's {@code server} group): INFO and its report, CONFIG, COMMAND
 * and its COMMAND INFO / DOCS / GETKEYS answers, SLOWLOG, LATENCY, MONITOR, MEMORY, DEBUG, the
 * flush and persistence commands, FUNCTION. They read the engine's state and the command table;
 * {@link io.redstone.storage.admin.InfoReport} is public because the metrics scrape reads the same
 * figures.
 */
package io.redstone.storage.admin;
