package io.redstone.storage.admin;

import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pattern;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;

import io.redstone.protocol.text.Glob;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandFlag;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.HelpReply;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeyReference;
import io.redstone.storage.command.KeySearch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * COMMAND and its subcommands (COUNT, INFO, DOCS, GETKEYS, GETKEYSANDFLAGS, LIST, HELP), all read
 * from the one {@link CommandTable}, in Redis 7's reply shapes for RESP2 and RESP3.
 */
public final class IntrospectionCommands {
  private IntrospectionCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        command("command", -1)
            .flags(LOADING, STALE)
            .group(CommandGroup.SERVER)
            .acl("connection")
            .docs(
                "Get array of Redis command details",
                "2.8.13",
                "O(N) where N is the total number of Redis commands")
            .tips("nondeterministic_output_order")
            .handler(IntrospectionCommands::infoOfAll)
            .subcommand(
                sub("count", 2)
                    .docs("Get total number of Redis commands", "2.8.13", "O(1)")
                    .handler(call -> call.reply().integer(call.engine().commands().size())))
            .subcommand(
                sub("info", -2)
                    .docs(
                        "Get array of specific Redis command details, or all when no argument is"
                            + " given.",
                        "2.8.13",
                        "O(N) where N is the number of commands to look up")
                    .history(
                        "7.0.0",
                        "Allowed to be called with no argument to get info on all commands.")
                    .tips("nondeterministic_output_order")
                    .arguments(string("command-name").optional().multiple())
                    .handler(IntrospectionCommands::info))
            .subcommand(
                sub("docs", -2)
                    .docs(
                        "Get array of specific Redis command documentation",
                        "7.0.0",
                        "O(N) where N is the number of commands to look up")
                    .tips("nondeterministic_output_order")
                    .arguments(string("command-name").optional().multiple())
                    .handler(IntrospectionCommands::docs))
            .subcommand(
                sub("getkeys", -4)
                    .docs(
                        "Extract keys given a full Redis command",
                        "2.8.13",
                        "O(N) where N is the number of arguments to the command")
                    .handler(call -> getKeys(call, false)))
            .subcommand(
                sub("getkeysandflags", -4)
                    .docs(
                        "Extract keys and access flags given a full Redis command",
                        "7.0.0",
                        "O(N) where N is the number of arguments to the command")
                    .handler(call -> getKeys(call, true)))
            .subcommand(
                sub("list", -2)
                    .docs(
                        "Get an array of Redis command names",
                        "7.0.0",
                        "O(N) where N is the total number of Redis commands")
                    .tips("nondeterministic_output_order")
                    .arguments(
                        oneOf(
                                "filterby",
                                string("module-name").token("MODULE"),
                                string("category").token("ACLCAT"),
                                pattern("pattern").token("PATTERN"))
                            .token("FILTERBY")
                            .optional())
                    .handler(IntrospectionCommands::list))
            .subcommand(
                sub("help", 2)
                    .docs("Show helpful text about the different subcommands", "5.0.0", "O(1)")
                    .handler(IntrospectionCommands::help)));
  }

  private static CommandSpec.Builder sub(String name, int arity) {
    return command(name, arity).flags(LOADING, STALE).acl("connection");
  }

  /** COMMAND without a subcommand: every command's info, subcommands nested in their container. */
  private static void infoOfAll(Invocation call) {
    CommandTable table = call.engine().commands();
    call.reply().arrayHeader(table.size());
    for (CommandSpec spec : table.all()) {
      CommandDescriptions.writeInfo(call.reply(), spec);
    }
  }

  /** COMMAND INFO [name ...]: a null in the slot of each unknown name. */
  private static void info(Invocation call) {
    if (call.argc() == 2) {
      infoOfAll(call);
      return;
    }
    call.reply().arrayHeader(call.argc() - 2);
    for (int i = 2; i < call.argc(); i++) {
      CommandSpec spec = find(call.engine().commands(), call.argString(i));
      if (spec == null) {
        call.reply().nullBulk();
      } else {
        CommandDescriptions.writeInfo(call.reply(), spec);
      }
    }
  }

  /** COMMAND DOCS [name ...]: a map by name; unknown names are left out. */
  private static void docs(Invocation call) {
    List<CommandSpec> specs = new ArrayList<>();
    if (call.argc() == 2) {
      specs.addAll(call.engine().commands().all());
    } else {
      for (int i = 2; i < call.argc(); i++) {
        CommandSpec spec = find(call.engine().commands(), call.argString(i));
        if (spec != null) {
          specs.add(spec);
        }
      }
    }
    call.reply().mapHeader(specs.size());
    for (CommandSpec spec : specs) {
      call.reply().bulk(spec.fullName());
      CommandDescriptions.writeDocs(call.reply(), spec);
    }
  }

  /** COMMAND GETKEYS / GETKEYSANDFLAGS command [arg ...]. */
  private static void getKeys(Invocation call, boolean withFlags) {
    byte[][] command = Arrays.copyOfRange(call.argv(), 2, call.argc());
    List<KeyReference> keys = keysOf(call.engine().commands(), command);
    call.reply().arrayHeader(keys.size());
    for (KeyReference key : keys) {
      if (withFlags) {
        call.reply().arrayHeader(2);
        call.reply().bulk(command[key.position()]);
        CommandDescriptions.writeKeyFlags(call.reply(), key.flags());
      } else {
        call.reply().bulk(command[key.position()]);
      }
    }
  }

  /**
   * The keys of a whole command line, checked as Redis checks it: a known command (a container
   * needs a known subcommand), one that can have keys, called with an accepted number of arguments,
   * and keys found unless the command's keys are all optional.
   */
  static List<KeyReference> keysOf(CommandTable table, byte[][] command) {
    CommandSpec target = table.lookup(command[0]);
    if (target != null && target.isContainer()) {
      target =
          command.length > 1
              ? target.subcommand(new String(command[1], StandardCharsets.UTF_8))
              : null;
    }
    if (target == null) {
      throw new CommandException(Errors.INVALID_COMMAND);
    }
    if (!KeySearch.hasKeys(target)) {
      throw new CommandException(Errors.COMMAND_HAS_NO_KEYS);
    }
    if (!target.arityAccepts(command.length)) {
      throw new CommandException(Errors.INVALID_COMMAND_ARITY);
    }
    List<KeyReference> keys = KeySearch.find(target, command);
    if (keys.isEmpty() && !target.has(CommandFlag.NO_MANDATORY_KEYS)) {
      throw new CommandException(Errors.INVALID_COMMAND_ARGUMENTS);
    }
    return keys;
  }

  /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN glob]: full names. */
  private static void list(Invocation call) {
    String filter = null;
    String value = null;
    if (call.argc() == 5 && call.argIs(2, "FILTERBY")) {
      filter = call.argString(3).toLowerCase(Locale.ROOT);
      value = call.argString(4);
      if (!filter.equals("module") && !filter.equals("aclcat") && !filter.equals("pattern")) {
        throw new CommandException(Errors.SYNTAX);
      }
    } else if (call.argc() != 2) {
      throw new CommandException(Errors.SYNTAX);
    }
    List<String> names = new ArrayList<>();
    for (CommandSpec spec : call.engine().commands().all()) {
      addIfMatching(names, spec, filter, value);
      for (CommandSpec sub : spec.subcommands().values()) {
        addIfMatching(names, sub, filter, value);
      }
    }
    call.reply().arrayHeader(names.size());
    for (String name : names) {
      call.reply().bulk(name);
    }
  }

  private static void addIfMatching(
      List<String> names, CommandSpec spec, String filter, String value) {
    boolean matches;
    if (filter == null) {
      matches = true;
    } else if (filter.equals("module")) {
      matches = false; // no modules
    } else if (filter.equals("aclcat")) {
      matches = spec.aclCategories().contains("@" + value.toLowerCase(Locale.ROOT));
    } else {
      matches = Glob.matches(value, spec.fullName(), true);
    }
    if (matches) {
      names.add(spec.fullName());
    }
  }

  private static void help(Invocation call) {
    HelpReply.write(
        call,
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.");
  }

  /** A command by name, or a subcommand by its full name ({@code client|list}); null if none. */
  static CommandSpec find(CommandTable table, String name) {
    int bar = name.indexOf('|');
    if (bar < 0) {
      return table.lookup(name);
    }
    CommandSpec container = table.lookup(name.substring(0, bar));
    String subName = name.substring(bar + 1);
    if (container == null || subName.indexOf('|') >= 0) {
      return null;
    }
    return container.subcommand(subName);
  }
}
