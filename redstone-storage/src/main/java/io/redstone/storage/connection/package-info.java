/**
 * The commands about the client's own connection (Redis's {@code connection} group): PING, ECHO,
 * HELLO, AUTH, SELECT, RESET, QUIT, and CLIENT with its {@code CLIENT LIST} line. They act on the
 * calling session or, for CLIENT KILL / PAUSE / UNBLOCK, on others through the engine's client
 * registry.
 */
package io.redstone.storage.connection;
