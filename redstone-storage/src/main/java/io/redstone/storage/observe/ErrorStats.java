package io.redstone.storage.observe;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Error replies counted by their code (the first word: {@code ERR}, {@code WRONGTYPE}, ...), for
 * {@code INFO errorstats}. Like Redis, it stops adding new codes past {@value #MAX_CODES}, so a
 * client inventing error codes (scripts can) cannot grow it without bound; known codes go on
 * counting.
 */
public final class ErrorStats {
  static final int MAX_CODES = 128;

  /** Sorted, as Redis lists them from its radix tree. */
  private final TreeMap<String, long[]> byCode = new TreeMap<>();

  /** Counts one error reply; {@code message} is the reply text without the leading '-'. */
  public void count(String message) {
    int space = message.indexOf(' ');
    String code = space < 0 ? message : message.substring(0, space);
    long[] counter = byCode.get(code);
    if (counter == null) {
      if (byCode.size() >= MAX_CODES) {
        return;
      }
      counter = new long[1];
      byCode.put(code, counter);
    }
    counter[0]++;
  }

  /** Count by code, in name order. */
  public Map<String, Long> counts() {
    Map<String, Long> copy = new TreeMap<>();
    byCode.forEach((code, counter) -> copy.put(code, counter[0]));
    return Collections.unmodifiableMap(copy);
  }

  public void reset() {
    byCode.clear();
  }
}
