package io.redstone.storage.command;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A Redis 7 key specification: where a command's keys are in its argv (first a begin search to a
 * starting index, then a find-keys step from there) and how the command uses them. Cluster clients
 * route by it ({@code COMMAND INFO}), and {@code COMMAND GETKEYS} finds keys with it.
 *
 * <p>Declared as {@code KeySpec.index(1).flags(RW, ACCESS, UPDATE)}: one key at argv[1]; {@code
 * .range(-1, 2, 0)} makes it every second argument to the end.
 *
 * @param notes a remark Redis attaches to the spec, or null
 */
public record KeySpec(String notes, Set<Flag> flags, BeginSearch beginSearch, FindKeys findKeys) {

  /** Key-spec flags in the order Redis reports them. */
  public enum Flag {
    /** Read-only: reads the value, does not change it. */
    RO,
    /** Read-write: reads and changes the value. */
    RW,
    /** Overwrite: replaces the value without reading it. */
    OW,
    /** Remove: deletes the key. */
    RM,
    /** Returns, copies or uses the user data of the value. */
    ACCESS,
    /** Updates the existing value. */
    UPDATE,
    /** Adds data to the value. */
    INSERT,
    /** Deletes data from the value. */
    DELETE,
    /** Not a key but a name that must hash like one (cluster routing only). */
    NOT_KEY,
    /** The spec may not find every key: callers must fall back to the command's own search. */
    INCOMPLETE,
    /** Flags depend on the arguments: the command's own key search gives the real ones. */
    VARIABLE_FLAGS;

    /** RO/RW/OW/RM upper case, the rest lower case, as Redis prints them. */
    public String wireName() {
      return ordinal() <= RM.ordinal() ? name() : name().toLowerCase(Locale.ROOT);
    }
  }

  /** Where the search for keys starts. */
  public sealed interface BeginSearch {}

  /** At a fixed argv index. */
  public record Index(int position) implements BeginSearch {}

  /**
   * After the first argument equal to {@code keyword} (any case), searching from argv index {@code
   * startFrom} forwards, or from the end backwards when negative.
   */
  public record Keyword(String keyword, int startFrom) implements BeginSearch {}

  /** Which arguments from the start are keys. */
  public sealed interface FindKeys {}

  /**
   * Neither where the keys begin nor which they are can be told from the arguments' positions
   * (SORT's BY/GET patterns and its STORE keyword): the command's own key search finds them.
   */
  public record Unknown() implements BeginSearch, FindKeys {}

  /**
   * Keys up to {@code lastKey} arguments after the start (negative: counted from argv's end), every
   * {@code keyStep}-th; with a {@code limit} above 1 and lastKey -1, only the first 1/limit of the
   * remaining arguments.
   */
  public record Range(int lastKey, int keyStep, int limit) implements FindKeys {}

  /**
   * The number of keys is the argument {@code keyNumIndex} after the start; the first key is {@code
   * firstKey} after the start, then every {@code keyStep}-th.
   */
  public record KeyNum(int keyNumIndex, int firstKey, int keyStep) implements FindKeys {}

  public KeySpec {
    Objects.requireNonNull(beginSearch);
    Objects.requireNonNull(findKeys);
    flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
  }

  /** One key at argv[position]. */
  public static KeySpec index(int position) {
    return new KeySpec(null, Set.of(), new Index(position), new Range(0, 1, 0));
  }

  /** One key right after {@code keyword}. */
  public static KeySpec keyword(String keyword, int startFrom) {
    return new KeySpec(null, Set.of(), new Keyword(keyword, startFrom), new Range(0, 1, 0));
  }

  /** Keys that only the command's own search can find; see {@link Unknown}. */
  public static KeySpec unknown() {
    return new KeySpec(null, Set.of(), new Unknown(), new Unknown());
  }

  public KeySpec range(int lastKey, int keyStep, int limit) {
    return new KeySpec(notes, flags, beginSearch, new Range(lastKey, keyStep, limit));
  }

  public KeySpec keyNum(int keyNumIndex, int firstKey, int keyStep) {
    return new KeySpec(notes, flags, beginSearch, new KeyNum(keyNumIndex, firstKey, keyStep));
  }

  public KeySpec flags(Flag... values) {
    EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
    Collections.addAll(set, values);
    return new KeySpec(notes, set, beginSearch, findKeys);
  }

  public KeySpec notes(String text) {
    return new KeySpec(text, flags, beginSearch, findKeys);
  }

  public boolean has(Flag flag) {
    return flags.contains(flag);
  }
}
