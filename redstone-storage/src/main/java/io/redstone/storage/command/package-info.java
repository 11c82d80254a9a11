/**
 * The command table and the command families, one class per family (strings, keys, server, ...).
 * Each family declares its commands once (arity, flags, key positions and key specs, docs with
 * arguments in Redis 7.0's wording, handler); the table drives arity checks, COMMAND (INFO, DOCS,
 * GETKEYS), and statistics.
 */
package io.redstone.storage.command;
