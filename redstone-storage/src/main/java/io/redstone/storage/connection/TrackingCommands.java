package io.redstone.storage.connection;

import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;

import io.redstone.protocol.ReplySink;
import io.redstone.protocol.text.Numbers;
import io.redstone.storage.ClientSession;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.tracking.ClientTracking;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client-side caching subcommands of CLIENT: TRACKING, CACHING, GETREDIR, TRACKINGINFO, with
 * Redis 7.0's checks in its order and its error texts. The tables and messages are {@link
 * io.redstone.storage.tracking.Tracking}'s.
 */
final class TrackingCommands {
  static final String REDIRECT_TWICE = "ERR A client can only redirect to a single other client";
  static final String NO_REDIRECT_TARGET = "ERR The client ID you want redirect to does not exist";
  static final String PREFIX_WITHOUT_BCAST = "ERR PREFIX option requires BCAST mode to be enabled";
  static final String BCAST_SWITCH =
      "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then"
          + " re-enabling it with a different mode.";
  static final String OPT_WITH_BCAST = "ERR OPTIN and OPTOUT are not compatible with BCAST";
  static final String OPTIN_AND_OPTOUT = "ERR You can't specify both OPTIN mode and OPTOUT mode";
  static final String OPT_SWITCH =
      "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then"
          + " re-enabling it with a different mode.";
  static final String CACHING_WITHOUT_MODE =
      "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or"
          + " OPTOUT mode enabled";
  static final String CACHING_YES_WITHOUT_OPTIN =
      "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.";
  static final String CACHING_NO_WITHOUT_OPTOUT =
      "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.";

  private TrackingCommands() {}

  static CommandSpec.Builder tracking() {
    return command("tracking", -3)
        .flags(NOSCRIPT, LOADING, STALE)
        .docs(
            "Enable or disable server assisted client side caching support",
            "6.0.0",
            "O(1). Some options may introduce additional complexity.")
        .arguments(
            oneOf("status", pureToken("on", "ON"), pureToken("off", "OFF")),
            integer("client-id").token("REDIRECT").optional(),
            string("prefix").token("PREFIX").optional().multiple().multipleToken(),
            pureToken("bcast", "BCAST").optional(),
            pureToken("optin", "OPTIN").optional(),
            pureToken("optout", "OPTOUT").optional(),
            pureToken("noloop", "NOLOOP").optional())
        .handler(TrackingCommands::tracking);
  }

  static CommandSpec.Builder caching() {
    return command("caching", 3)
        .flags(NOSCRIPT, LOADING, STALE)
        .docs("Instruct the server about tracking or not keys in the next request", "6.0.0", "O(1)")
        .arguments(oneOf("mode", pureToken("yes", "YES"), pureToken("no", "NO")))
        .handler(TrackingCommands::caching);
  }

  static CommandSpec.Builder getRedir() {
    return command("getredir", 2)
        .flags(NOSCRIPT, LOADING, STALE)
        .docs("Get tracking notifications redirection client ID if any", "6.0.0", "O(1)")
        .handler(call -> call.reply().integer(redirectShown(call.session())));
  }

  static CommandSpec.Builder trackingInfo() {
    return command("trackinginfo", 2)
        .flags(NOSCRIPT, LOADING, STALE)
        .docs(
            "Return information about server assisted client side caching for the current"
                + " connection",
            "6.2.0",
            "O(1)")
        .handler(TrackingCommands::trackingInfo);
  }

  /** The redirect as GETREDIR, TRACKINGINFO and CLIENT LIST show it: -1 while not tracking. */
  static long redirectShown(ClientSession session) {
    return session.tracking().on() ? session.tracking().redirect() : -1;
  }

