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
 * @param keys the legacy (first, last, step) triple of {@code COMMAND INFO}
 * @param tips Redis's command tips ({@code nondeterministic_output}, {@code
 *     request_policy:all_shards}, ...) for clients and cluster proxies
 * @param keySpecs where the keys are and how they are used; index i is the key spec that {@link
 *     Argument#keySpecIndex()} i refers to
 * @param keyFinder the command's own key search for {@code COMMAND GETKEYS}, where the key specs
 *     cannot tell the flags (Redis's getkeys procedure); null for most commands
 * @param protectedBy for a protected command (DEBUG), the directive that allows it ({@code
 *     enable-debug-command}); null for the others. {@code COMMAND INFO} does not show it, as
 *     Redis's does not.
 */
public record CommandSpec(
    String name,
    String fullName,
    int arity,
    Set<CommandFlag> flags,
    KeyPositions keys,
    CommandGroup group,
    CommandDocs docs,
    List<String> tips,
    List<KeySpec> keySpecs,
    KeyFinder keyFinder,
    String protectedBy,
    CommandHandler handler,
    Map<String, CommandSpec> subcommands,
    Set<String> explicitAclCategories,
    CommandStats stats) {

  /**
   * Redis's ACL categories in the order it prints them (its category table's order), whatever order
   * they were declared in.
   */
  private static final List<String> ACL_CATEGORY_ORDER =
      List.of(
          "keyspace",
          "read",
          "write",
          "set",
          "sortedset",
          "list",
          "hash",
          "string",
          "bitmap",
          "hyperloglog",
          "geo",
          "stream",
          "pubsub",
          "admin",
          "fast",
          "slow",
          "blocking",
          "dangerous",
          "connection",
          "transaction",
          "scripting");

  public CommandSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(docs, () -> name + " has no docs");
    tips = List.copyOf(tips);
    keySpecs = List.copyOf(keySpecs);
    if (handler == null && subcommands.isEmpty()) {
      throw new IllegalArgumentException(name + " has neither a handler nor subcommands");
    }
  }

  public String summary() {
    return docs.summary();
  }

  public String since() {
    return docs.since();
  }

  public String complexity() {
    return docs.complexity();
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
   * uncategorised, nor where the declared ones name data types), and the ones Redis implies from
   * flags (write, read, admin and dangerous, pubsub, fast or else slow, blocking), in Redis's
   * order.
   */
  public List<String> aclCategories() {
    Set<String> categories = new HashSet<>(explicitAclCategories);
    if (!isContainer() && group.aclCategory() != null && !declaresDataType()) {
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

  /**
   * Whether the declared categories name data types of their own (SORT: {@code set}, {@code
   * sortedset}, {@code list}), which Redis gives instead of the group's ({@code keyspace}).
   */
  private boolean declaresDataType() {
    for (CommandGroup other : CommandGroup.values()) {
      if (other.aclCategory() != null && explicitAclCategories.contains(other.aclCategory())) {
        return true;
      }
    }
    return false;
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
    private final Set<CommandDocs.DocFlag> docFlags = EnumSet.noneOf(CommandDocs.DocFlag.class);
    private String deprecatedSince;
    private String replacedBy;
    private final List<CommandDocs.History> history = new ArrayList<>();
    private final List<Argument> arguments = new ArrayList<>();
    private final List<String> tips = new ArrayList<>();
    private final List<KeySpec> keySpecs = new ArrayList<>();
    private KeyFinder keyFinder;
    private String protectedBy;
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

    /**
     * {@code COMMAND DOCS}: what it does, the version that added it, its time complexity, in Redis
     * 7.0.15's words ({@code CommandDocsConformanceTest} holds every command to them).
     */
    public Builder docs(String summaryText, String sinceVersion, String complexityText) {
      this.summary = summaryText;
      this.since = sinceVersion;
      this.complexity = complexityText;
      return this;
    }

    /** A {@code COMMAND DOCS} history entry; call once per entry, oldest first. */
    public Builder history(String version, String change) {
      history.add(new CommandDocs.History(version, change));
      return this;
    }

    /** Marks the command deprecated since {@code version}, naming what replaces it. */
    public Builder deprecated(String version, String replacement) {
      docFlags.add(CommandDocs.DocFlag.DEPRECATED);
      this.deprecatedSince = version;
      this.replacedBy = replacement;
      return this;
    }

    public Builder docFlags(CommandDocs.DocFlag... values) {
      Collections.addAll(docFlags, values);
      return this;
    }

    /** The arguments after the command name (after the subcommand name for a subcommand). */
    public Builder arguments(Argument... values) {
      Collections.addAll(arguments, values);
      return this;
    }

    /** Command tips, in Redis's order. */
    public Builder tips(String... values) {
      Collections.addAll(tips, values);
      return this;
    }

    /** Key specs, in Redis's order: key arguments refer to them by position. */
    public Builder keySpecs(KeySpec... values) {
      Collections.addAll(keySpecs, values);
      return this;
    }

    public Builder keyFinder(KeyFinder value) {
      this.keyFinder = value;
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

    /** Refused unless {@code setting} ({@code enable-debug-command}) allows it, as Redis does. */
    public Builder protectedBy(String setting) {
      this.protectedBy = setting;
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
      // MONITOR is the one command Redis documents without a complexity.
      if (summary == null || since == null) {
        throw new IllegalStateException(fullName + " has no docs");
      }
      List<KeySpec> specs =
          keySpecs.isEmpty() && keys.hasKeys() ? List.of(legacyKeySpec()) : keySpecs;
      checkKeyArguments(fullName, arguments, specs.size());
      return new CommandSpec(
          name,
          fullName,
          arity,
          Collections.unmodifiableSet(
              flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags)),
          keys,
          group,
          new CommandDocs(
              summary,
              since,
              complexity,
              docFlags,
              deprecatedSince,
              replacedBy,
              history,
              arguments),
          tips,
          specs,
          keyFinder,
          protectedBy,
          handler,
          Collections.unmodifiableMap(subs),
          Set.copyOf(aclCategories),
          new CommandStats());
    }

    /**
     * For a command declared with only the (first, last, step) triple: one spec covering it, with
     * the widest access flags its command flags allow (Redis's finer ones need a declaration).
     */
    private KeySpec legacyKeySpec() {
      int lastKey = keys.last() < 0 ? keys.last() : keys.last() - keys.first();
      KeySpec spec = KeySpec.index(keys.first()).range(lastKey, keys.step(), 0);
      return flags.contains(CommandFlag.WRITE)
          ? spec.flags(KeySpec.Flag.RW, KeySpec.Flag.UPDATE)
          : spec.flags(KeySpec.Flag.RO, KeySpec.Flag.ACCESS);
    }

    private static void checkKeyArguments(String fullName, List<Argument> args, int specCount) {
      for (Argument arg : args) {
        if (arg.keySpecIndex() >= specCount) {
          throw new IllegalStateException(
              fullName + ": argument " + arg.name() + " refers to a missing key spec");
        }
        checkKeyArguments(fullName, arg.arguments(), specCount);
      }
    }
  }
}
