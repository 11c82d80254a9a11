package io.redstone.storage.connection;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.ADMIN;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;

import io.redstone.storage.ClientPause;
import io.redstone.storage.ClientSession;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.HelpReply;
import io.redstone.storage.command.Invocation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CLIENT and its subcommands: ID, SETNAME, GETNAME, LIST, INFO, SETINFO, KILL, NO-EVICT, NO-TOUCH,
 * PAUSE, UNPAUSE, UNBLOCK, REPLY, HELP, and the client-side caching ones of {@link
 * TrackingCommands}. Sessions come from the engine's client registry; a session that is closing is
 * already gone as far as these commands can tell.
 */
public final class ClientCommands {
  private ClientCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        command("client", -2)
            .group(CommandGroup.CONNECTION)
            .docs("A container for client connection commands", "2.4.0", "Depends on subcommand.")
            .subcommand(
                command("id", 2)
                    .flags(NOSCRIPT, LOADING, STALE)
                    .docs("Returns the client ID for the current connection", "5.0.0", "O(1)")
                    .handler(call -> call.reply().integer(call.session().id())))
            .subcommand(
                command("setname", 3)
                    .flags(NOSCRIPT, LOADING, STALE)
                    .docs("Set the current connection name", "2.6.9", "O(1)")
                    .arguments(string("connection-name"))
                    .handler(ClientCommands::setName))
            .subcommand(
                command("getname", 2)
                    .flags(NOSCRIPT, LOADING, STALE)
                    .docs("Get the current connection name", "2.6.9", "O(1)")
                    .handler(ClientCommands::getName))
            .subcommand(
                command("list", -2)
                    .flags(ADMIN, NOSCRIPT, LOADING, STALE)
                    .docs(
                        "Get the list of client connections",
                        "2.4.0",
                        "O(N) where N is the number of client connections")
                    .history("2.8.12", "Added unique client `id` field.")
                    .history("5.0.0", "Added optional `TYPE` filter.")
                    .history("6.0.0", "Added `user` field.")
                    .history(
                        "6.2.0",
                        "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional"
                            + " `ID` filter.")
                    .history("7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields.")
                    .history("7.0.3", "Added `ssub` field.")
                    .tips("nondeterministic_output")
                    .arguments(
                        oneOf(
                                "normal_master_replica_pubsub",
                                pureToken("normal", "NORMAL"),
                                pureToken("master", "MASTER"),
                                pureToken("replica", "REPLICA"),
                                pureToken("pubsub", "PUBSUB"))
                            .token("TYPE")
                            .since("5.0.0")
                            .optional(),
                        block("id", integer("client-id").multiple())
                            .token("ID")
                            .since("6.2.0")
                            .optional())
                    .handler(ClientCommands::list))
            .subcommand(
                command("info", 2)
                    .flags(NOSCRIPT, LOADING, STALE)
                    .docs(
                        "Returns information about the current client connection.", "6.2.0", "O(1)")
                    .tips("nondeterministic_output")
                    .handler(ClientCommands::info))
            .subcommand(
                command("setinfo", 4)
                    .flags(NOSCRIPT, LOADING, STALE)
                    // Redis 7.2's docs: the command is not in 7.0, and client libraries send it.
                    .docs("Sets information specific to the client or connection.", "7.2.0", "O(1)")
                    .arguments(
                        oneOf(
                            "attr",
                            string("libname").token("lib-name"),
                            string("libver").token("lib-ver")))
                    .handler(ClientCommands::setInfo))
            .subcommand(
                command("kill", -3)
                    .flags(ADMIN, NOSCRIPT, LOADING, STALE)
                    .docs(
                        "Kill the connection of a client",
                        "2.4.0",
                        "O(N) where N is the number of client connections")
                    .history("2.8.12", "Added new filter format.")
                    .history("2.8.12", "`ID` option.")
                    .history("3.2.0", "Added `master` type in for `TYPE` option.")
                    .history(
                        "5.0.0",
                        "Replaced `slave` `TYPE` with `replica`. `slave` still supported for"
                            + " backward compatibility.")
                    .history("6.2.0", "`LADDR` option.")
                    .arguments(
                        oneOf(
                            "filter",
                            string("ip:port").deprecatedSince("2.8.12"),
                            oneOf(
                                    "new-format",
                                    integer("client-id").token("ID").since("2.8.12").optional(),
                                    oneOf(
                                            "normal_master_slave_pubsub",
                                            pureToken("normal", "NORMAL"),
                                            pureToken("master", "MASTER").since("3.2.0"),
                                            pureToken("slave", "SLAVE"),
                                            pureToken("replica", "REPLICA").since("5.0.0"),
                                            pureToken("pubsub", "PUBSUB"))
                                        .token("TYPE")
                                        .since("2.8.12")
                                        .optional(),
                                    string("username").token("USER").optional(),
                                    string("ip:port").token("ADDR").optional(),
                                    string("ip:port").token("LADDR").since("6.2.0").optional(),
                                    string("yes/no").token("SKIPME").optional())
                                .multiple()))
                    .handler(ClientCommands::kill))
            .subcommand(
                command("no-evict", 3)
                    .flags(ADMIN, NOSCRIPT, LOADING, STALE)
                    .docs("Set client eviction mode for the current connection", "7.0.0", "O(1)")
                    .arguments(oneOf("enabled", pureToken("on", "ON"), pureToken("off", "OFF")))
                    .handler(
                        call -> {
                          call.session().noEvict(onOff(call));
                          call.reply().ok();
                        }))
            .subcommand(
                command("no-touch", 3)
                    .flags(NOSCRIPT, LOADING, STALE)
                    // Redis 7.2's docs: the command is not in 7.0.
                    .docs(
                        "Controls whether commands sent by the client affect the LRU/LFU of"
                            + " accessed keys.",
                        "7.2.0",
                        "O(1)")
                    .arguments(oneOf("enabled", pureToken("on", "ON"), pureToken("off", "OFF")))
                    .handler(
                        call -> {
                          call.session().noTouch(onOff(call));
                          call.reply().ok();
                        }))
            .subcommand(
                command("pause", -3)
                    .flags(ADMIN, NOSCRIPT, LOADING, STALE)
                    .docs("Stop processing commands from clients for some time", "2.9.50", "O(1)")
                    .history(
                        "6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option.")
                    .arguments(
                        integer("timeout"),
                        oneOf("mode", pureToken("write", "WRITE"), pureToken("all", "ALL"))
                            .since("6.2.0")
                            .optional())
                    .handler(ClientCommands::pause))
            .subcommand(
                command("unpause", 2)
                    .flags(ADMIN, NOSCRIPT, LOADING, STALE)
                    .docs(
                        "Resume processing of clients that were paused",
                        "6.2.0",
                        "O(N) Where N is the number of paused clients")
                    .handler(
                        call -> {
                          call.engine().pause().unpause();
                          call.reply().ok();
                        }))
            .subcommand(
                command("unblock", -3)
                    .flags(ADMIN, NOSCRIPT, LOADING, STALE)
                    .docs(
                        "Unblock a client blocked in a blocking command from a different connection",
                        "5.0.0",
                        "O(log N) where N is the number of client connections")
                    .arguments(
                        integer("client-id"),
                        oneOf(
                                "timeout_error",
                                pureToken("timeout", "TIMEOUT"),
                                pureToken("error", "ERROR"))
                            .optional())
                    .handler(ClientCommands::unblock))
            .subcommand(TrackingCommands.tracking())
            .subcommand(TrackingCommands.caching())
            .subcommand(TrackingCommands.getRedir())
            .subcommand(TrackingCommands.trackingInfo())
            .subcommand(
                command("reply", 3)
                    .flags(NOSCRIPT, LOADING, STALE)
                    .docs("Instruct the server whether to reply to commands", "3.2.0", "O(1)")
                    .arguments(
                        oneOf(
                            "on_off_skip",
                            pureToken("on", "ON"),
                            pureToken("off", "OFF"),
                            pureToken("skip", "SKIP")))
                    .handler(ClientCommands::reply))
            .subcommand(
                command("help", 2)
                    .flags(LOADING, STALE)
                    .docs("Show helpful text about the different subcommands", "5.0.0", "O(1)")
                    .handler(ClientCommands::help)));
  }

  /**
   * REPLY ON|OFF|SKIP: ON answers +OK; OFF and SKIP answer nothing (their own reply is the first
   * one dropped). The engine drops the replies; pushes still reach the client.
   */
  private static void reply(Invocation call) {
    if (call.argIs(2, "ON")) {
      call.session().replies().on();
      call.reply().ok();
    } else if (call.argIs(2, "OFF")) {
      call.session().replies().off();
    } else if (call.argIs(2, "SKIP")) {
      call.session().replies().skipNext();
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
  }

  /** An empty name clears it, as in Redis. */
  private static void setName(Invocation call) {
    byte[] name = call.arg(2);
    if (!ClientNames.valid(name)) {
      throw new CommandException(Errors.INVALID_CLIENT_NAME);
    }
    call.session().name(new String(name, StandardCharsets.US_ASCII));
    call.reply().ok();
  }

  private static void getName(Invocation call) {
    String name = call.session().name();
    if (name.isEmpty()) {
      call.reply().nullBulk();
    } else {
      call.reply().bulk(name);
    }
  }

  /** LIST, LIST TYPE type, or LIST ID id [id ...]; never both filters. */
  private static void list(Invocation call) {
    List<ClientSession> clients = new ArrayList<>();
    if (call.argc() == 2) {
      for (ClientSession client : call.engine().clients().all()) {
        if (visible(call, client)) {
          clients.add(client);
        }
      }
    } else if (call.argc() == 4 && call.argIs(2, "TYPE")) {
      ClientType type = ClientType.parse(call.argString(3));
      for (ClientSession client : call.engine().clients().all()) {
        if (visible(call, client) && ClientType.of(client) == type) {
          clients.add(client);
        }
      }
    } else if (call.argc() >= 4 && call.argIs(2, "ID")) {
      long[] ids = new long[call.argc() - 3];
      for (int i = 3; i < call.argc(); i++) {
        ids[i - 3] = call.argLong(i, Errors.INVALID_CLIENT_ID);
      }
      for (long id : ids) {
        ClientSession client = call.engine().clients().get(id);
        if (client != null && visible(call, client)) {
          clients.add(client);
        }
      }
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    StringBuilder text = new StringBuilder();
    for (ClientSession client : clients) {
      text.append(line(call, client)).append('\n');
    }
    call.reply().verbatim("txt", text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void info(Invocation call) {
    String text = line(call, call.session()) + "\n";
    call.reply().verbatim("txt", text.getBytes(StandardCharsets.UTF_8));
  }

  private static String line(Invocation call, ClientSession client) {
    long argvBytes = 0;
    if (client == call.session()) {
      for (byte[] arg : call.argv()) {
        argvBytes += arg.length;
      }
    }
    return ClientInfoLine.format(client, call.now(), argvBytes);
  }

  /** A client that QUIT or was killed is gone, though its connection may not be closed yet. */
  private static boolean visible(Invocation call, ClientSession client) {
    return client == call.session() || !client.closing();
  }

  /** SETINFO LIB-NAME|LIB-VER value (Redis 7.2): the value must be printable without spaces. */
  private static void setInfo(Invocation call) {
    boolean isName = call.argIs(2, "LIB-NAME");
    if (!isName && !call.argIs(2, "LIB-VER")) {
      throw new CommandException(Errors.unrecognizedOption(call.argString(2)));
    }
    byte[] value = call.arg(3);
    if (!ClientNames.valid(value)) {
      throw new CommandException(Errors.invalidClientAttribute(call.argString(2)));
    }
    String text = new String(value, StandardCharsets.US_ASCII);
    if (isName) {
      call.session().libName(text);
    } else {
      call.session().libVersion(text);
    }
    call.reply().ok();
  }

  /**
   * KILL addr (the old form: +OK or an error) or KILL filter value [filter value ...] (the count
   * killed; the caller is spared unless SKIPME no). A killed client's connection closes once the
   * replies already produced for it are written.
   */
  private static void kill(Invocation call) {
    if (call.argc() == 3) {
      String address = call.argString(2);
      for (ClientSession client : snapshot(call)) {
        if (!client.closing() && client.address().equals(address)) {
          client.close();
          call.reply().ok();
          return;
        }
      }
      throw new CommandException(Errors.NO_SUCH_CLIENT);
    }
    KillFilter filter = KillFilter.parse(call);
    int killed = 0;
    for (ClientSession client : snapshot(call)) {
      if (!client.closing() && filter.matches(client, call.session())) {
        client.close();
        killed++;
      }
    }
    call.reply().integer(killed);
  }

  /** A copy, so that a front end which unregisters on close cannot disturb the iteration. */
  private static List<ClientSession> snapshot(Invocation call) {
    return new ArrayList<>(call.engine().clients().all());
  }

  /** The filters of CLIENT KILL's new form; each given filter must match. */
  private record KillFilter(
      long id, ClientType type, String address, String localAddress, boolean skipMe) {

    static KillFilter parse(Invocation call) {
      long id = 0;
      ClientType type = null;
      String address = null;
      String localAddress = null;
      boolean skipMe = true;
      for (int i = 2; i < call.argc(); i += 2) {
        boolean hasValue = i + 1 < call.argc();
        if (hasValue && call.argIs(i, "ID")) {
          id = call.argLong(i + 1, Errors.CLIENT_ID_NOT_POSITIVE);
          if (id <= 0) {
            throw new CommandException(Errors.CLIENT_ID_NOT_POSITIVE);
          }
        } else if (hasValue && call.argIs(i, "TYPE")) {
          type = ClientType.parse(call.argString(i + 1));
        } else if (hasValue && call.argIs(i, "ADDR")) {
          address = call.argString(i + 1);
        } else if (hasValue && call.argIs(i, "LADDR")) {
          localAddress = call.argString(i + 1);
        } else if (hasValue && call.argIs(i, "USER")) {
          // Only the default user exists, and every client is authenticated as it.
          if (!call.argString(i + 1).equals("default")) {
            throw new CommandException(Errors.noSuchUser(call.argString(i + 1)));
          }
        } else if (hasValue && call.argIs(i, "SKIPME")) {
          if (call.argIs(i + 1, "YES")) {
            skipMe = true;
          } else if (call.argIs(i + 1, "NO")) {
            skipMe = false;
          } else {
            throw new CommandException(Errors.SYNTAX);
          }
        } else {
          throw new CommandException(Errors.SYNTAX);
        }
      }
      return new KillFilter(id, type, address, localAddress, skipMe);
    }

    boolean matches(ClientSession client, ClientSession caller) {
      return (id == 0 || client.id() == id)
          && (type == null || type == ClientType.of(client))
          && (address == null || client.address().equals(address))
          && (localAddress == null || client.localAddress().equals(localAddress))
          && !(skipMe && client == caller);
    }
  }

  /** Client types of TYPE filters: pubsub while subscribed, else normal (no replication yet). */
  private enum ClientType {
    NORMAL,
    MASTER,
    REPLICA,
    PUBSUB;

    static ClientType of(ClientSession client) {
      return client.subscribed() ? PUBSUB : NORMAL;
    }

    static ClientType parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "normal" -> NORMAL;
        case "master" -> MASTER;
        case "replica", "slave" -> REPLICA;
        case "pubsub" -> PUBSUB;
        default -> throw new CommandException(Errors.unknownClientType(name));
      };
    }
  }

  /** ON or OFF, the switch of NO-EVICT and NO-TOUCH. */
  private static boolean onOff(Invocation call) {
    if (call.argIs(2, "ON")) {
      return true;
    }
    if (call.argIs(2, "OFF")) {
      return false;
    }
    throw new CommandException(Errors.SYNTAX);
  }

  /**
   * PAUSE timeout [WRITE|ALL]: commands then wait (they are not refused) until the timeout or
   * UNPAUSE; the front end holds them. A pause in force is only ever made stricter or longer.
   */
  /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if the client was blocked and is now answered. */
  private static void unblock(Invocation call) {
    long id = call.argLong(2);
    boolean withError = false;
    if (call.argc() == 4) {
      if (call.argIs(3, "error")) {
        withError = true;
      } else if (!call.argIs(3, "timeout")) {
        throw new CommandException(Errors.UNBLOCK_REASON);
      }
    } else if (call.argc() > 4) {
      throw new CommandException(Errors.subcommandSyntax(call.argString(1), call.argString(0)));
    }
    call.reply().integer(call.engine().unblock(id, withError) ? 1 : 0);
  }

  private static void pause(Invocation call) {
    long timeout = call.argLong(2, Errors.NOT_POSITIVE_TIMEOUT);
    if (timeout < 0) {
      throw new CommandException(Errors.NEGATIVE_TIMEOUT);
    }
    if (call.argc() > 4) {
      throw new CommandException(Errors.subcommandSyntax(call.argString(1), call.argString(0)));
    }
    ClientPause.Mode mode = ClientPause.Mode.ALL;
    if (call.argc() == 4) {
      if (call.argIs(3, "WRITE")) {
        mode = ClientPause.Mode.WRITE;
      } else if (!call.argIs(3, "ALL")) {
        throw new CommandException(Errors.PAUSE_MODE);
      }
    }
    long until = timeout > Long.MAX_VALUE - call.now() ? Long.MAX_VALUE : call.now() + timeout;
    call.engine().pause().pause(mode, until);
    call.reply().ok();
  }

  private static void help(Invocation call) {
    HelpReply.write(
        call,
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are:",
        "    * LIB-NAME: the client lib name.",
        "    * LIB-VER: the client lib version.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        "NO-TOUCH (ON|OFF)",
        "    Will not touch LRU/LFU stats when this mode is on.");
  }
}
