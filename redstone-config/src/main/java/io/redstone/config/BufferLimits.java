package io.redstone.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code client-output-buffer-limit <class> <hard> <soft> <soft-seconds> ...} for the classes
 * {@code normal}, {@code replica} (also {@code slave}) and {@code pubsub}. A value changes only the
 * classes it names; CONFIG GET always prints all three, in bytes, with Redis's class names.
 */
public record BufferLimits() implements ValueKind {
  static final List<String> CLASSES = List.of("normal", "slave", "pubsub");

  /** One class's limits. */
  public record Limit(long hardBytes, long softBytes, long softSeconds) {}

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    if (args.size() % 4 != 0) {
      throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
    }
    Map<String, Limit> limits = parseCanonical(current);
    Map<String, Limit> changes = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i += 4) {
      String clientClass = className(args.get(i));
      if (clientClass == null) {
        throw new ConfigException("Invalid client class specified in buffer limit configuration.");
      }
      Long hard = MemorySize.parse(args.get(i + 1));
      Long soft = MemorySize.parse(args.get(i + 2));
      Long seconds = CNumbers.strtollWhole(args.get(i + 3));
      if (hard == null || soft == null || seconds == null || seconds < 0) {
        throw new ConfigException(
            "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
      }
      changes.put(clientClass, new Limit(hard, soft, seconds));
    }
    limits.putAll(changes);
    return print(limits);
  }

  @Override
  public boolean multiArg() {
    return true;
  }

  private static String className(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "normal", "pubsub" -> lower;
      case "slave", "replica" -> "slave";
      default -> null;
    };
  }

  /** The limits of a canonical value, by class ({@code normal}, {@code slave}, {@code pubsub}). */
  public static Map<String, Limit> parseCanonical(String canonical) {
    Map<String, Limit> limits = new LinkedHashMap<>();
    String[] parts = canonical.split(" ");
    for (int i = 0; i + 3 < parts.length; i += 4) {
      limits.put(
          parts[i],
          new Limit(
              Long.parseUnsignedLong(parts[i + 1]),
              Long.parseUnsignedLong(parts[i + 2]),
              Long.parseLong(parts[i + 3])));
    }
    return limits;
  }

  static String print(Map<String, Limit> limits) {
    List<String> parts = new ArrayList<>();
    for (String clientClass : CLASSES) {
      Limit limit = limits.getOrDefault(clientClass, new Limit(0, 0, 0));
      parts.add(clientClass);
      parts.add(Long.toUnsignedString(limit.hardBytes()));
      parts.add(Long.toUnsignedString(limit.softBytes()));
      parts.add(Long.toString(limit.softSeconds()));
    }
    return String.join(" ", parts);
  }
}
