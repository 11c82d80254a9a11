package io.redstone.storage.command;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code COMMAND DOCS} says about a command besides its group: Redis's own wording, so that
 * redis-cli's hints and client libraries read the same text as from Redis.
 *
 * @param deprecatedSince the version that deprecated the command, or null
 * @param replacedBy what to use instead of a deprecated command, in Redis's markdown, or null
 * @param history behaviour changes after {@code since}, oldest first
 */
public record CommandDocs(
    String summary,
    String since,
    String complexity,
    Set<DocFlag> docFlags,
    String deprecatedSince,
    String replacedBy,
    List<History> history,
    List<Argument> arguments) {

  /** Documentation flags, in the order Redis reports them. */
  public enum DocFlag {
    DEPRECATED,
    /** A system command, not meant for applications (DEBUG, PFDEBUG, ...). */
    SYSCMD;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One entry of the history: the version and what changed, in Redis's markdown. */
  public record History(String version, String change) {
    public History {
      Objects.requireNonNull(version);
      Objects.requireNonNull(change);
    }
  }

  public CommandDocs {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(since, "since");
    docFlags =
        docFlags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(docFlags));
    history = List.copyOf(history);
    arguments = List.copyOf(arguments);
  }
}
