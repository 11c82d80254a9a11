package io.redstone.storage.connection;

import io.redstone.storage.ClientSession;
import io.redstone.storage.pubsub.Subscriptions;

/**
 * One client's line in {@code CLIENT LIST} / {@code CLIENT INFO}, in Redis 7.2's field order (tools
 * split it on spaces and {@code =}). Fields about Redis internals Redstone does not have (query
 * buffer, reply blocks) show what an idle Redis client shows.
 */
final class ClientInfoLine {
  /** Fixed per-client overhead counted in {@code tot-mem}, besides its buffers. */
  private static final long CLIENT_OVERHEAD_BYTES = 1024;

  private static final int REPLY_BUFFER_BYTES = 1024;

  private ClientInfoLine() {}

  /**
   * The line, without its trailing newline.
   *
   * @param argvBytes bytes of the command the client is running now (only the caller is running
   *     one), Redis's {@code argv-mem}
   */
  static String format(ClientSession client, long nowMillis, long argvBytes) {
    long outputBytes = client.link().pendingOutputBytes();
    long totalMemory =
        CLIENT_OVERHEAD_BYTES
            + REPLY_BUFFER_BYTES
            + argvBytes
            + outputBytes
            + client.transaction().memory();
    return "id="
        + client.id()
        + " addr="
        + client.address()
        + " laddr="
        + client.localAddress()
        + " fd="
        + client.link().fd()
        + " name="
        + client.name()
        + " age="
        + Math.max(0, (nowMillis - client.createdMillis()) / 1000)
        + " idle="
        + Math.max(0, (nowMillis - client.lastInteractionMillis()) / 1000)
        + " flags="
        + flags(client)
        + " db="
        + client.db()
        + subscriptionCounts(client)
        + " multi="
        + client.transaction().queuedCount()
        + " qbuf=0 qbuf-free=0"
        + " argv-mem="
        + argvBytes
        + " multi-mem="
        + client.transaction().memory()
        + " rbs="
        + REPLY_BUFFER_BYTES
        + " rbp=0 obl=0 oll=0"
        + " omem="
        + outputBytes
        + " tot-mem="
        + totalMemory
        + " events=r cmd="
        + client.lastCommand()
        + " user=default redir="
        + TrackingCommands.redirectShown(client)
        + " resp="
        + client.protocol()
        + " lib-name="
        + client.libName()
        + " lib-ver="
        + client.libVersion();
  }

  private static String subscriptionCounts(ClientSession client) {
    if (!client.subscribed()) {
      return " sub=0 psub=0 ssub=0";
    }
    Subscriptions subscriptions = client.subscriptions();
    return " sub="
        + subscriptions.channelCount()
        + " psub="
        + subscriptions.patternCount()
        + " ssub="
        + subscriptions.shardCount();
  }

  /** Redis's flag letters, in its order; {@code N} when none applies. */
  private static String flags(ClientSession client) {
    StringBuilder flags = new StringBuilder(4);
    if (client.monitor()) {
      flags.append('O');
    }
    if (client.subscribed()) {
      flags.append('P');
    }
    if (client.transaction().open()) {
      flags.append('x');
    }
    if (client.waiting() || client.blocked()) {
      flags.append('b');
    }
    if (client.tracking().on()) {
      flags.append('t');
    }
    if (client.tracking().brokenRedirect()) {
      flags.append('R');
    }
    if (client.tracking().bcast()) {
      flags.append('B');
    }
    if (client.transaction().dirty()) {
      flags.append('d');
    }
    if (client.closing()) {
      flags.append('c');
    }
    if (client.noEvict()) {
      flags.append('e');
    }
    if (client.noTouch()) {
      flags.append('T');
    }
    return flags.length() == 0 ? "N" : flags.toString();
  }
}
