package io.redstone.protocol;

/**
 * What a request may declare before the parser refuses it, so no input makes the server allocate
 * without bound.
 *
 * @param maxBulkLength largest bulk argument, Redis's {@code proto-max-bulk-len} (512 MB)
 * @param maxInlineLength longest inline command line, Redis's 64 KB
 * @param maxMultibulkLength most arguments in one command
 */
public record ParserLimits(long maxBulkLength, int maxInlineLength, int maxMultibulkLength) {
  public static final ParserLimits REDIS_DEFAULTS =
      new ParserLimits(512L * 1024 * 1024, 64 * 1024, Integer.MAX_VALUE);
}
