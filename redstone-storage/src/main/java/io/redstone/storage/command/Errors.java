package io.redstone.storage.command;

import java.util.Locale;

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

  public static final String SORT_SCORE_NOT_DOUBLE =
      "ERR One or more scores can't be converted into double";

  public static final String NOT_POSITIVE = "ERR value is out of range, must be positive";
  public static final String NUMKEYS_NOT_POSITIVE = "ERR numkeys should be greater than 0";
  public static final String NUMKEYS_OVER_ARGS =
      "ERR Number of keys can't be greater than number of args";
  public static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
  public static final String HASH_VALUE_NOT_INTEGER = "ERR hash value is not an integer";
  public static final String HASH_VALUE_NOT_FLOAT = "ERR hash value is not a float";

  /** HINCRBYFLOAT's increment itself infinite (a NaN is not a valid float at all). */
  public static final String VALUE_NAN_OR_INFINITY = "ERR value is NaN or Infinity";

  /** A count whose reply size would overflow (HRANDFIELD ... WITHVALUES). */
  public static final String VALUE_OUT_OF_RANGE = "ERR value is out of range";

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
  public static final String NOAUTH = "NOAUTH Authentication required.";
  public static final String HELLO_NOAUTH =
      "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO"
          + " AUTH <user> <pass> option can be used to authenticate the client and select the"
          + " RESP protocol version at the same time";
  public static final String NO_SHUTDOWN_IN_PROGRESS = "ERR No shutdown in progress.";
  public static final String SHUTDOWN_FAILED = "ERR Errors trying to SHUTDOWN. Check logs.";
  public static final String NEGATIVE_TIMEOUT = "ERR timeout is negative";
  public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
  public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
  public static final String COUNT_NOT_POSITIVE = "ERR count should be greater than 0";
  public static final String LPOS_RANK_ZERO =
      "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use"
          + " negative to start from the end of the list";
  public static final String LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative";
  public static final String LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
  public static final String UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
  public static final String UNBLOCK_REASON =
      "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
  public static final String NOPROTO = "NOPROTO unsupported protocol version";
  public static final String PROTOCOL_NOT_INTEGER =
      "ERR Protocol version is not an integer or out of range";
  public static final String WRONGPASS =
      "WRONGPASS invalid username-password pair or user is disabled.";
  public static final String AUTH_WITHOUT_PASSWORD =
      "ERR AUTH <password> called without any password configured for the default user. Are you"
          + " sure your configuration is correct?";
  public static final String INVALID_CLIENT_NAME =
      "ERR Client names cannot contain spaces, newlines or special characters.";
  public static final String NO_SUCH_CLIENT = "ERR No such client";
  public static final String INVALID_CLIENT_ID = "ERR Invalid client ID";
  public static final String CLIENT_ID_NOT_POSITIVE = "ERR client-id should be greater than 0";
  public static final String PAUSE_MODE = "ERR CLIENT PAUSE mode must be WRITE or ALL";
  public static final String INVALID_FIRST_DB = "ERR invalid first DB index";
  public static final String INVALID_SECOND_DB = "ERR invalid second DB index";
  public static final String INVALID_COMMAND = "ERR Invalid command specified";
  public static final String INVALID_COMMAND_ARITY =
      "ERR Invalid number of arguments specified for command";
  public static final String INVALID_COMMAND_ARGUMENTS =
      "ERR Invalid arguments specified for command";
  public static final String COMMAND_HAS_NO_KEYS = "ERR The command has no key arguments";
  public static final String FUNCTION_FLUSH_MODE =
      "ERR FUNCTION FLUSH only supports SYNC|ASYNC option";
  public static final String LIBRARY_NAME_MISSING = "ERR library name argument was not given";

  // Sorted sets
  public static final String ZADD_NX_AND_XX =
      "ERR XX and NX options at the same time are not compatible";
  public static final String ZADD_GT_LT_NX =
      "ERR GT, LT, and/or NX options at the same time are not compatible";
  public static final String ZADD_INCR_PAIRS =
      "ERR INCR option supports a single increment-element pair";
  public static final String SCORE_NAN = "ERR resulting score is not a number (NaN)";
  public static final String MIN_MAX_NOT_FLOAT = "ERR min or max is not a float";
  public static final String MIN_MAX_NOT_LEX = "ERR min or max not valid string range item";
  public static final String LIMIT_WITHOUT_BYSCORE_OR_BYLEX =
      "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
  public static final String WITHSCORES_WITH_BYLEX =
      "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
  public static final String WEIGHT_NOT_FLOAT = "ERR weight value is not a float";

  // Geospatial indexes
  public static final String GEO_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";
  public static final String GEO_RADIUS_NOT_NUMBER = "ERR need numeric radius";
  public static final String GEO_RADIUS_NEGATIVE = "ERR radius cannot be negative";
  public static final String GEO_WIDTH_NOT_NUMBER = "ERR need numeric width";
  public static final String GEO_HEIGHT_NOT_NUMBER = "ERR need numeric height";
  public static final String GEO_BOX_NEGATIVE = "ERR height or width cannot be negative";
  public static final String GEO_MEMBER_NOT_FOUND = "ERR could not decode requested zset member";
  public static final String GEO_COUNT_NOT_POSITIVE = "ERR COUNT must be > 0";
  public static final String GEO_ANY_WITHOUT_COUNT = "ERR the ANY argument requires COUNT argument";
  public static final String GEOSEARCHSTORE_WITH_OPTIONS =
      "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options";
  public static final String GEORADIUS_STORE_WITH_OPTIONS =
      "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD"
          + " options";

  /** A position outside Redis's ranges, its coordinates printed as C's {@code %f}. */
  public static String invalidLongitudeLatitude(String longitude, String latitude) {
    return "ERR invalid longitude,latitude pair " + longitude + "," + latitude;
  }

  /** GEOSEARCH or GEOSEARCHSTORE without a centre; {@code command} as the client typed it. */
  public static String geoSearchNeedsCentre(String command) {
    return "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + command;
  }

  /** GEOSEARCH or GEOSEARCHSTORE without a shape; {@code command} as the client typed it. */
  public static String geoSearchNeedsShape(String command) {
    return "ERR exactly one of BYRADIUS and BYBOX can be specified for " + command;
  }

  /** ZUNIONSTORE and relatives given a key count below 1. */
  public static String atLeastOneInputKey(String fullName) {
    return "ERR at least 1 input key is needed for '" + fullName + "' command";
  }

  /** A protected command (DEBUG) that {@code setting} does not allow for this client. */
  public static String protectedCommand(String commandName, String setting) {
    return "ERR "
        + commandName.toUpperCase(Locale.ROOT)
        + " command not allowed. If the "
        + setting
        + " option is set to \"local\", you can run it from a local connection,"
        + " otherwise you need to set this option in the configuration file, and then restart"
        + " the server.";
  }

  /**
   * A command that failed for a reason no client input explains: a bug, or a reply larger than the
   * heap can hold. Redis has no such reply (it would abort); the text names the command and the
   * kind of failure, and the server log has the details.
   */
  public static String unexpectedFailure(String fullName, Throwable failure) {
    if (failure instanceof OutOfMemoryError) {
      return "ERR out of memory while running '" + fullName + "'";
    }
    return "ERR internal error while running '" + fullName + "'";
  }

  /**
   * An integer argument outside the range a command accepts, in the words of Redis's {@code
   * getRangeLongFromObjectOrReply}.
   */
  public static String valueOutOfRange(long min, long max) {
    return "ERR value is out of range, value must between " + min + " and " + max;
  }

  /**
   * A reply Redstone refuses to build because it would hold more elements than one reply may (Redis
   * would try, and fill its memory).
   */
  public static String replyTooLarge(String commandName) {
    return "ERR the reply of '" + commandName + "' would be too large";
  }

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
   * The error a container answers when a subcommand it parses itself is unknown or has the wrong
   * number of arguments ({@code DEBUG}, {@code CLIENT PAUSE 1 WRITE x}); names the container as the
   * client spelled it, upper-cased.
   */
  public static String subcommandSyntax(String subcommand, String container) {
    return "ERR unknown subcommand or wrong number of arguments for '"
        + truncate(subcommand, 128)
        + "'. Try "
        + container.toUpperCase(java.util.Locale.ROOT)
        + " HELP.";
  }

  /** A RESP2 client in subscribed mode sent a command other than those it may send. */
  public static String onlyPubSubAllowed(String command) {
    return "ERR Can't execute '"
        + command
        + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this"
        + " context";
  }

  public static String helloSyntax(String option) {
    return "ERR Syntax error in HELLO option '" + option + "'";
  }

  public static String unknownClientType(String type) {
    return "ERR Unknown client type '" + type + "'";
  }

  public static String noSuchUser(String user) {
    return "ERR No such user '" + user + "'";
  }

  /** CLIENT SETINFO (Redis 7.2). */
  public static String unrecognizedOption(String option) {
    return "ERR Unrecognized option '" + option + "'";
  }

  /** CLIENT SETINFO (Redis 7.2): {@code lib-name cannot contain spaces, ...}. */
  public static String invalidClientAttribute(String attribute) {
    return "ERR " + attribute + " cannot contain spaces, newlines or special characters.";
  }

  public static String unknownArgument(String argument) {
    return "ERR Unknown argument " + argument;
  }

  /**
   * {@code ERR unknown command 'x', with args beginning with: 'a' 'b' }, with Redis's limits: the
   * name cut at 128 characters, the argument list built only while shorter than 128, and each text
   * cut at its first NUL byte.
   */
  public static String unknownCommand(String name, String[] args) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < args.length && list.length() < 128; i++) {
      String shown = truncate(args[i], 128 - list.length());
      list.append('\'').append(shown).append("' ");
    }
    return "ERR unknown command '" + truncate(name, 128) + "', with args beginning with: " + list;
  }

  /** As C's {@code %.*s}, which Redis formats these with: stops at a NUL byte, then at max. */
  private static String truncate(String s, int max) {
    int nul = s.indexOf('\0');
    int end = Math.min(nul < 0 ? s.length() : nul, max);
    return s.substring(0, end);
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

  // Transactions (MULTI, EXEC, DISCARD, WATCH), in Redis 7.0's words.
  public static final String MULTI_NESTED = "ERR MULTI calls can not be nested";
  public static final String EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI";
  public static final String DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI";
  public static final String WATCH_INSIDE_MULTI = "ERR WATCH inside MULTI is not allowed";
  public static final String NOT_ALLOWED_IN_MULTI = "ERR Command not allowed inside a transaction";
  public static final String EXECABORT =
      "EXECABORT Transaction discarded because of previous errors.";

  /**
   * EXEC itself refused before it runs (wrong arity, NOAUTH, a disk error): the transaction is
   * discarded and the refusal named, without its {@code ERR} code, as Redis's {@code
   * execCommandAbort} prints it.
   */
  public static String execAbort(String refusal) {
    String reason = refusal.startsWith("ERR ") ? refusal.substring(4) : refusal;
    return "EXECABORT Transaction discarded because of: " + reason;
  }
}
