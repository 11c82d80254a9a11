package io.redstone.storage.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every configuration directive by its redis.conf name, with its current value. Values are kept
 * as Redis prints them for CONFIG GET. PLACEHOLDER: a minimal set of directives until the full
 * registry lands.
 */
public final class ConfigRegistry {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, List<Consumer<String>>> listeners = new LinkedHashMap<>();

  public static ConfigRegistry standard() {
    ConfigRegistry registry = new ConfigRegistry();
    registry.values.put("bind", "127.0.0.1 -::1");
    registry.values.put("port", "6379");
    registry.values.put("databases", "16");
    registry.values.put("hz", "10");
    registry.values.put("dir", "./data");
    registry.values.put("maxclients", "10000");
    registry.values.put("proto-max-bulk-len", "536870912");
    return registry;
  }

  /** The value of a directive as CONFIG GET prints it, or null when there is no such directive. */
  public String get(String name) {
    return values.get(name.toLowerCase(Locale.ROOT));
  }

  public int getInt(String name) {
    return Integer.parseInt(get(name));
  }

  public long getLong(String name) {
    return Long.parseLong(get(name));
  }

  public void set(String name, String value) throws ConfigException {
    String key = name.toLowerCase(Locale.ROOT);
    if (!values.containsKey(key)) {
      throw new ConfigException("Unknown option or number of arguments for CONFIG SET - '" + name + "'");
    }
    values.put(key, value);
    for (Consumer<String> listener : listeners.getOrDefault(key, List.of())) {
      listener.accept(value);
    }
  }

  /** Runs the listener with the new value whenever the directive changes at run time. */
  public void onChange(String name, Consumer<String> listener) {
    listeners.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(listener);
  }
}
