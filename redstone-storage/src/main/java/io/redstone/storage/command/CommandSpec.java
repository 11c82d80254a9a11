package io.redstone.storage.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything Redstone knows about one command, declared once: the command table checks arity and
 * finds keys with it, {@code COMMAND INFO}/{@code COMMAND DOCS} report it, and statistics are kept
 * per spec. A container command (CONFIG, CLIENT, OBJECT, ...) has subcommand specs and usually no
 * handler of its own; one with a handler (COMMAND) runs it when called without a subcommand.
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
    Set<String> explicitAclCategories,
    CommandStats stats) {

  /**
   * Redis's ACL categories in the order it prints them (its category table's order), whatever
   * order they were declared in.
   */
  private static final List<String> ACL_CATEGORY_ORDER =
      List.of(
          "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap",
          "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
          "dangerous", "connection", "transaction", "scripting");

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

  /**
   * ACL categories as {@code COMMAND INFO} lists them ({@code @read}, ...): the ones declared with
   * {@link Builder#acl}, the group's data-type category (not for containers, which Redis leaves
   * uncategorised), and the ones Redis implies from flags (write, read, admin and dangerous,
   * pubsub, fast or else slow, blocking), in Redis's order.
   */
  public List<String> aclCategories() {
    Set<String> categories = new HashSet<>(explicitAclCategories);
    if (!isContainer() && group.aclCategory() != null) {
      categories.add(group.aclCategory());
    }
    if (flags.contains(CommandFlag.WRITE)) {
      categories.add("write");
    }
    if (flags.contains(CommandFlag.READONLY) && !categories.contains("scripting")) {
      categories.add("read");
    }
    if (flags.contains(CommandFlag.ADMIN)) {
      categories.add("admin");
      categories.add("dangerous");
    }
    if (flags.contains(CommandFlag.PUBSUB)) {
      categories.add("pubsub");
    }
    if (flags.contains(CommandFlag.FAST)) {
      categories.add("fast");
    }
    if (flags.contains(CommandFlag.BLOCKING)) {
      categories.add("blocking");
    }
    if (!categories.contains("fast")) {
      categories.add("slow");
    }
    List<String> ordered = new ArrayList<>();
    for (String category : ACL_CATEGORY_ORDER) {
      if (categories.contains(category)) {
        ordered.add("@" + category);
      }
    }
    return ordered;
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
    private final Set<String> aclCategories = new LinkedHashSet<>();
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

    /**
     * ACL categories Redis declares for the command beyond those implied by flags and group, in
     * lower case without the {@code @}: {@code acl("keyspace", "dangerous")}.
     */
    public Builder acl(String... categories) {
      for (String category : categories) {
        aclCategories.add(category.toLowerCase(Locale.ROOT));
      }
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
          Set.copyOf(aclCategories),
          new CommandStats());
    }
  }
}
