/**
 * Configuration: every Redis 7 directive ({@link io.redstone.config.RedisDirectives}) with its
 * rules and Redstone's defaults, the live values ({@link io.redstone.config.ConfigRegistry}), and
 * the pure text side of redis.conf: tokenizing ({@link io.redstone.config.ConfigSyntax}), loading
 * with includes ({@link io.redstone.config.ConfigLoader}), {@code redis-server} arguments ({@link
 * io.redstone.config.CommandLine}) and CONFIG REWRITE ({@link io.redstone.config.ConfigRewriter}).
 *
 * <p>Its own module, below the engine: it knows nothing of keys or commands, so the engine and the
 * server both read it. No file I/O here: the server supplies readers and writers. Depends only on
 * the JDK and {@link io.redstone.protocol.text} (Redis's number, glob and argument-splitting
 * rules), which sits in the bottom module because the engine and the protocol need the same rules.
 */
package io.redstone.config;
