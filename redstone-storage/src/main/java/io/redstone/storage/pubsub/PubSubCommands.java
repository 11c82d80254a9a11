package io.redstone.storage.pubsub;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.pattern;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.PUBSUB;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.ClientSession;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.HelpReply;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Pub/sub commands: (S|P)SUBSCRIBE, (S|P)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB. The index and
 * the delivery are {@link PubSub}'s; this family parses and answers.
 *
 * <p>Each (un)subscription is confirmed by a reply of its own ({@code subscribe}, channel, count),
 * a push in RESP3, so one command may write several replies. The count is the client's channels
 * plus patterns, or for the shard commands its shard channels, after the change.
 */
public final class PubSubCommands {
  private static final byte[] SUBSCRIBE = ascii("subscribe");
  private static final byte[] UNSUBSCRIBE = ascii("unsubscribe");
  private static final byte[] PSUBSCRIBE = ascii("psubscribe");
  private static final byte[] PUNSUBSCRIBE = ascii("punsubscribe");
  private static final byte[] SSUBSCRIBE = ascii("ssubscribe");
  private static final byte[] SUNSUBSCRIBE = ascii("sunsubscribe");

  private PubSubCommands() {}

  /** Which of a client's three kinds of subscription a command works on. */
  private enum Kind {
    CHANNEL,
    PATTERN,
    SHARD;

    boolean add(PubSub pubsub, ClientSession client, byte[] name) {
      return switch (this) {
        case CHANNEL -> pubsub.subscribe(client, name);
        case PATTERN -> pubsub.psubscribe(client, name);
        case SHARD -> pubsub.ssubscribe(client, name);
      };
    }

    boolean remove(PubSub pubsub, ClientSession client, byte[] name) {
      return switch (this) {
        case CHANNEL -> pubsub.unsubscribe(client, name);
        case PATTERN -> pubsub.punsubscribe(client, name);
        case SHARD -> pubsub.sunsubscribe(client, name);
      };
    }

    List<byte[]> current(PubSub pubsub, ClientSession client) {
      return switch (this) {
        case CHANNEL -> pubsub.channelsOf(client);
        case PATTERN -> pubsub.patternsOf(client);
        case SHARD -> pubsub.shardChannelsOf(client);
      };
    }

    int count(ClientSession client) {
      return this == SHARD ? client.subscriptions().shardCount() : client.subscriptions().count();
    }
  }

  public static void register(CommandTable.Builder table) {
    table.add(
        command("subscribe", -2)
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .group(CommandGroup.PUBSUB)
            .docs(
                "Listen for messages published to the given channels",
                "2.0.0",
                "O(N) where N is the number of channels to subscribe to.")
            .arguments(string("channel").multiple())
            .handler(call -> subscribe(call, Kind.CHANNEL, SUBSCRIBE)));
    table.add(
        command("unsubscribe", -1)
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .group(CommandGroup.PUBSUB)
            .docs(
                "Stop listening for messages posted to the given channels",
                "2.0.0",
                "O(N) where N is the number of clients already subscribed to a channel.")
            .arguments(string("channel").optional().multiple())
            .handler(call -> unsubscribe(call, Kind.CHANNEL, UNSUBSCRIBE)));
    table.add(
        command("psubscribe", -2)
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .group(CommandGroup.PUBSUB)
            .docs(
                "Listen for messages published to channels matching the given patterns",
                "2.0.0",
                "O(N) where N is the number of patterns the client is already subscribed to.")
            .arguments(block("pattern", pattern("pattern")).multiple())
            .handler(call -> subscribe(call, Kind.PATTERN, PSUBSCRIBE)));
    table.add(
        command("punsubscribe", -1)
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .group(CommandGroup.PUBSUB)
            .docs(
                "Stop listening for messages posted to channels matching the given patterns",
                "2.0.0",
                "O(N+M) where N is the number of patterns the client is already subscribed and M is"
                    + " the number of total patterns subscribed in the system (by any client).")
            .arguments(pattern("pattern").optional().multiple())
            .handler(call -> unsubscribe(call, Kind.PATTERN, PUNSUBSCRIBE)));
    table.add(
        command("ssubscribe", -2)
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .group(CommandGroup.PUBSUB)
            .docs(
                "Listen for messages published to the given shard channels",
                "7.0.0",
                "O(N) where N is the number of shard channels to subscribe to.")
            .keys(1, -1, 1)
            .keySpecs(KeySpec.index(1).flags(KeySpec.Flag.NOT_KEY).range(-1, 1, 0))
            .arguments(string("shardchannel").multiple())
            .handler(call -> subscribe(call, Kind.SHARD, SSUBSCRIBE)));
    table.add(
        command("sunsubscribe", -1)
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .group(CommandGroup.PUBSUB)
            .docs(
                "Stop listening for messages posted to the given shard channels",
                "7.0.0",
                "O(N) where N is the number of clients already subscribed to a shard channel.")
            .keys(1, -1, 1)
            .keySpecs(KeySpec.index(1).flags(KeySpec.Flag.NOT_KEY).range(-1, 1, 0))
            .arguments(string("shardchannel").optional().multiple())
            .handler(call -> unsubscribe(call, Kind.SHARD, SUNSUBSCRIBE)));
    table.add(
        command("publish", 3)
            .flags(PUBSUB, LOADING, STALE, FAST)
            .group(CommandGroup.PUBSUB)
            .docs(
                "Post a message to a channel",
                "2.0.0",
                "O(N+M) where N is the number of clients subscribed to the receiving channel and M"
                    + " is the total number of subscribed patterns (by any client).")
            .arguments(string("channel"), string("message"))
            .handler(
                call ->
                    call.reply()
                        .integer(call.engine().pubsub().publish(call.arg(1), call.arg(2)))));
    table.add(
        command("spublish", 3)
            .flags(PUBSUB, LOADING, STALE, FAST)
            .group(CommandGroup.PUBSUB)
            .docs(
                "Post a message to a shard channel",
                "7.0.0",
                "O(N) where N is the number of clients subscribed to the receiving shard channel.")
            .keys(1, 1, 1)
            .keySpecs(KeySpec.index(1).flags(KeySpec.Flag.NOT_KEY))
            .arguments(string("shardchannel"), string("message"))
            .handler(
                call ->
                    call.reply()
                        .integer(call.engine().pubsub().spublish(call.arg(1), call.arg(2)))));
    table.add(
        command("pubsub", -2)
            .group(CommandGroup.PUBSUB)
            .docs("A container for Pub/Sub commands", "2.8.0", "Depends on subcommand.")
            .subcommand(
                command("channels", -2)
                    .flags(PUBSUB, LOADING, STALE)
                    .docs(
                        "List active channels",
                        "2.8.0",
                        "O(N) where N is the number of active channels, and assuming constant time"
                            + " pattern matching (relatively short channels and patterns)")
                    .arguments(pattern("pattern").optional())
                    .handler(call -> channels(call, false)))
            .subcommand(
                command("numsub", -2)
                    .flags(PUBSUB, LOADING, STALE)
                    .docs(
                        "Get the count of subscribers for channels",
                        "2.8.0",
                        "O(N) for the NUMSUB subcommand, where N is the number of requested"
                            + " channels")
                    .arguments(string("channel").optional().multiple())
                    .handler(call -> numsub(call, false)))
            .subcommand(
                command("numpat", 2)
                    .flags(PUBSUB, LOADING, STALE)
                    .docs("Get the count of unique patterns pattern subscriptions", "2.8.0", "O(1)")
                    .handler(call -> call.reply().integer(call.engine().pubsub().patternCount())))
            .subcommand(
                command("shardchannels", -2)
                    .flags(PUBSUB, LOADING, STALE)
                    .docs(
                        "List active shard channels",
                        "7.0.0",
                        "O(N) where N is the number of active shard channels, and assuming constant"
                            + " time pattern matching (relatively short shard channels).")
                    .arguments(pattern("pattern").optional())
                    .handler(call -> channels(call, true)))
            .subcommand(
                command("shardnumsub", -2)
                    .flags(PUBSUB, LOADING, STALE)
                    .docs(
                        "Get the count of subscribers for shard channels",
                        "7.0.0",
                        "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested"
                            + " shard channels")
                    .arguments(string("shardchannel").optional().multiple())
                    .handler(call -> numsub(call, true)))
            .subcommand(
                command("help", 2)
                    .flags(LOADING, STALE)
                    .docs("Show helpful text about the different subcommands", "6.2.0", "O(1)")
                    .handler(PubSubCommands::help)));
  }

