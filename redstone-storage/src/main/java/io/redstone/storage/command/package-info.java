/** The command table and the command families, one class per family (strings, keys, server, ...). Each family declares its commands once (arity, flags, key positions, docs, handler); the table drives arity checks, COMMAND, and statistics. */
package io.redstone.storage.command;
