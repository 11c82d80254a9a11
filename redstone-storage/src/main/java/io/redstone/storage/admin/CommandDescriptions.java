package io.redstone.storage.admin;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.command.Argument;
import io.redstone.storage.command.CommandDocs;
import io.redstone.storage.command.CommandFlag;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.KeyPositions;
import io.redstone.storage.command.KeySpec;
import java.util.List;
import java.util.Set;

/**
 * Writes one command's {@code COMMAND INFO} entry and its {@code COMMAND DOCS} map in Redis 7's
 * layout, field order and reply types (sets and maps in RESP3, which the sink flattens for RESP2).
 */
final class CommandDescriptions {
  private CommandDescriptions() {}

  /**
   * name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands (an
   * array of their entries for a container, else an empty set).
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
    reply.setHeader(spec.tips().size());
    for (String tip : spec.tips()) {
      reply.bulk(tip);
    }
    reply.setHeader(spec.keySpecs().size());
    for (KeySpec keySpec : spec.keySpecs()) {
      writeKeySpec(reply, keySpec);
    }
    if (spec.isContainer()) {
      reply.arrayHeader(spec.subcommands().size());
      for (CommandSpec sub : spec.subcommands().values()) {
        writeInfo(reply, sub);
      }
    } else {
      reply.setHeader(0);
    }
  }

  private static void writeKeySpec(ReplySink reply, KeySpec spec) {
    reply.mapHeader(spec.notes() == null ? 3 : 4);
    if (spec.notes() != null) {
      reply.bulk("notes");
      reply.bulk(spec.notes());
    }
    reply.bulk("flags");
    writeKeyFlags(reply, spec.flags());
    reply.bulk("begin_search");
    reply.mapHeader(2);
    reply.bulk("type");
    if (spec.beginSearch() instanceof KeySpec.Unknown) {
      reply.bulk("unknown");
      reply.bulk("spec");
      reply.mapHeader(0);
    } else if (spec.beginSearch() instanceof KeySpec.Index index) {
      reply.bulk("index");
      reply.bulk("spec");
      reply.mapHeader(1);
      reply.bulk("index");
      reply.integer(index.position());
    } else {
      KeySpec.Keyword keyword = (KeySpec.Keyword) spec.beginSearch();
      reply.bulk("keyword");
      reply.bulk("spec");
      reply.mapHeader(2);
      reply.bulk("keyword");
      reply.bulk(keyword.keyword());
      reply.bulk("startfrom");
      reply.integer(keyword.startFrom());
    }
    reply.bulk("find_keys");
    reply.mapHeader(2);
    reply.bulk("type");
    if (spec.findKeys() instanceof KeySpec.Unknown) {
      reply.bulk("unknown");
      reply.bulk("spec");
      reply.mapHeader(0);
    } else if (spec.findKeys() instanceof KeySpec.Range range) {
      reply.bulk("range");
      reply.bulk("spec");
      reply.mapHeader(3);
      reply.bulk("lastkey");
      reply.integer(range.lastKey());
      reply.bulk("keystep");
      reply.integer(range.keyStep());
      reply.bulk("limit");
      reply.integer(range.limit());
    } else {
      KeySpec.KeyNum keyNum = (KeySpec.KeyNum) spec.findKeys();
      reply.bulk("keynum");
      reply.bulk("spec");
      reply.mapHeader(3);
      reply.bulk("keynumidx");
      reply.integer(keyNum.keyNumIndex());
      reply.bulk("firstkey");
      reply.integer(keyNum.firstKey());
      reply.bulk("keystep");
      reply.integer(keyNum.keyStep());
    }
  }

  /** Key-spec flags as a set of simple strings, as in key specs and COMMAND GETKEYSANDFLAGS. */
  static void writeKeyFlags(ReplySink reply, Set<KeySpec.Flag> flags) {
    reply.setHeader(flags.size());
    for (KeySpec.Flag flag : flags) {
      reply.simpleString(flag.wireName());
    }
  }

