/**
 * The Prometheus endpoint: an HTTP server on {@code metrics-port}, on the addresses of {@code
 * metrics-bind} (the loopback by default) and behind HTTP basic auth when {@code metrics-user} and
 * {@code metrics-password} are set, that renders, in redis_exporter's names, a snapshot of the
 * engine's counters taken on the storage thread, next to Vert.x's and the JVM's own meters from the
 * same Micrometer registry. Knows Vert.x and Micrometer; the storage module never sees either.
 */
package io.redstone.server.metrics;
