package io.redstone.storage.command;

import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * COMMAND and its subcommands (COUNT, INFO, DOCS, GETKEYS, GETKEYSANDFLAGS, LIST, HELP), all
 * read from the one {@link CommandTable}, in Redis 7's reply shapes for RESP2 and RESP3.
 */
public final class IntrospectionCommands {
  private static final String ALL_COMMANDS_COMPLEXITY =
      "O(N) where N is the total number of Redis commands";
  private static final String LOOKUP_COMPLEXITY =
      "O(N) where N is the number of commands to look up";
  private static final String ARGUMENTS_COMPLEXITY =
      "O(N) where N is the number of arguments to the command";

  private IntrospectionCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        command("command", -1)
            .flags(LOADING, STALE)
            .group(CommandGroup.SERVER)
            .acl("connection")
            .docs(
                "Returns detailed information about all commands.",
                "2.8.13",
                ALL_COMMANDS_COMPLEXITY)
            .handler(IntrospectionCommands::infoOfAll)
            .subcommand(
                sub("count", 2)
                    .docs("Returns a count of commands.", "2.8.13", "O(1)")
                    .handler(call -> call.reply().integer(call.engine().commands().size())))
            .subcommand(
                sub("info", -2)
                    .docs(
                        "Returns information about one, multiple or all commands.",
                        "2.8.13",
                        LOOKUP_COMPLEXITY)
                    .handler(IntrospectionCommands::info))
            .subcommand(
                sub("docs", -2)
                    .docs(
                        "Returns documentary information about one, multiple or all commands.",
                        "7.0.0",
                        LOOKUP_COMPLEXITY)
                    .handler(IntrospectionCommands::docs))
            .subcommand(
                sub("getkeys", -4)
                    .docs(
                        "Extracts the key names from an arbitrary command.",
                        "2.8.13",
                        ARGUMENTS_COMPLEXITY)
                    .handler(call -> getKeys(call, false)))
            .subcommand(
                sub("getkeysandflags", -4)
                    .docs(
                        "Extracts the key names and access flags for an arbitrary command.",
                        "7.0.0",
                        ARGUMENTS_COMPLEXITY)
                    .handler(call -> getKeys(call, true)))
            .subcommand(
                sub("list", -2)
                    .docs("Returns a list of command names.", "7.0.0", ALL_COMMANDS_COMPLEXITY)
                    .handler(IntrospectionCommands::list))
            .subcommand(
                sub("help", 2)
                    .docs("Returns helpful text about the different subcommands.", "5.0.0", "O(1)")
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
      writeInfo(call.reply(), spec);
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
        writeInfo(call.reply(), spec);
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
      writeDocs(call.reply(), spec);
    }
  }

  /** COMMAND GETKEYS / GETKEYSANDFLAGS command [arg ...]. */
  private static void getKeys(Invocation call, boolean withFlags) {
    byte[][] command = Arrays.copyOfRange(call.argv(), 2, call.argc());
    KeysOf keys = keysOf(call.engine().commands(), command);
    List<String> flags = keySpecFlags(keys.spec());
    call.reply().arrayHeader(keys.positions().length);
    for (int position : keys.positions()) {
      if (withFlags) {
        call.reply().arrayHeader(2);
        call.reply().bulk(command[position]);
        call.reply().setHeader(flags.size());
        for (String flag : flags) {
          call.reply().simpleString(flag);
        }
      } else {
        call.reply().bulk(command[position]);
      }
    }
  }

  /** The command a GETKEYS call names and where its keys are in that call's argv. */
  record KeysOf(CommandSpec spec, int[] positions) {}

  /**
   * Finds the keys the table's key positions give for a whole command line, checked as Redis
   * checks it: a known command (a container needs its subcommand), one that has keys, called
   * with an accepted number of arguments.
   */
  static KeysOf keysOf(CommandTable table, byte[][] command) {
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
    if (!target.keys().hasKeys()) {
      throw new CommandException(Errors.COMMAND_HAS_NO_KEYS);
    }
    if (!target.arityAccepts(command.length)) {
      throw new CommandException(Errors.INVALID_COMMAND_ARITY);
    }
    int[] positions = target.keys().indexes(command.length);
    if (positions.length == 0 && !target.has(CommandFlag.NO_MANDATORY_KEYS)) {
      throw new CommandException(Errors.INVALID_COMMAND_ARGUMENTS);
    }
    return new KeysOf(target, positions);
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

  /**
   * Redis 7's per-command layout: name, arity, flags, first key, last key, step, ACL categories,
   * tips, key specs, subcommands.
   */
  static void writeInfo(ReplySink reply, CommandSpec spec) {
    reply.arrayHeader(10);
    reply.bulk(spec.fullName());
    reply.integer(spec.arity());
    reply.setHeader(spec.flags().size());
    for (CommandFlag flag : spec.flags()) {
      reply.simpleString(flag.wireName());
    }
    KeyPositions keys = spec.keys();
    reply.integer(keys.first());
    reply.integer(keys.last());
    reply.integer(keys.step());
    List<String> categories = spec.aclCategories();
    reply.setHeader(categories.size());
    for (String category : categories) {
      reply.simpleString(category);
    }
    reply.setHeader(0); // tips
    writeKeySpecs(reply, spec);
    if (spec.isContainer()) {
      reply.arrayHeader(spec.subcommands().size());
      for (CommandSpec sub : spec.subcommands().values()) {
        writeInfo(reply, sub);
      }
    } else {
      reply.setHeader(0);
    }
  }

  /**
   * One key spec derived from the (first, last, step) triple: begin at index {@code first}, then a
   * range whose {@code lastkey} is relative to it (negative ones count from the end, unchanged).
   */
  private static void writeKeySpecs(ReplySink reply, CommandSpec spec) {
    KeyPositions keys = spec.keys();
    if (!keys.hasKeys()) {
      reply.setHeader(0);
      return;
    }
    List<String> flags = keySpecFlags(spec);
    reply.setHeader(1);
    reply.mapHeader(3);
    reply.bulk("flags");
    reply.setHeader(flags.size());
    for (String flag : flags) {
      reply.simpleString(flag);
    }
    reply.bulk("begin_search");
    reply.mapHeader(2);
    reply.bulk("type");
    reply.bulk("index");
    reply.bulk("spec");
    reply.mapHeader(1);
    reply.bulk("index");
    reply.integer(keys.first());
    reply.bulk("find_keys");
    reply.mapHeader(2);
    reply.bulk("type");
    reply.bulk("range");
    reply.bulk("spec");
    reply.mapHeader(3);
    reply.bulk("lastkey");
    reply.integer(keys.last() < 0 ? keys.last() : keys.last() - keys.first());
    reply.bulk("keystep");
    reply.integer(keys.step());
    reply.bulk("limit");
    reply.integer(0);
  }

  /**
   * Key-spec access flags from the command flags: the table does not record Redis's finer ones
   * (OW, RM, insert, delete), so writes claim the widest, RW with update.
   */
  private static List<String> keySpecFlags(CommandSpec spec) {
    if (spec.has(CommandFlag.WRITE)) {
      return List.of("RW", "update");
    }
    return List.of("RO", "access");
  }

  /** summary, since, group, complexity, and for a container its subcommands' docs by name. */
  private static void writeDocs(ReplySink reply, CommandSpec spec) {
    reply.mapHeader(spec.isContainer() ? 5 : 4);
    reply.bulk("summary");
    reply.bulk(spec.summary());
    reply.bulk("since");
    reply.bulk(spec.since());
    reply.bulk("group");
    reply.bulk(spec.group().wireName());
    reply.bulk("complexity");
    reply.bulk(spec.complexity());
    if (spec.isContainer()) {
      reply.bulk("subcommands");
      reply.mapHeader(spec.subcommands().size());
      for (CommandSpec sub : spec.subcommands().values()) {
        reply.bulk(sub.fullName());
        writeDocs(reply, sub);
      }
    }
  }
}
