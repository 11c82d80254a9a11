package io.redstone.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of words from a fixed list, such as {@code shutdown-on-sigterm nosave now}. The first
 * option is the empty set ({@code default}); CONFIG GET prints the chosen words in list order.
 */
public record FlagChoice(List<String> options) implements ValueKind {

  public FlagChoice {
    options = List.copyOf(options);
  }

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    if (args.isEmpty()) {
      throw new ConfigException(Choice.mustBeOneOf(options));
    }
    boolean[] chosen = new boolean[options.size()];
    for (String arg : args) {
      int index = indexOf(arg);
      if (index < 0) {
        throw new ConfigException(Choice.mustBeOneOf(options));
      }
      chosen[index] = true;
    }
    int save = indexOf("save");
    int nosave = indexOf("nosave");
    if (save >= 0 && nosave >= 0 && chosen[save] && chosen[nosave]) {
      throw new ConfigException("shutdown options SAVE and NOSAVE can't be used simultaneously");
    }
    List<String> words = new ArrayList<>();
    for (int i = 1; i < options.size(); i++) {
      if (chosen[i]) {
        words.add(options.get(i));
      }
    }
    return words.isEmpty() ? options.get(0) : String.join(" ", words);
  }

  private int indexOf(String word) {
    for (int i = 0; i < options.size(); i++) {
      if (options.get(i).equalsIgnoreCase(word)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean multiArg() {
    return true;
  }
}
