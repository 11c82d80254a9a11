/**
 * Configuration: every Redis 7 directive ({@link io.redstone.storage.config.RedisDirectives}) with
 * its rules and Redstone's defaults, the live values ({@link
 * io.redstone.storage.config.ConfigRegistry}), and the pure text side of redis.conf: tokenizing
 * ({@link io.redstone.storage.config.ArgSplitter}), loading with includes ({@link
 * io.redstone.storage.config.ConfigLoader}), {@code redis-server} arguments ({@link
 * io.redstone.storage.config.CommandLine}) and CONFIG REWRITE ({@link
 * io.redstone.storage.config.ConfigRewriter}).
 *
 * <p>No file I/O here: the server supplies readers and writers. Depends only on the JDK and
 * {@code io.redstone.storage} utilities (number parsing, glob matching).
 */
package io.redstone.storage.config;
