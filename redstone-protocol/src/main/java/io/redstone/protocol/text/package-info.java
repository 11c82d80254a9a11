/**
 * Redis's rules for reading text out of bytes: integers and floats as {@code string2ll} and {@code
 * strtold} accept them ({@link io.redstone.protocol.text.Numbers}), glob patterns as {@code
 * stringmatchlen} matches them ({@link io.redstone.protocol.text.Glob}), and a line split into
 * arguments as {@code sdssplitargs} splits it ({@link io.redstone.protocol.text.ArgSplitter}).
 *
 * <p>They live in the bottom module because several modules need them: the inline request parser
 * here, the configuration, the engine and the AOF manifest reader. Depends on nothing but the JDK.
 */
package io.redstone.protocol.text;
