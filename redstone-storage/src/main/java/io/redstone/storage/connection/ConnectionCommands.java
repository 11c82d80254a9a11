package io.redstone.storage.connection;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.ALLOW_BUSY;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.NO_AUTH;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;

import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Connection commands: PING, ECHO, QUIT, HELLO, SELECT, AUTH, RESET.
 *
 * <p>Authentication is Redis's without ACL files: only the {@code default} user exists. Without
 * {@code requirepass} it has {@code nopass} and every client starts authenticated; with it, clients
 * must AUTH (or HELLO AUTH) with that password before any other command.
 */
public final class ConnectionCommands {
  private static final String DEFAULT_USER = "default";

  private ConnectionCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        command("ping", -1)
            .flags(FAST)
            .group(CommandGroup.CONNECTION)
            .docs("Ping the server", "1.0.0", "O(1)")
            .tips("request_policy:all_shards", "response_policy:all_succeeded")
            .arguments(string("message").optional())
            .handler(ConnectionCommands::ping));
    table.add(
        command("echo", 2)
            .flags(LOADING, STALE, FAST)
            .group(CommandGroup.CONNECTION)
            .docs("Echo the given string", "1.0.0", "O(1)")
            .arguments(string("message"))
            .handler(call -> call.reply().bulk(call.arg(1))));
    table.add(
        command("quit", -1)
            .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
            .group(CommandGroup.CONNECTION)
            .docs("Close the connection", "1.0.0", "O(1)")
            .handler(ConnectionCommands::quit));
    table.add(
        command("hello", -1)
            .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
            .group(CommandGroup.CONNECTION)
            .docs("Handshake with Redis", "6.0.0", "O(1)")
            .history(
                "6.2.0",
                "`protover` made optional; when called without arguments the command reports the"
                    + " current connection's context.")
            .arguments(
                block(
                        "arguments",
                        integer("protover"),
                        block("username_password", string("username"), string("password"))
                            .token("AUTH")
                            .optional(),
                        string("clientname").token("SETNAME").optional())
                    .optional())
            .handler(ConnectionCommands::hello));
    table.add(
        command("select", 2)
            .flags(LOADING, STALE, FAST)
            .group(CommandGroup.CONNECTION)
            .docs("Change the selected database for the current connection", "1.0.0", "O(1)")
            .arguments(integer("index"))
            .handler(ConnectionCommands::select));
    table.add(
        command("auth", -2)
            .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
            .group(CommandGroup.CONNECTION)
            .docs(
                "Authenticate to the server",
                "1.0.0",
                "O(N) where N is the number of passwords defined for the user")
            .history("6.0.0", "Added ACL style (username and password).")
            .arguments(string("username").since("6.0.0").optional(), string("password"))
            .handler(ConnectionCommands::auth));
    table.add(
        command("reset", 1)
            .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
            .group(CommandGroup.CONNECTION)
            .docs("Reset the connection", "6.2.0", "O(1)")
            .handler(ConnectionCommands::reset));
  }

  private static void ping(Invocation call) {
    if (call.argc() > 2) {
      throw new CommandException(Errors.wrongArity("ping"));
    }
    if (call.session().protocol() == 2 && call.session().subscribed()) {
      // A RESP2 subscriber reads every reply as a message: Redis answers in that shape.
      call.reply().arrayHeader(2);
      call.reply().bulk("pong");
      call.reply().bulk(call.argc() == 2 ? call.arg(1) : new byte[0]);
    } else if (call.argc() == 2) {
      call.reply().bulk(call.arg(1));
    } else {
      call.reply().simpleString("PONG");
    }
  }

  /** Answers, then asks the front end to close once this reply has been written. */
  private static void quit(Invocation call) {
    call.reply().ok();
    call.session().close();
  }

  /**
   * HELLO [protover [AUTH user pass] [SETNAME name]]. The options are parsed first; then, in
   * Redis's order, AUTH is tried (an unauthenticated client may send nothing else), the name is
   * checked, and only then does anything change. The protocol switch applies to this reply.
   */
  private static void hello(Invocation call) {
    int protocol = 0;
    int next = 1;
    if (call.argc() >= 2) {
      long version = call.argLong(1, Errors.PROTOCOL_NOT_INTEGER);
      if (version < 2 || version > 3) {
        throw new CommandException(Errors.NOPROTO);
      }
      protocol = (int) version;
      next = 2;
    }
    byte[] user = null;
    byte[] password = null;
    byte[] name = null;
    for (int i = next; i < call.argc(); i++) {
      int more = call.argc() - 1 - i;
      if (call.argIs(i, "AUTH") && more >= 2) {
        user = call.arg(i + 1);
        password = call.arg(i + 2);
        i += 2;
      } else if (call.argIs(i, "SETNAME") && more >= 1) {
        name = call.arg(i + 1);
        i++;
      } else {
        throw new CommandException(Errors.helloSyntax(call.argString(i)));
      }
    }
    ClientSession session = call.session();
    if (user != null) {
      authenticate(call, user, password);
    } else if (!session.authenticated()) {
      throw new CommandException(Errors.HELLO_NOAUTH);
    }
    if (name != null && !ClientNames.valid(name)) {
      throw new CommandException(Errors.INVALID_CLIENT_NAME);
    }
    if (name != null) {
      session.name(new String(name, StandardCharsets.US_ASCII));
    }
    if (protocol != 0) {
      session.protocol(protocol);
      call.reply().protocol(protocol);
    }
    call.reply().mapHeader(7);
    call.reply().bulk("server");
    call.reply().bulk("redis");
    call.reply().bulk("version");
    call.reply().bulk(Engine.REDIS_VERSION);
    call.reply().bulk("proto");
    call.reply().integer(session.protocol());
    call.reply().bulk("id");
    call.reply().integer(session.id());
    call.reply().bulk("mode");
    call.reply().bulk("standalone");
    call.reply().bulk("role");
    call.reply().bulk("master");
    call.reply().bulk("modules");
    call.reply().arrayHeader(0);
  }

  private static void select(Invocation call) {
    long index = call.argLong(1);
    if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
      throw new CommandException(Errors.INT_OUT_OF_RANGE);
    }
    if (index < 0 || index >= call.engine().databaseCount()) {
      throw new CommandException(Errors.DB_INDEX_OUT_OF_RANGE);
    }
    call.session().db((int) index);
    call.reply().ok();
  }

  /**
   * AUTH [username] password. Only the {@code default} user exists: without {@code requirepass} it
   * has nopass and takes any password; with it, the password must match.
   */
  private static void auth(Invocation call) {
    if (call.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    if (call.argc() == 2) {
      if (!call.engine().passwordRequired()) {
        // Redis keeps the old single-password form an error while the default user has nopass.
        throw new CommandException(Errors.AUTH_WITHOUT_PASSWORD);
      }
      authenticate(call, DEFAULT_USER.getBytes(StandardCharsets.US_ASCII), call.arg(1));
    } else {
      authenticate(call, call.arg(1), call.arg(2));
    }
    call.reply().ok();
  }

  private static void authenticate(Invocation call, byte[] user, byte[] password) {
    boolean known = DEFAULT_USER.equals(new String(user, StandardCharsets.UTF_8));
    byte[] required = call.engine().config().get("requirepass").getBytes(StandardCharsets.UTF_8);
    // Compared in constant time, so the reply's timing tells nothing about the password.
    boolean accepted = known && (required.length == 0 || MessageDigest.isEqual(required, password));
    if (!accepted) {
      throw new CommandException(Errors.WRONGPASS);
    }
    call.session().authenticated(true);
  }

  /**
   * Back to a fresh connection's state: database 0, RESP2, no name, no subscriptions, NO-EVICT and
   * NO-TOUCH off (Redis 7.2; 7.0 kept NO-EVICT), out of MULTI with no key watched. The library name
   * and version stay: they describe the client library, which has not changed.
   */
  private static void reset(Invocation call) {
    ClientSession session = call.session();
    // As in Redis, RESET logs the client out when a password is required.
    session.authenticated(!call.engine().passwordRequired());
    session.db(0);
    session.protocol(2);
    call.reply().protocol(2);
    session.name("");
    session.noEvict(false);
    session.noTouch(false);
    call.engine().monitors().remove(session);
    call.engine().pubsub().unsubscribeAll(session);
    call.engine().transactions().discard(session);
    call.engine().tracking().disable(session);
    session.replies().reset();
    call.reply().simpleString("RESET");
  }
}
