package io.redstone.storage.command;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One argument of a command as {@code COMMAND DOCS} describes it, which is what redis-cli turns
 * into the hints it shows while typing. A {@link Type#ONEOF} or {@link Type#BLOCK} argument nests
 * further arguments; the others are leaves.
 *
 * <p>Declared with the static factories and the {@code with}-style modifiers, which return a new
 * value each: {@code oneOf("condition", pureToken("nx", "NX"), pureToken("xx", "XX"))
 * .since("7.0.0").optional()}.
 *
 * @param keySpecIndex for a {@link Type#KEY}: the index of the command's key spec that finds it;
 *     for a {@link Type#PATTERN} that names keys (SORT's BY and GET), the spec of those keys; -1
 *     otherwise
 * @param token the literal word that precedes the value ({@code EX seconds}), or null
 * @param displayText how to show the value in a hint instead of its name (Redis 7.2), or null
 * @param summary a short description (Redis 7.2), or null
 */
public record Argument(
    String name,
    Type type,
    String displayText,
    int keySpecIndex,
    String token,
    String summary,
    String since,
    String deprecatedSince,
    Set<Flag> flags,
    List<Argument> arguments) {

  /** The argument types of {@code COMMAND DOCS}. */
  public enum Type {
    STRING,
    INTEGER,
    DOUBLE,
    KEY,
    PATTERN,
    UNIX_TIME,
    PURE_TOKEN,
    ONEOF,
    BLOCK;

    /** The lower-case, dash-separated name {@code COMMAND DOCS} reports. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Argument flags, in the order Redis reports them. */
  public enum Flag {
    OPTIONAL,
    MULTIPLE,
    MULTIPLE_TOKEN;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Argument {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    arguments = List.copyOf(arguments);
    boolean nests = type == Type.ONEOF || type == Type.BLOCK;
    if (nests == arguments.isEmpty()) {
      throw new IllegalArgumentException(
          name + ": only oneof and block arguments have, and must have, nested arguments");
    }
    if ((type == Type.KEY && keySpecIndex < 0)
        || (keySpecIndex >= 0 && type != Type.KEY && type != Type.PATTERN)) {
      throw new IllegalArgumentException(
          name + ": a key argument names its key spec, and only a key or key pattern may");
    }
  }

  private static Argument of(String name, Type type) {
    return new Argument(name, type, null, -1, null, null, null, null, Set.of(), List.of());
  }

  /** A key, found by the command's key spec number {@code keySpecIndex} (from 0). */
  public static Argument key(String name, int keySpecIndex) {
    return new Argument(
        name, Type.KEY, null, keySpecIndex, null, null, null, null, Set.of(), List.of());
  }

  public static Argument string(String name) {
    return of(name, Type.STRING);
  }

  public static Argument integer(String name) {
    return of(name, Type.INTEGER);
  }

  public static Argument doubleValue(String name) {
    return of(name, Type.DOUBLE);
  }

  public static Argument pattern(String name) {
    return of(name, Type.PATTERN);
  }

  /** A pattern that names keys (SORT's {@code BY} and {@code GET}), which key spec i covers. */
  public static Argument keyPattern(String name, int keySpecIndex) {
    return new Argument(
        name, Type.PATTERN, null, keySpecIndex, null, null, null, null, Set.of(), List.of());
  }

  public static Argument unixTime(String name) {
    return of(name, Type.UNIX_TIME);
  }

  /** A word that stands for itself, such as {@code NX}. */
  public static Argument pureToken(String name, String token) {
    return of(name, Type.PURE_TOKEN).token(token);
  }

  /** Exactly one of {@code choices}. */
  public static Argument oneOf(String name, Argument... choices) {
    return new Argument(
        name, Type.ONEOF, null, -1, null, null, null, null, Set.of(), List.of(choices));
  }

  /** All of {@code parts}, in order, as one group (repeated together when {@link #multiple()}). */
  public static Argument block(String name, Argument... parts) {
    return new Argument(
        name, Type.BLOCK, null, -1, null, null, null, null, Set.of(), List.of(parts));
  }

  public Argument token(String value) {
    return new Argument(
        name,
        type,
        displayText,
        keySpecIndex,
        value,
        summary,
        since,
        deprecatedSince,
        flags,
        arguments);
  }

  public Argument displayText(String value) {
    return new Argument(
        name, type, value, keySpecIndex, token, summary, since, deprecatedSince, flags, arguments);
  }

  public Argument summary(String value) {
    return new Argument(
        name,
        type,
        displayText,
        keySpecIndex,
        token,
        value,
        since,
        deprecatedSince,
        flags,
        arguments);
  }

  /** The version that added this argument, when later than the command. */
  public Argument since(String version) {
    return new Argument(
        name,
        type,
        displayText,
        keySpecIndex,
        token,
        summary,
        version,
        deprecatedSince,
        flags,
        arguments);
  }

  public Argument deprecatedSince(String version) {
    return new Argument(
        name, type, displayText, keySpecIndex, token, summary, since, version, flags, arguments);
  }

  public Argument optional() {
    return with(Flag.OPTIONAL);
  }

  /** May be repeated. */
  public Argument multiple() {
    return with(Flag.MULTIPLE);
  }

  /** Repeated with its token each time ({@code GET p1 GET p2}). */
  public Argument multipleToken() {
    return with(Flag.MULTIPLE_TOKEN);
  }

  private Argument with(Flag flag) {
    EnumSet<Flag> more = EnumSet.of(flag);
    more.addAll(flags);
    return new Argument(
        name,
        type,
        displayText,
        keySpecIndex,
        token,
        summary,
        since,
        deprecatedSince,
        more,
        arguments);
  }
}
