/**
 * The Vert.x front end: {@code main}, the storage verticle that owns the engine, the connection
 * verticles that speak RESP over TCP, and the local event-bus path between them. The only module
 * that starts threads; it depends on storage, persistence, config and protocol, never the other
 * way.
 */
package io.redstone.server;
