package io.redstone.config;

import java.util.ArrayList;
import java.util.List;

/** {@code oom-score-adj-values <primary> <replica> <background-child>}, each -2000..2000. */
public record OomScoreValues() implements ValueKind {

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    if (args.size() != 3) {
      throw new ConfigException("wrong number of arguments");
    }
    List<String> values = new ArrayList<>();
    for (String arg : args) {
      Long value = CNumbers.strtollWhole(arg);
      if (value == null || value < -2000 || value > 2000) {
        throw new ConfigException(
            "Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
      }
      values.add(Long.toString(value));
    }
    return String.join(" ", values);
  }

  @Override
  public boolean multiArg() {
    return true;
  }
}
