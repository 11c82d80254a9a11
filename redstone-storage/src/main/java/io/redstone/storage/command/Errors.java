package io.redstone.storage.command;

/**
 * Redis 7's error texts, in one place: clients and test suites match on them, so they are copied
 * exactly (code prefix included) and never composed ad hoc in a handler.
 */
public final class Errors {
  private Errors() {}

  public static final String SYNTAX = "ERR syntax error";
  public static final String WRONGTYPE =
      "WRONGTYPE Operation against a key holding the wrong kind of value";
  public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  public static final String NOT_FLOAT = "ERR value is not a valid float";
  public static final String OVERFLOW = "ERR increment or decrement would overflow";
  public static final String NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";
  public static final String NO_SUCH_KEY = "ERR no such key";
  public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";
  public static final String SAME_OBJECT = "ERR source and destination objects are the same";
  public static final String STRING_TOO_LONG =
      "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  public static final String OFFSET_OUT_OF_RANGE = "ERR offset is out of range";
  public static final String INVALID_CURSOR = "ERR invalid cursor";
  public static final String NOT_POSITIVE_TIMEOUT = "ERR timeout is not an integer or out of range";
  public static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";
  public static final String LCS_NOT_STRINGS = "ERR The specified keys must contain string values";
  public static final String LCS_LEN_AND_IDX =
      "ERR If you want both the length and indexes, please just use IDX.";
  public static final String LCS_TABLE_TOO_LARGE =
      "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
  public static final String LCS_TABLE_ALLOCATION_FAILED =
      "ERR Insufficient memory, failed allocating transient memory for LCS";

  public static final String INT_OUT_OF_RANGE =
      "ERR value is out of range, value must between -2147483648 and 2147483647";
  public static final String EXPIRE_NX_WITH_OTHERS =
      "ERR NX and XX, GT or LT options at the same time are not compatible";
  public static final String EXPIRE_GT_WITH_LT =
      "ERR GT and LT options at the same time are not compatible";
  public static final String LFU_NOT_SELECTED =
      "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that"
          + " when switching between policies at runtime LRU and LFU data will take some time to"
          + " adjust.";
  public static final String LFU_SELECTED =
      "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when"
          + " switching between policies at runtime LRU and LFU data will take some time to"
          + " adjust.";

  public static String wrongArity(String fullName) {
    return "ERR wrong number of arguments for '" + fullName + "' command";
  }

  public static String invalidExpireTime(String commandName) {
    return "ERR invalid expire time in '" + commandName + "' command";
  }

  /** EXPIRE and its siblings name the first option they do not know. */
  public static String unsupportedOption(String option) {
    return "ERR Unsupported option " + option;
  }

  public static String unknownSubcommand(String subcommand, String container) {
    return "ERR unknown subcommand '"
        + truncate(subcommand, 128)
        + "'. Try "
        + container.toUpperCase(java.util.Locale.ROOT)
        + " HELP.";
  }

  /**
   * {@code ERR unknown command 'x', with args beginning with: 'a' 'b' }, with Redis's limits: the
   * name cut at 128 characters, the argument list built only while shorter than 128.
   */
  public static String unknownCommand(String name, String[] args) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < args.length && list.length() < 128; i++) {
      list.append('\'').append(truncate(args[i], 128 - list.length())).append("' ");
    }
    return "ERR unknown command '" + truncate(name, 128) + "', with args beginning with: " + list;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  public static final String NO_CONFIG_FILE = "ERR The server is running without a config file";

  /** CONFIG SET naming a directive Redis does not have. */
  public static String configSetUnknownOption(String name) {
    return "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'";
  }

  /** CONFIG SET refusing a value or a directive, with the reason Redis gives. */
  public static String configSetFailed(String argument, String reason) {
    return "ERR CONFIG SET failed (possibly related to argument '" + argument + "') - " + reason;
  }

  /** CONFIG REWRITE failing to write the file. */
  public static String configRewriteFailed(String reason) {
    return "ERR Rewriting config file: " + reason;
  }
}
