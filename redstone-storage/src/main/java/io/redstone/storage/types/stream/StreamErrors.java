package io.redstone.storage.types.stream;

import java.nio.charset.StandardCharsets;

/** The error replies of the stream commands, in Redis 7.0's words. */
final class StreamErrors {
  private StreamErrors() {}

  static final String INVALID_ID = "ERR Invalid stream ID specified as stream command argument";
  static final String MAXLEN_AND_MINID =
      "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
  static final String MAXLEN_NEGATIVE = "ERR The MAXLEN argument must be >= 0.";
  static final String LIMIT_NEGATIVE = "ERR The LIMIT argument must be >= 0.";
  static final String LIMIT_WITHOUT_STRATEGY =
      "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
  static final String XTRIM_WITHOUT_STRATEGY =
      "ERR syntax error, XTRIM must be called with a trimming strategy";
  static final String LIMIT_WITHOUT_APPROX =
      "ERR syntax error, LIMIT cannot be used without the special ~ option";
  static final String XADD_ZERO_ID = "ERR The ID specified in XADD must be greater than 0-0";
  static final String EXHAUSTED =
      "ERR The stream has exhausted the last possible ID, unable to add more items";
  static final String XADD_ID_TOO_SMALL =
      "ERR The ID specified in XADD is equal or smaller than the target stream top item";
  static final String TOO_LARGE = "ERR Elements are too large to be stored";
  static final String INVALID_START = "ERR invalid start ID for the interval";
  static final String INVALID_END = "ERR invalid end ID for the interval";
  static final String UNBALANCED =
      "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
  static final String GROUP_ONLY_XREADGROUP =
      "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
  static final String NOACK_ONLY_XREADGROUP =
      "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
  static final String MISSING_GROUP = "ERR Missing GROUP option for XREADGROUP";
  static final String DOLLAR_IN_XREADGROUP =
      "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of"
          + " this consumer by specifying a proper ID, or use the > ID to get new messages. The $"
          + " ID would just return an empty result set.";
  static final String GREATER_ONLY_XREADGROUP =
      "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group>"
          + " <consumer> option.";
  static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
  static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
  static final String ENTRIES_READ_NEGATIVE = "ERR value for ENTRIESREAD must be positive or -1";
  static final String XGROUP_NEEDS_KEY =
      "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to"
          + " use the MKSTREAM option to create an empty stream automatically.";
  static final String BUSYGROUP = "BUSYGROUP Consumer Group name already exists";
  static final String ENTRIES_ADDED_NEGATIVE = "ERR entries_added must be positive";
  static final String XSETID_BELOW_MAX_DELETED =
      "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
  static final String XSETID_BELOW_TOP =
      "ERR The ID specified in XSETID is smaller than the target stream top item";
  static final String XSETID_ENTRIES_BELOW_LENGTH =
      "ERR The entries_added specified in XSETID is smaller than the target stream length";
  static final String XCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XCLAIM";
  static final String XCLAIM_IDLE = "ERR Invalid IDLE option argument for XCLAIM";
  static final String XCLAIM_TIME = "ERR Invalid TIME option argument for XCLAIM";
  static final String XCLAIM_RETRYCOUNT = "ERR Invalid RETRYCOUNT option argument for XCLAIM";
  static final String XAUTOCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XAUTOCLAIM";
  static final String XAUTOCLAIM_COUNT = "ERR COUNT must be > 0";
  static final String BLOCKED_GROUP_GONE =
      "NOGROUP the consumer group this client was blocked on no longer exists";
  static final String BLOCKED_KEY_GONE = "UNBLOCKED the stream key no longer exists";

  static String noGroup(byte[] key, byte[] group) {
    return "NOGROUP No such key '" + text(key) + "' or consumer group '" + text(group) + "'";
  }

  static String noGroupInXreadgroup(byte[] key, byte[] group) {
    return noGroup(key, group) + " in XREADGROUP with GROUP option";
  }

  static String noGroupForKey(byte[] group, byte[] key) {
    return "NOGROUP No such consumer group '" + text(group) + "' for key name '" + text(key) + "'";
  }

  static String unrecognizedXclaimOption(byte[] option) {
    return "ERR Unrecognized XCLAIM option '" + text(option) + "'";
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }
}