  /**
   * summary, since, group, complexity, then what the command has of doc_flags, deprecated_since,
   * replaced_by, history, arguments, and for a container its subcommands' docs by full name.
   */
  static void writeDocs(ReplySink reply, CommandSpec spec) {
    CommandDocs docs = spec.docs();
    int fields = docs.complexity() == null ? 3 : 4;
    fields += docs.docFlags().isEmpty() ? 0 : 1;
    fields += docs.deprecatedSince() == null ? 0 : 1;
    fields += docs.replacedBy() == null ? 0 : 1;
    fields += docs.history().isEmpty() ? 0 : 1;
    fields += docs.arguments().isEmpty() ? 0 : 1;
    fields += spec.isContainer() ? 1 : 0;
    reply.mapHeader(fields);
    reply.bulk("summary");
    reply.bulk(docs.summary());
    reply.bulk("since");
    reply.bulk(docs.since());
    reply.bulk("group");
    reply.bulk(spec.group().wireName());
    if (docs.complexity() != null) {
      reply.bulk("complexity");
      reply.bulk(docs.complexity());
    }
    if (!docs.docFlags().isEmpty()) {
      reply.bulk("doc_flags");
      reply.setHeader(docs.docFlags().size());
      for (CommandDocs.DocFlag flag : docs.docFlags()) {
        reply.simpleString(flag.wireName());
      }
    }
    if (docs.deprecatedSince() != null) {
      reply.bulk("deprecated_since");
      reply.bulk(docs.deprecatedSince());
    }
    if (docs.replacedBy() != null) {
      reply.bulk("replaced_by");
      reply.bulk(docs.replacedBy());
    }
    if (!docs.history().isEmpty()) {
      reply.bulk("history");
      reply.setHeader(docs.history().size());
      for (CommandDocs.History entry : docs.history()) {
        reply.arrayHeader(2);
        reply.bulk(entry.version());
        reply.bulk(entry.change());
      }
    }
    if (!docs.arguments().isEmpty()) {
      reply.bulk("arguments");
      writeArguments(reply, docs.arguments());
    }
    if (spec.isContainer()) {
      reply.bulk("subcommands");
      reply.mapHeader(spec.subcommands().size());
      for (CommandSpec sub : spec.subcommands().values()) {
        reply.bulk(sub.fullName());
        writeDocs(reply, sub);
      }
    }
  }

  /** Each argument a map: name, type, then only the fields it has, nested ones recursively. */
  private static void writeArguments(ReplySink reply, List<Argument> arguments) {
    reply.arrayHeader(arguments.size());
    for (Argument arg : arguments) {
      int fields = 2;
      fields += arg.displayText() == null ? 0 : 1;
      fields += arg.keySpecIndex() < 0 ? 0 : 1;
      fields += arg.token() == null ? 0 : 1;
      fields += arg.summary() == null ? 0 : 1;
      fields += arg.since() == null ? 0 : 1;
      fields += arg.deprecatedSince() == null ? 0 : 1;
      fields += arg.flags().isEmpty() ? 0 : 1;
      fields += arg.arguments().isEmpty() ? 0 : 1;
      reply.mapHeader(fields);
      reply.bulk("name");
      reply.bulk(arg.name());
      reply.bulk("type");
      reply.bulk(arg.type().wireName());
      if (arg.displayText() != null) {
        reply.bulk("display_text");
        reply.bulk(arg.displayText());
      }
      if (arg.keySpecIndex() >= 0) {
        reply.bulk("key_spec_index");
        reply.integer(arg.keySpecIndex());
      }
      if (arg.token() != null) {
        reply.bulk("token");
        reply.bulk(arg.token());
      }
      if (arg.summary() != null) {
        reply.bulk("summary");
        reply.bulk(arg.summary());
      }
      if (arg.since() != null) {
        reply.bulk("since");
        reply.bulk(arg.since());
      }
      if (arg.deprecatedSince() != null) {
        reply.bulk("deprecated_since");
        reply.bulk(arg.deprecatedSince());
      }
      if (!arg.flags().isEmpty()) {
        reply.bulk("flags");
        reply.setHeader(arg.flags().size());
        for (Argument.Flag flag : arg.flags()) {
          reply.simpleString(flag.wireName());
        }
      }
      if (!arg.arguments().isEmpty()) {
        reply.bulk("arguments");
        writeArguments(reply, arg.arguments());
      }
    }
  }
}
