package io.redstone.storage.admin;

import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.keys.KeyCommands;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.types.Values;
import io.redstone.storage.types.list.ListValue;
import io.redstone.storage.types.list.QuicklistLayout;
import java.util.Locale;

/**
 * DEBUG OBJECT key, in Redis 7.0's words and field order: {@code Value at:<address> refcount:<n>
 * encoding:<name> serializedlength:<bytes> lru:<clock> lru_seconds_idle:<seconds>}, and for a list
 * the {@code ql_*} fields of its quicklist.
 *
 * <ul>
 *   <li>The address is the value object's identity hash, shaped as a heap address: stable while the
 *       value lives, different between values.
 *   <li>{@code serializedlength} is what Redis's RDB would write for the value in its encoding,
 *       computed from the elements ({@link io.redstone.storage.types.RdbSize}); Redis also
 *       compresses strings over 20 bytes with LZF when {@code rdbcompression} is on, which is not
 *       modelled, so a compressible value reads larger than in Redis.
 *   <li>{@code lru} is the key's access clock (seconds, wrapping at 24 bits, as Redis's LRU clock)
 *       and {@code lru_seconds_idle} the seconds since, as OBJECT IDLETIME.
 *   <li>A list's quicklist fields describe the layout Redis gives a list pushed at the tail in
 *       order under {@code list-max-listpack-size} ({@link QuicklistLayout}); {@code ql_compressed}
 *       says whether {@code list-compress-depth} is set, and the size is the listpacks'
 *       uncompressed bytes.
 * </ul>
 *
 * <p>The lookup neither counts a hit nor stamps the access clock; unlike Redis's, it deletes a key
 * whose TTL has passed and answers {@code ERR no such key} for it.
 */
public final class DebugObject {
  private DebugObject() {}

  /** Where a heap address would start, so the figure reads as one. */
  private static final long ADDRESS_BASE = 0x7f0000000000L;

  static void reply(Invocation call, byte[] key) {
    Entry entry = call.db().peek(key, call.now());
    if (entry == null) {
      throw new CommandException(Errors.NO_SUCH_KEY);
    }
    Object value = entry.value();
    StringBuilder text = new StringBuilder(160);
    text.append("Value at:0x")
        .append(Long.toHexString(ADDRESS_BASE | (long) System.identityHashCode(value) << 4))
        .append(" refcount:")
        .append(KeyCommands.refCount(call, entry))
        .append(" encoding:")
        .append(Values.encoding(entry));
    if (value instanceof ListValue list) {
      QuicklistLayout layout =
          list.quicklistLayout((int) call.engine().config().getLong("list-max-listpack-size"));
      appendAccess(
          text.append(" serializedlength:").append(layout.serializedLength()), call, entry);
      text.append(" ql_nodes:")
          .append(layout.nodes())
          .append(" ql_avg_node:")
          .append(String.format(Locale.ROOT, "%.2f", layout.averageNode()))
          .append(" ql_listpack_max:")
          .append(layout.fill())
          .append(" ql_compressed:")
          .append(call.engine().config().getLong("list-compress-depth") != 0 ? 1 : 0)
          .append(" ql_uncompressed_size:")
          .append(layout.uncompressedSize());
    } else {
      appendAccess(
          text.append(" serializedlength:").append(Values.serializedLength(value)), call, entry);
    }
    call.reply().simpleString(text.toString());
  }

  private static void appendAccess(StringBuilder text, Invocation call, Entry entry) {
    text.append(" lru:")
        .append(entry.accessClock())
        .append(" lru_seconds_idle:")
        .append(KeyCommands.idleSeconds(call, entry));
  }
}