  /**
   * TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]: the options are
   * read first (a bad one is an error even with OFF), then ON is checked against them and against
   * the mode already in force.
   */
  private static void tracking(Invocation call) {
    long redirect = 0;
    boolean bcast = false;
    boolean optIn = false;
    boolean optOut = false;
    boolean noLoop = false;
    List<byte[]> prefixes = new ArrayList<>();
    for (int i = 3; i < call.argc(); i++) {
      boolean more = i + 1 < call.argc();
      if (more && call.argIs(i, "REDIRECT")) {
        i++;
        if (redirect != 0) {
          throw new CommandException(REDIRECT_TWICE);
        }
        if (!Numbers.isLong(call.arg(i))) {
          throw new CommandException(Errors.NOT_INTEGER);
        }
        redirect = Numbers.parseLong(call.arg(i));
        if (call.engine().clients().get(redirect) == null) {
          throw new CommandException(NO_REDIRECT_TARGET);
        }
      } else if (call.argIs(i, "BCAST")) {
        bcast = true;
      } else if (call.argIs(i, "OPTIN")) {
        optIn = true;
      } else if (call.argIs(i, "OPTOUT")) {
        optOut = true;
      } else if (call.argIs(i, "NOLOOP")) {
        noLoop = true;
      } else if (more && call.argIs(i, "PREFIX")) {
        i++;
        prefixes.add(call.arg(i));
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    ClientSession session = call.session();
    if (call.argIs(2, "ON")) {
      ClientTracking state = session.tracking();
      if (!bcast && !prefixes.isEmpty()) {
        throw new CommandException(PREFIX_WITHOUT_BCAST);
      }
      if (state.on() && state.bcast() != bcast) {
        throw new CommandException(BCAST_SWITCH);
      }
      if (bcast && (optIn || optOut)) {
        throw new CommandException(OPT_WITH_BCAST);
      }
      if (optIn && optOut) {
        throw new CommandException(OPTIN_AND_OPTOUT);
      }
      if ((optIn && state.optOut()) || (optOut && state.optIn())) {
        throw new CommandException(OPT_SWITCH);
      }
      if (bcast) {
        checkPrefixCollisions(state, prefixes);
      }
      call.engine().tracking().enable(session, redirect, bcast, optIn, optOut, noLoop, prefixes);
    } else if (call.argIs(2, "OFF")) {
      call.engine().tracking().disable(session);
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    call.reply().ok();
  }

  /**
   * As Redis: no new prefix may be a prefix of, or have as prefix, one the client has or another
   * new one (one key would be announced twice).
   */
  private static void checkPrefixCollisions(ClientTracking state, List<byte[]> prefixes) {
    for (int i = 0; i < prefixes.size(); i++) {
      byte[] prefix = prefixes.get(i);
      for (byte[] existing : state.prefixes()) {
        if (overlap(existing, prefix)) {
          throw new CommandException(
              "ERR Prefix '"
                  + text(prefix)
                  + "' overlaps with an existing prefix '"
                  + text(existing)
                  + "'. Prefixes for a single client must not overlap.");
        }
      }
      for (int j = i + 1; j < prefixes.size(); j++) {
        if (overlap(prefix, prefixes.get(j))) {
          // Redis 7.0 answers this error and then, for all but the first prefix, +OK as well: only
          // the error is answered here, and tracking stays as it was.
          throw new CommandException(
              "ERR Prefix '"
                  + text(prefix)
                  + "' overlaps with another provided prefix '"
                  + text(prefixes.get(j))
                  + "'. Prefixes for a single client must not overlap.");
        }
      }
    }
  }

  private static boolean overlap(byte[] a, byte[] b) {
    int common = Math.min(a.length, b.length);
    return java.util.Arrays.equals(a, 0, common, b, 0, common);
  }

  /** A prefix as Redis prints it with {@code %s}: up to its first zero byte. */
  private static String text(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  /** CACHING YES (with OPTIN) or NO (with OPTOUT): the next command's reads are (not) tracked. */
  private static void caching(Invocation call) {
    ClientTracking state = call.session().tracking();
    if (!state.on()) {
      throw new CommandException(CACHING_WITHOUT_MODE);
    }
    if (call.argIs(2, "YES")) {
      if (!state.optIn()) {
        throw new CommandException(CACHING_YES_WITHOUT_OPTIN);
      }
    } else if (call.argIs(2, "NO")) {
      if (!state.optOut()) {
        throw new CommandException(CACHING_NO_WITHOUT_OPTOUT);
      }
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    call.engine().tracking().caching(call.session());
    call.reply().ok();
  }

  /** TRACKINGINFO: a map of flags (a set), redirect and prefixes, as Redis 7.0. */
  private static void trackingInfo(Invocation call) {
    ClientSession session = call.session();
    ClientTracking state = session.tracking();
    List<String> flags = new ArrayList<>();
    flags.add(state.on() ? "on" : "off");
    if (state.bcast()) {
      flags.add("bcast");
    }
    if (state.optIn()) {
      flags.add("optin");
      if (state.caching()) {
        flags.add("caching-yes");
      }
    }
    if (state.optOut()) {
      flags.add("optout");
      if (state.caching()) {
        flags.add("caching-no");
      }
    }
    if (state.noLoop()) {
      flags.add("noloop");
    }
    if (state.brokenRedirect()) {
      flags.add("broken_redirect");
    }
    ReplySink reply = call.reply();
    reply.mapHeader(3);
    reply.bulk("flags");
    reply.setHeader(flags.size());
    for (String flag : flags) {
      reply.bulk(flag);
    }
    reply.bulk("redirect");
    reply.integer(redirectShown(session));
    reply.bulk("prefixes");
    reply.arrayHeader(state.prefixes().size());
    for (byte[] prefix : state.prefixes()) {
      reply.bulk(prefix);
    }
  }
}
