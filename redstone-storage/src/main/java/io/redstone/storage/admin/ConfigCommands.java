package io.redstone.storage.admin;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.ADMIN;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;

import io.redstone.config.ConfigFileRewriter;
import io.redstone.config.ConfigRegistry;
import io.redstone.config.ConfigSetException;
import io.redstone.protocol.ReplySink;
import io.redstone.storage.DeferredReply;
import io.redstone.storage.Persistence;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CONFIG GET, SET, RESETSTAT, REWRITE, HELP. */
public final class ConfigCommands {
  private ConfigCommands() {}

  private static final List<String> HELP =
      List.of(
          "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
          "GET <pattern>",
          "    Return parameters matching the glob-like <pattern> and their values.",
          "SET <directive> <value>",
          "    Set the configuration <directive> to <value>.",
          "RESETSTAT",
          "    Reset statistics reported by the INFO command.",
          "REWRITE",
          "    Rewrite the configuration file.",
          "HELP",
          "    Prints this help.");

  public static void register(CommandTable.Builder table) {
    table.add(
        command("config", -2)
            .group(CommandGroup.SERVER)
            .docs(
                "A container for server configuration commands", "2.0.0", "Depends on subcommand.")
            .subcommand(
                command("get", -3)
                    .flags(ADMIN, NOSCRIPT, LOADING, STALE)
                    .docs(
                        "Get the values of configuration parameters",
                        "2.0.0",
                        "O(N) when N is the number of configuration parameters provided")
                    .history(
                        "7.0.0",
                        "Added the ability to pass multiple pattern parameters in one call")
                    .arguments(block("parameter", string("parameter")).multiple())
                    .handler(ConfigCommands::get))
            .subcommand(
                command("set", -4)
                    .flags(ADMIN, NOSCRIPT, LOADING, STALE)
                    .docs(
                        "Set configuration parameters to the given values",
                        "2.0.0",
                        "O(N) when N is the number of configuration parameters provided")
                    .history("7.0.0", "Added the ability to set multiple parameters in one call.")
                    .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                    .arguments(
                        block("parameter_value", string("parameter"), string("value")).multiple())
                    .handler(ConfigCommands::set))
            .subcommand(
                command("resetstat", 2)
                    .flags(ADMIN, NOSCRIPT, LOADING, STALE)
                    .docs("Reset the stats returned by INFO", "2.0.0", "O(1)")
                    .handler(ConfigCommands::resetStat))
            .subcommand(
                command("rewrite", 2)
                    .flags(ADMIN, NOSCRIPT, LOADING, STALE)
                    .docs(
                        "Rewrite the configuration file with the in memory configuration",
                        "2.8.0",
                        "O(1)")
                    .handler(ConfigCommands::rewrite))
            .subcommand(
                command("help", 2)
                    .flags(LOADING, STALE)
                    .docs("Show helpful text about the different subcommands", "5.0.0", "O(1)")
                    .handler(ConfigCommands::help)));
  }

  /** A map of name to value: RESP3 map, RESP2 flat array (redis-cli --stat wants exactly 2). */
  private static void get(Invocation call) {
    List<String> patterns = new ArrayList<>();
    for (int i = 2; i < call.argc(); i++) {
      patterns.add(call.argString(i));
    }
    Map<String, String> matches = call.engine().config().getMatching(patterns);
    call.reply().mapHeader(matches.size());
    for (Map.Entry<String, String> entry : matches.entrySet()) {
      call.reply().bulk(entry.getKey());
      call.reply().bulk(entry.getValue());
    }
  }

  private static void set(Invocation call) {
    if (call.argc() % 2 != 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (int i = 2; i < call.argc(); i += 2) {
      pairs.add(Map.entry(call.argString(i), call.argString(i + 1)));
    }
    ConfigRegistry.ConfigSetChange change;
    try {
      change = call.engine().config().configSet(pairs, call.session().isLocal());
    } catch (ConfigSetException e) {
      throw new CommandException(
          e.unknownOption()
              ? Errors.configSetUnknownOption(e.argument())
              : Errors.configSetFailed(e.argument(), e.reason()));
    }
    Persistence persistence = call.engine().persistence();
    if (!persistence.configApplyPending(change.changed())) {
      call.reply().ok();
      return;
    }
    DeferredReply reply = call.defer();
    persistence.whenConfigApplied(
        failure -> {
          if (failure == null) {
            reply.complete(ReplySink::ok);
            return;
          }
          change.rollBackAllBut(failure.setting());
          reply.complete(
              sink -> sink.error(Errors.configSetFailed(failure.setting(), failure.reason())));
        });
  }

  private static void resetStat(Invocation call) {
    call.engine().stats().reset();
    call.engine().errorStats().reset();
    for (CommandSpec spec : call.engine().commands().all()) {
      spec.stats().reset();
      for (CommandSpec sub : spec.subcommands().values()) {
        sub.stats().reset();
      }
    }
    call.reply().ok();
  }

  private static void rewrite(Invocation call) {
    ConfigRegistry config = call.engine().config();
    if (config.configFile() == null) {
      throw new CommandException(Errors.NO_CONFIG_FILE);
    }
    ConfigFileRewriter rewriter = config.fileRewriter();
    if (rewriter == null) {
      throw new CommandException(Errors.configRewriteFailed("Operation not supported"));
    }
    try {
      rewriter.rewrite();
    } catch (IOException e) {
      throw new CommandException(Errors.configRewriteFailed(String.valueOf(e.getMessage())));
    }
    call.reply().ok();
  }

  private static void help(Invocation call) {
    call.reply().arrayHeader(HELP.size());
    for (String line : HELP) {
      call.reply().simpleString(line);
    }
  }
}
