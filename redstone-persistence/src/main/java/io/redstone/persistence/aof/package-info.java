/**
 * The multi-part append-only log, in the manner of Redis 7: a manifest ({@link AofManifest}) naming
 * one base file (a {@link io.redstone.persistence.snapshot snapshot}) and the increments that
 * follow it, in {@code dir/appenddirname} ({@link AofLayout}).
 *
 * <p>How the server uses it:
 *
 * <ul>
 *   <li>Storage thread: {@link AofRecordEncoder} turns each write effect {@code (db, argv)} into a
 *       framed record in a reusable {@link io.redstone.persistence.format.RecordBuffer}, or several
 *       effects into one group record that loads all or none (a transaction).
 *   <li>AOF worker thread: {@link AofDirectory#appender()} appends those bytes and fsyncs per
 *       policy ({@link AofAppender}: offsets tell a group commit which appends are durable;
 *       failures are sticky and a failed fsync is never retried). {@link
 *       AofDirectory#startRewrite}/{@link AofDirectory#commitRewrite} switch increments and swap
 *       the manifest around a new base.
 *   <li>Start-up: {@link AofLoader} replays base and increments and cuts a torn tail; then {@link
 *       AofDirectory#open}.
 *   <li>{@code --check-aof}: {@link AofCheck}.
 * </ul>
 *
 * <p>Tests put a failing disk under the appender with {@link FaultInjectingLogChannel}.
 */
package io.redstone.persistence.aof;
