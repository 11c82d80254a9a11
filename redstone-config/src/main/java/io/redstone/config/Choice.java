package io.redstone.config;

import java.util.List;
import java.util.Map;

/**
 * One word from a fixed list, in any case; CONFIG GET prints it in lower case. A synonym maps to
 * the word Redis prints for the same setting ({@code oom-score-adj relative} shows as {@code yes}).
 */
public record Choice(List<String> options, Map<String, String> synonyms) implements ValueKind {

  public Choice {
    options = List.copyOf(options);
    synonyms = Map.copyOf(synonyms);
  }

  public static Choice of(String... options) {
    return new Choice(List.of(options), Map.of());
  }

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    String value = args.get(0);
    for (String option : options) {
      if (option.equalsIgnoreCase(value)) {
        return synonyms.getOrDefault(option, option);
      }
    }
    throw new ConfigException(mustBeOneOf(options));
  }

  static String mustBeOneOf(List<String> options) {
    return "argument(s) must be one of the following: " + String.join(", ", options);
  }
}
