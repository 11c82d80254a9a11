package io.redstone.config;

import io.redstone.protocol.text.Glob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Every configuration directive by its redis.conf name (and older aliases), with its current value
 * kept as CONFIG GET prints it: memory in bytes, enums in lower case, {@code save} as its pairs.
 * The catalogue and which directives Redstone acts on are in {@link RedisDirectives}.
 *
 * <p>Two ways to change a value: {@link #set} is start-up configuration (a config line or a {@code
 * --flag}; immutable directives allowed), {@link #configSet} is the CONFIG SET command (immutable
 * and protected directives refused, all pairs or none). Parts of the server that act on a directive
 * register with {@link #onApply}/{@link #onChange}; directives nobody acts on are reported by
 * {@link #unimplementedChanges()} and {@link #onUnimplementedChange}.
 *
 * <p>Not thread-safe: owned by the storage thread after start-up, like the engine.
 */
public final class ConfigRegistry {
  private final Map<String, ConfigParam> byName = new HashMap<>();

  /** Names and aliases, sorted, each with its directive: what CONFIG GET patterns match. */
  private final TreeMap<String, ConfigParam> listing = new TreeMap<>();

  private final List<ConfigParam> params;
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, List<ConfigApplier>> appliers = new HashMap<>();

  /**
   * The last parse of each numeric directive, with the text it was parsed from: commands read some
   * directives on every call (stream-node-max-bytes, hash-max-listpack-entries), and a value is
   * parsed again only when a set replaced its text.
   */
  private final Map<String, ParsedNumber> parsedNumbers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record ParsedNumber(String text, long value) {}

  private final List<Consumer<String>> unimplementedListeners = new ArrayList<>();
  private final Set<String> reportedUnimplemented = new HashSet<>();
  private String configFile;
  private ConfigFileRewriter fileRewriter;

  private ConfigRegistry(List<ConfigParam> catalogue) {
    List<ConfigParam> sorted = new ArrayList<>(catalogue);
    sorted.sort(Comparator.comparing(ConfigParam::name));
    this.params = Collections.unmodifiableList(sorted);
    for (ConfigParam param : sorted) {
      register(param.name(), param);
      for (String alias : param.aliases()) {
        register(alias, param);
      }
      values.put(param.name(), param.defaultValue());
    }
  }

  private void register(String name, ConfigParam param) {
    if (byName.put(name, param) != null) {
      throw new IllegalStateException("directive declared twice: " + name);
    }
    listing.put(name, param);
  }

  /** Every Redis 7 directive at Redstone's defaults. */
  public static ConfigRegistry standard() {
    return new ConfigRegistry(RedisDirectives.all());
  }

  /** The directive named {@code name} or one of its aliases, in any case; null if none. */
  public ConfigParam param(String name) {
    // Commands read directives by their lower-case names on every call: look those up as they are.
    ConfigParam param = byName.get(name);
    return param != null ? param : byName.get(name.toLowerCase(Locale.ROOT));
  }

  /** Every directive once, by canonical name. */
  public List<ConfigParam> params() {
    return params;
  }

  /** The value of a directive as CONFIG GET prints it, or null when there is no such directive. */
  public String get(String name) {
    ConfigParam param = param(name);
    return param == null ? null : values.get(param.name());
  }

  /** A numeric directive's value, saturated to the int range (maxclients may exceed it). */
  public int getInt(String name) {
    long value = getLong(name);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  /**
   * A numeric directive's value; memory directives in bytes, saturated at {@link Long#MAX_VALUE}
   * (maxmemory may be up to 2^64-1); a percentage ({@code maxmemory-clients 5%}) comes back
   * negative ({@code -5}), as Redis stores it.
   */
  public long getLong(String name) {
    ConfigParam param = require(name);
    String value = values.get(param.name());
    ParsedNumber parsed = parsedNumbers.get(param.name());
    // The very String parsed last time (same object, so same text): its number still holds.
    if (parsed != null && parsed.text() == value) {
      return parsed.value();
    }
    long number = parseLong(param, value);
    parsedNumbers.put(param.name(), new ParsedNumber(value, number));
    return number;
  }

  private static long parseLong(ConfigParam param, String value) {
    if (!(param.kind() instanceof Numeric numeric)) {
      throw new IllegalArgumentException(param.name() + " is not numeric: " + value);
    }
    long parsed = numeric.toLong(value);
    boolean overflowed =
        numeric.format() != Numeric.Format.PLAIN && parsed < 0 && !value.endsWith("%");
    return overflowed ? Long.MAX_VALUE : parsed;
  }

  /** A yes/no directive's value. */
  public boolean getBoolean(String name) {
    ConfigParam param = require(name);
    if (!(param.kind() instanceof YesNo)) {
      throw new IllegalArgumentException(param.name() + " is not yes/no");
    }
    return values.get(param.name()).equals("yes");
  }

  /** Redstone's default for the directive, canonical; null if there is no such directive. */
  public String defaultValue(String name) {
    ConfigParam param = param(name);
    return param == null ? null : param.defaultValue();
  }

  private ConfigParam require(String name) {
    ConfigParam param = param(name);
    if (param == null) {
      throw new IllegalArgumentException("no such directive: " + name);
    }
    return param;
  }

  /**
   * Sets a directive as start-up configuration would (one config-file line), immutable ones
   * included. A multi-argument value ({@code save}, {@code bind}) is split on spaces, as CONFIG SET
   * splits it.
   *
   * @throws ConfigSetException for an unknown name or a value Redis would refuse, with Redis's text
   */
  public void set(String name, String value) throws ConfigException {
    ConfigParam param = param(name);
    if (param == null) {
      throw ConfigSetException.unknownOption(name);
    }
    String canonical;
    try {
      canonical = param.kind().normalize(valueArgs(param, value), values.get(param.name()));
    } catch (ConfigException e) {
      throw ConfigSetException.failed(name.toLowerCase(Locale.ROOT), e.getMessage());
    }
    try {
      assign(param, canonical);
    } catch (ConfigException e) {
      throw ConfigSetException.failed(name.toLowerCase(Locale.ROOT), e.getMessage());
    }
  }

  /**
   * CONFIG SET with one or more name/value pairs, as Redis 7 does it: every name is checked first
   * (unknown, immutable, protected, given twice), then every value is validated and stored, then
   * the changes are applied; any failure puts every directive back as it was.
   *
   * @param pairs names and values, in the order given
   * @param localClient whether the client connects from this machine, which {@code
   *     enable-protected-configs local} allows to change protected directives
   */
  public ConfigSetChange configSet(List<Map.Entry<String, String>> pairs, boolean localClient)
      throws ConfigSetException {
    List<ConfigParam> targets = resolveForConfigSet(pairs, localClient);
    Map<String, String> previous = new LinkedHashMap<>();
    List<ConfigParam> changed = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      ConfigParam param = targets.get(i);
      String entryName = pairs.get(i).getKey().toLowerCase(Locale.ROOT);
      String old = values.get(param.name());
      String canonical;
      try {
        canonical = param.kind().normalize(valueArgs(param, pairs.get(i).getValue()), old);
      } catch (ConfigException e) {
        values.putAll(previous);
        throw ConfigSetException.failed(entryName, e.getMessage());
      }
      previous.putIfAbsent(param.name(), old);
      values.put(param.name(), canonical);
      if (!canonical.equals(old)) {
        changed.add(param);
      }
    }
    for (int i = 0; i < changed.size(); i++) {
      ConfigParam param = changed.get(i);
      try {
        runAppliers(param, values.get(param.name()));
      } catch (ConfigException e) {
        values.putAll(previous);
        for (ConfigParam undo : changed.subList(0, i + 1)) {
          reapplyQuietly(undo);
        }
        throw ConfigSetException.failed(entryNameOf(pairs, targets, param), e.getMessage());
      }
    }
    for (ConfigParam param : changed) {
      noticeIfUnimplemented(param);
    }
    return new ConfigSetChange(previous, changed);
  }

  /**
   * What one CONFIG SET changed, for a change that can still fail after the command returned
   * (turning the log on opens its files off the storage thread): Redis's CONFIG SET changes nothing
   * when any part of it fails, so the rest is put back then.
   */
  public final class ConfigSetChange {
    private final Map<String, String> previous;
    private final List<ConfigParam> changed;

    private ConfigSetChange(Map<String, String> previous, List<ConfigParam> changed) {
      this.previous = previous;
      this.changed = changed;
    }

    /** The canonical names of the directives whose value changed. */
    public Set<String> changed() {
      Set<String> names = new LinkedHashSet<>();
      changed.forEach(param -> names.add(param.name()));
      return names;
    }

    /**
     * Puts every changed directive but {@code failed} (canonical name), which its owner has put
     * back itself, back as it was, and into effect again.
     */
    public void rollBackAllBut(String failed) {
      for (ConfigParam param : changed) {
        if (!param.name().equals(failed)) {
          values.put(param.name(), previous.get(param.name()));
          reapplyQuietly(param);
        }
      }
    }
  }

  private List<ConfigParam> resolveForConfigSet(
      List<Map.Entry<String, String>> pairs, boolean localClient) throws ConfigSetException {
    List<ConfigParam> targets = new ArrayList<>();
    ConfigSetException firstRefusal = null;
    for (Map.Entry<String, String> pair : pairs) {
      String name = pair.getKey();
      ConfigParam param = param(name);
      if (param == null) {
        if (firstRefusal == null) {
          throw ConfigSetException.unknownOption(name);
        }
        continue;
      }
      if (firstRefusal == null) {
        firstRefusal = refusal(param, name, localClient, pairs, targets);
      }
      targets.add(param);
    }
    if (firstRefusal != null) {
      throw firstRefusal;
    }
    return targets;
  }

  private ConfigSetException refusal(
      ConfigParam param,
      String name,
      boolean localClient,
      List<Map.Entry<String, String>> pairs,
      List<ConfigParam> earlier) {
    if (param.has(ParamFlag.IMMUTABLE)) {
      return ConfigSetException.failed(name, "can't set immutable config");
    }
    if (param.has(ParamFlag.PROTECTED)
        && !allowsProtectedAction("enable-protected-configs", localClient)) {
      return ConfigSetException.failed(name, "can't set protected config");
    }
    // Redis compares the entries found, so a name and its alias count as two directives.
    for (int j = 0; j < earlier.size(); j++) {
      if (pairs.get(j).getKey().equalsIgnoreCase(name)) {
        return ConfigSetException.failed(name, "duplicate parameter");
      }
    }
    return null;
  }

  /**
   * Whether a protected action is allowed by {@code setting}, one of Redis's {@code
   * enable-*-command} and {@code enable-protected-configs} directives: {@code yes}, or {@code
   * local} for a client on this machine.
   */
  public boolean allowsProtectedAction(String setting, boolean localClient) {
    String policy = values.get(setting);
    return policy.equals("yes") || (policy.equals("local") && localClient);
  }

  private static String entryNameOf(
      List<Map.Entry<String, String>> pairs, List<ConfigParam> targets, ConfigParam param) {
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i) == param) {
        return pairs.get(i).getKey().toLowerCase(Locale.ROOT);
      }
    }
    return param.name();
  }

  /** A CONFIG SET or {@link #set} value as a config line's arguments. */
  private static List<String> valueArgs(ConfigParam param, String value) {
    if (!param.multiArg()) {
      return List.of(value);
    }
    // Redis splits on every single space; "" gives no arguments at all.
    return value.isEmpty() ? List.of() : Arrays.asList(value.split(" ", -1));
  }

  /**
   * Stores an already validated value and applies it if it changed; an applier's refusal restores
   * the old value. Start-up loading and {@link #set} come through here.
   */
  void assign(ConfigParam param, String canonical) throws ConfigException {
    String old = values.put(param.name(), canonical);
    if (canonical.equals(old)) {
      return;
    }
    try {
      runAppliers(param, canonical);
    } catch (ConfigException e) {
      values.put(param.name(), old);
      reapplyQuietly(param);
      throw e;
    }
    noticeIfUnimplemented(param);
  }

  /** The value a directive holds now (canonical name), for the loader's merging of save lines. */
  String current(ConfigParam param) {
    return values.get(param.name());
  }

  private void runAppliers(ConfigParam param, String value) throws ConfigException {
    for (ConfigApplier applier : appliers.getOrDefault(param.name(), List.of())) {
      applier.apply(value);
    }
  }

  private void reapplyQuietly(ConfigParam param) {
    try {
      runAppliers(param, values.get(param.name()));
    } catch (ConfigException ignored) {
      // Restoring the value that was in effect before; Redis only logs this case too.
    }
  }

  private void noticeIfUnimplemented(ConfigParam param) {
    if (param.implemented()
        || values.get(param.name()).equals(param.defaultValue())
        || !reportedUnimplemented.add(param.name())) {
      return;
    }
    for (Consumer<String> listener : unimplementedListeners) {
      listener.accept(param.name());
    }
  }

  /**
   * CONFIG GET: the directives matching any of the patterns, by the name to show. A pattern without
   * {@code * ? [} names one directive in any case and is shown as given; a glob matches names and
   * aliases case-insensitively, never hidden directives. Each directive appears once, under the
   * first name that matched it.
   */
  public Map<String, String> getMatching(List<String> patterns) {
    Map<String, String> result = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (String pattern : patterns) {
      if (!isGlob(pattern)) {
        ConfigParam param = param(pattern);
        if (param != null && seen.add(pattern.toLowerCase(Locale.ROOT))) {
          result.put(pattern, param.kind().shown(values.get(param.name())));
        }
        continue;
      }
      for (Map.Entry<String, ConfigParam> entry : listing.entrySet()) {
        ConfigParam param = entry.getValue();
        if (param.has(ParamFlag.HIDDEN) || seen.contains(entry.getKey())) {
          continue;
        }
        if (Glob.matches(pattern, entry.getKey(), true)) {
          seen.add(entry.getKey());
          result.put(entry.getKey(), param.kind().shown(values.get(param.name())));
        }
      }
    }
    return result;
  }

  private static boolean isGlob(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
  }

  /**
   * Registers what puts a directive into effect: called with the new value whenever it changes, and
   * able to refuse it. Aliases name the same directive.
   */
  public void onApply(String name, ConfigApplier applier) {
    appliers.computeIfAbsent(require(name).name(), k -> new ArrayList<>()).add(applier);
  }

  /** Runs the listener with the new value whenever the directive changes at run time. */
  public void onChange(String name, Consumer<String> listener) {
    onApply(name, listener::accept);
  }

  /**
   * Directives Redstone does not act on whose value differs from the default, by canonical name,
   * sorted: what the server warns about after start-up.
   */
  public List<String> unimplementedChanges() {
    List<String> names = new ArrayList<>();
    for (ConfigParam param : params) {
      if (!param.implemented() && !values.get(param.name()).equals(param.defaultValue())) {
        names.add(param.name());
      }
    }
    return names;
  }

  /**
   * Called with a directive's canonical name the first time it is changed (CONFIG SET, or {@link
   * #set} after start-up) to a non-default value while Redstone does not act on it, so the server
   * can log once that it has no effect.
   */
  public void onUnimplementedChange(Consumer<String> listener) {
    unimplementedListeners.add(listener);
  }

  /** Marks the directives already reported (for example at start-up) so they are not again. */
  public void markUnimplementedReported(List<String> names) {
    reportedUnimplemented.addAll(names);
  }

  /** The config file the server was started with (absolute path), or null. */
  public String configFile() {
    return configFile;
  }

  public void configFile(String path) {
    this.configFile = path;
  }

  /** What CONFIG REWRITE calls to rewrite the config file; null when the server offers none. */
  public ConfigFileRewriter fileRewriter() {
    return fileRewriter;
  }

  public void fileRewriter(ConfigFileRewriter rewriter) {
    this.fileRewriter = rewriter;
  }
}
