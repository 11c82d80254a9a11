package io.redstone.storage.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything Redstone knows about one command, declared once: the command table checks arity and
 * finds keys with it, {@code COMMAND INFO}/{@code COMMAND DOCS} report it, and statistics are kept
 * per spec. A container command (CONFIG, CLIENT, OBJECT, ...) has subcommand specs and no handler
 * of its own.
 *
 * @param name lower-case name; for a subcommand, the name without its container ({@code get})
 * @param fullName the name errors and statistics use: {@code get}, or {@code config|get}
 * @param arity Redis arity: exact count of argv including the name, or {@code -n} for at least n
 */
public record CommandSpec(
    String name,
    String fullName,
    int arity,
    Set<CommandFlag> flags,
    KeyPositions keys,
    CommandGroup group,
    String summary,
    String since,
    String complexity,
    CommandHandler handler,
    Map<String, CommandSpec> subcommands,
    CommandStats stats) {

  public CommandSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(summary, () -> name + " has no summary");
    Objects.requireNonNull(since, () -> name + " has no since");
    Objects.requireNonNull(complexity, () -> name + " has no complexity");
    if (handler == null && subcommands.isEmpty()) {
      throw new IllegalArgumentException(name + " has neither a handler nor subcommands");
    }
  }

  public boolean isContainer() {
    return !subcommands.isEmpty();
  }

  public boolean has(CommandFlag flag) {
    return flags.contains(flag);
  }

  public boolean arityAccepts(int argc) {
    return arity >= 0 ? argc == arity : argc >= -arity;
  }

  /** The subcommand named by {@code subName} (any case), or null. */
  public CommandSpec subcommand(String subName) {
    return subcommands.get(subName.toLowerCase(Locale.ROOT));
  }

  /** ACL categories as {@code COMMAND INFO} lists them, derived from flags and group. */
  public List<String> aclCategories() {
    List<String> categories = new ArrayList<>();
    if (flags.contains(CommandFlag.WRITE)) {
      categories.add("@write");
    }
    if (flags.contains(CommandFlag.READONLY)) {
      categories.add("@read");
    }
    if (group.aclCategory() != null) {
      categories.add("@" + group.aclCategory());
    }
    if (flags.contains(CommandFlag.ADMIN)) {
      categories.add("@admin");
      categories.add("@dangerous");
    }
    if (flags.contains(CommandFlag.PUBSUB)) {
      categories.add("@pubsub");
    }
    categories.add(flags.contains(CommandFlag.FAST) ? "@fast" : "@slow");
    return categories;
  }

  public static Builder command(String name, int arity) {
    return new Builder(name, arity);
  }

  /** Fluent construction, so a family's table reads as one declaration per command. */
  public static final class Builder {
    private final String name;
    private final int arity;
    private final EnumSet<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
    private KeyPositions keys = KeyPositions.NONE;
    private CommandGroup group = CommandGroup.GENERIC;
    private String summary;
    private String since;
    private String complexity;
    private CommandHandler handler;
    private final List<Builder> subcommands = new ArrayList<>();

    private Builder(String name, int arity) {
      this.name = name.toLowerCase(Locale.ROOT);
      this.arity = arity;
    }

    public Builder flags(CommandFlag... values) {
      Collections.addAll(flags, values);
      return this;
    }

    public Builder keys(int first, int last, int step) {
      this.keys = new KeyPositions(first, last, step);
      return this;
    }

    public Builder group(CommandGroup value) {
      this.group = value;
      return this;
    }

    /** {@code COMMAND DOCS}: what it does, the version that added it, its time complexity. */
    public Builder docs(String summaryText, String sinceVersion, String complexityText) {
      this.summary = summaryText;
      this.since = sinceVersion;
      this.complexity = complexityText;
      return this;
    }

    public Builder handler(CommandHandler value) {
      this.handler = value;
      return this;
    }

    /** Adds a subcommand; it inherits this builder's group unless it sets its own. */
    public Builder subcommand(Builder sub) {
      subcommands.add(sub);
      return this;
    }

    public CommandSpec build() {
      return build(null);
    }

    private CommandSpec build(String container) {
      Map<String, CommandSpec> subs = new LinkedHashMap<>();
      for (Builder sub : subcommands) {
        if (sub.group == CommandGroup.GENERIC) {
          sub.group = group;
        }
        subs.put(sub.name, sub.build(name));
      }
      String fullName = container == null ? name : container + "|" + name;
      return new CommandSpec(
          name,
          fullName,
          arity,
          Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags)),
          keys,
          group,
          summary,
          since,
          complexity,
          handler,
          Collections.unmodifiableMap(subs),
          new CommandStats());
    }
  }
}
