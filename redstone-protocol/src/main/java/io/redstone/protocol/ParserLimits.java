package io.redstone.protocol;

/**
 * What a request may declare before the parser refuses it, so no input makes the server allocate
 * without bound.
 *
 * @param maxBulkLength largest bulk argument, Redis's {@code proto-max-bulk-len} (512 MB)
 * @param maxInlineLength longest inline command line, and longest {@code *count} or {@code $length}
 *     line still waiting for its CR: Redis uses its {@code PROTO_INLINE_MAX_SIZE} (64 KB) for all
 *     three
 * @param maxMultibulkLength most arguments in one command
 */
public record ParserLimits(long maxBulkLength, int maxInlineLength, int maxMultibulkLength) {
  public static final ParserLimits REDIS_DEFAULTS =
      new ParserLimits(512L * 1024 * 1024, 64 * 1024, Integer.MAX_VALUE);
}
