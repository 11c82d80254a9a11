/**
 * Redis's rules for reading text out of bytes: integers and floats as {@code string2ll} and
 * {@code strtold} accept them ({@link io.redstone.protocol.text.Numbers}) and glob patterns as
 * {@code stringmatchlen} matches them ({@link io.redstone.protocol.text.Glob}).
 *
 * <p>They live in the bottom module because both the configuration and the engine need them and
 * neither may see the other's internals. Depends on nothing but the JDK.
 */
package io.redstone.protocol.text;
