package io.redstone.storage.command;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Finds a command by the raw bytes of {@code argv[0]}, in any ASCII case, without allocating: every
 * request passes through here, and turning the name into a lower-case {@code String} first cost an
 * allocation and a copy per command. Open addressing over a power-of-two array at most a quarter
 * full, so a probe sequence is short; built once and read-only afterwards.
 */
final class CommandNameIndex {
  private final byte[][] names;
  private final CommandSpec[] specs;
  private final int mask;

  CommandNameIndex(Map<String, CommandSpec> byLowerCaseName) {
    int capacity = Integer.highestOneBit(Math.max(4, byLowerCaseName.size() * 4) - 1) << 1;
    names = new byte[capacity][];
    specs = new CommandSpec[capacity];
    mask = capacity - 1;
    for (Map.Entry<String, CommandSpec> e : byLowerCaseName.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
      int slot = hash(name) & mask;
      while (names[slot] != null) {
        slot = (slot + 1) & mask;
      }
      names[slot] = name;
      specs[slot] = e.getValue();
    }
  }

  CommandSpec find(byte[] name) {
    for (int slot = hash(name) & mask; names[slot] != null; slot = (slot + 1) & mask) {
      if (equalsIgnoringAsciiCase(names[slot], name)) {
        return specs[slot];
      }
    }
    return null;
  }

  /** FNV-1a over the lower-cased bytes, so every spelling of a name lands on the same slot. */
  private static int hash(byte[] name) {
    int h = 0x811c9dc5;
    for (byte b : name) {
      h = (h ^ lower(b)) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  private static boolean equalsIgnoringAsciiCase(byte[] lowerCase, byte[] candidate) {
    if (lowerCase.length != candidate.length) {
      return false;
    }
    for (int i = 0; i < lowerCase.length; i++) {
      if (lowerCase[i] != lower(candidate[i])) {
        return false;
      }
    }
    return true;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }
}
