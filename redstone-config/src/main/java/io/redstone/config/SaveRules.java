package io.redstone.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code save <seconds> <changes> [<seconds> <changes> ...]}: snapshot after so many seconds if at
 * least so many writes happened. {@code save ""} clears the rules. A config file may spread the
 * rules over several {@code save} lines; {@link ConfigLoader} joins them.
 */
public record SaveRules() implements ValueKind {
  static final String INVALID = "Invalid save parameters";

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    if (args.size() == 1 && args.get(0).isEmpty()) {
      return "";
    }
    if (args.size() % 2 != 0) {
      throw new ConfigException(INVALID);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Long value = CNumbers.strtollWhole(args.get(i));
      boolean seconds = i % 2 == 0;
      if (value == null || (seconds && value < 1) || (!seconds && value < 0)) {
        throw new ConfigException(INVALID);
      }
      // Redis keeps the number of changes in an int.
      out.add(seconds ? Long.toString(value) : Integer.toString((int) (long) value));
    }
    return String.join(" ", out);
  }

  @Override
  public boolean multiArg() {
    return true;
  }

  /** The rules of a canonical value, as (seconds, changes) pairs. */
  public static List<long[]> rules(String canonical) {
    List<long[]> rules = new ArrayList<>();
    if (canonical.isEmpty()) {
      return rules;
    }
    String[] parts = canonical.split(" ");
    for (int i = 0; i + 1 < parts.length; i += 2) {
      rules.add(new long[] {Long.parseLong(parts[i]), Long.parseLong(parts[i + 1])});
    }
    return rules;
  }
}