  private static void subscribe(Invocation call, Kind kind, byte[] confirmation) {
    PubSub pubsub = call.engine().pubsub();
    ClientSession client = call.session();
    for (int i = 1; i < call.argc(); i++) {
      kind.add(pubsub, client, call.arg(i));
      confirm(call.reply(), confirmation, call.arg(i), kind.count(client));
    }
  }

  /**
   * The named subscriptions, or without names every one the client has, each confirmed; with none
   * at all, one confirmation with a null name.
   */
  private static void unsubscribe(Invocation call, Kind kind, byte[] confirmation) {
    PubSub pubsub = call.engine().pubsub();
    ClientSession client = call.session();
    if (call.argc() > 1) {
      for (int i = 1; i < call.argc(); i++) {
        kind.remove(pubsub, client, call.arg(i));
        confirm(call.reply(), confirmation, call.arg(i), kind.count(client));
      }
      return;
    }
    List<byte[]> names = kind.current(pubsub, client);
    if (names.isEmpty()) {
      confirm(call.reply(), confirmation, null, kind.count(client));
      return;
    }
    for (byte[] name : names) {
      kind.remove(pubsub, client, name);
      confirm(call.reply(), confirmation, name, kind.count(client));
    }
  }

  private static void confirm(ReplySink reply, byte[] what, byte[] name, int count) {
    reply.pushHeader(3);
    reply.bulk(what);
    if (name == null) {
      reply.nullBulk();
    } else {
      reply.bulk(name);
    }
    reply.integer(count);
  }

  /** CHANNELS [pattern] and SHARDCHANNELS [pattern]; Redis parses the arity itself. */
  private static void channels(Invocation call, boolean shard) {
    if (call.argc() > 3) {
      throw new CommandException(Errors.subcommandSyntax(call.argString(1), call.argString(0)));
    }
    byte[] pattern = call.argc() == 3 ? call.arg(2) : null;
    PubSub pubsub = call.engine().pubsub();
    List<byte[]> names =
        shard ? pubsub.activeShardChannels(pattern) : pubsub.activeChannels(pattern);
    call.reply().arrayHeader(names.size());
    for (byte[] name : names) {
      call.reply().bulk(name);
    }
  }

  /** NUMSUB and SHARDNUMSUB: a flat array of name, count pairs, patterns not counted. */
  private static void numsub(Invocation call, boolean shard) {
    PubSub pubsub = call.engine().pubsub();
    call.reply().arrayHeader((call.argc() - 2) * 2);
    for (int i = 2; i < call.argc(); i++) {
      call.reply().bulk(call.arg(i));
      call.reply()
          .integer(
              shard
                  ? pubsub.shardSubscriberCount(call.arg(i))
                  : pubsub.subscriberCount(call.arg(i)));
    }
  }

  private static void help(Invocation call) {
    HelpReply.write(
        call,
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default:"
            + " '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
