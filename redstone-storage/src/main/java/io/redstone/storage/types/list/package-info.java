/**
 * The list type: its value ({@link io.redstone.storage.types.list.ListValue}), its commands, and
 * its encoding for files. Uses the value-type layer and the command framework of the engine.
 */
package io.redstone.storage.types.list;
