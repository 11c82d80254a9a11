package io.redstone.storage.command;

import io.redstone.protocol.text.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the keys of a command line the way Redis 7 does for {@code COMMAND GETKEYS}: from the key
 * specs when they are reliable, otherwise with the command's own {@link KeyFinder}.
 */
public final class KeySearch {
  private KeySearch() {}

  /** Whether the command can have keys at all: a key finder, or a spec for real keys. */
  public static boolean hasKeys(CommandSpec spec) {
    return spec.keyFinder() != null || hasRealKeySpec(spec);
  }

  /**
   * The keys of {@code argv} (argv[0] is the command name), in key-spec order. Specs flagged {@code
   * variable_flags} leave the search to the key finder, as does a spec that does not fit the
   * arguments; with no key finder either, no keys.
   */
  public static List<KeyReference> find(CommandSpec spec, byte[][] argv) {
    boolean variableFlags = false;
    for (KeySpec keySpec : spec.keySpecs()) {
      variableFlags |= keySpec.has(KeySpec.Flag.VARIABLE_FLAGS);
    }
    if (hasRealKeySpec(spec) && !variableFlags) {
      List<KeyReference> keys = bySpecs(spec, argv);
      if (keys != null) {
        return keys;
      }
    }
    return spec.keyFinder() != null ? spec.keyFinder().find(argv) : List.of();
  }

  private static boolean hasRealKeySpec(CommandSpec spec) {
    for (KeySpec keySpec : spec.keySpecs()) {
      if (!keySpec.has(KeySpec.Flag.NOT_KEY)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Applies every key spec in turn; null when one does not fit the arguments (its range runs past
   * the end, its key count is not a number), is incomplete or is {@link KeySpec.Unknown}. A keyword
   * that is absent only skips its spec.
   */
  private static List<KeyReference> bySpecs(CommandSpec spec, byte[][] argv) {
    int argc = argv.length;
    List<KeyReference> keys = new ArrayList<>();
    for (KeySpec keySpec : spec.keySpecs()) {
      if (keySpec.has(KeySpec.Flag.NOT_KEY)) {
        continue;
      }
      if (keySpec.beginSearch() instanceof KeySpec.Unknown) {
        return null; // as Redis: an unknown spec is invalid, the key finder answers
      }
      int first = begin(keySpec.beginSearch(), argv);
      if (first == 0) {
        continue;
      }
      int last;
      int step;
      if (keySpec.findKeys() instanceof KeySpec.Range range) {
        step = range.keyStep();
        if (range.lastKey() >= 0) {
          last = first + range.lastKey();
        } else if (range.limit() == 0) {
          last = argc + range.lastKey();
        } else {
          last = first + ((argc - first) / range.limit() + range.lastKey());
        }
      } else {
        KeySpec.KeyNum keyNum = (KeySpec.KeyNum) keySpec.findKeys();
        step = keyNum.keyStep();
        int countAt = first + keyNum.keyNumIndex();
        if (countAt >= argc) {
          return null;
        }
        if (!Numbers.isLong(argv[countAt])) {
          return null;
        }
        long count = Numbers.parseLong(argv[countAt]);
        if (count < 0 || count > argc) { // more keys than arguments runs past the end anyway
          return null;
        }
        first += keyNum.firstKey();
        last = first + (int) count - 1;
      }
      if (last >= argc || last < first || first >= argc) {
        return null;
      }
      for (int i = first; i <= last; i += step) {
        keys.add(new KeyReference(i, keySpec.flags()));
      }
      if (keySpec.has(KeySpec.Flag.INCOMPLETE)) {
        return null;
      }
    }
    return keys;
  }

  /**
   * The argv index where the spec's keys start, or 0 when its keyword is absent. A keyword is
   * looked for from {@code startFrom} towards the end (or, when negative, from that far before the
   * end towards the start), never at the last argument (forwards) or argv[1] (backwards).
   */
  private static int begin(KeySpec.BeginSearch search, byte[][] argv) {
    if (search instanceof KeySpec.Index index) {
      return index.position();
    }
    KeySpec.Keyword keyword = (KeySpec.Keyword) search;
    int argc = argv.length;
    boolean forwards = keyword.startFrom() > 0;
    int start = forwards ? keyword.startFrom() : argc + keyword.startFrom();
    int end = forwards ? argc - 1 : 1;
    for (int i = start; i != end; i += start <= end ? 1 : -1) {
      if (i >= argc || i < 1) {
        break;
      }
      if (Numbers.equalsIgnoreCase(argv[i], keyword.keyword())) {
        return i + 1;
      }
    }
    return 0;
  }
}
