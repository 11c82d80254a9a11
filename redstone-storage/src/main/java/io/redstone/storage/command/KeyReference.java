package io.redstone.storage.command;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** One key of a command line: its argv index and how the command uses it. */
public record KeyReference(int position, Set<KeySpec.Flag> flags) {
  public KeyReference {
    flags =
        flags.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(flags)); // Redis's order when iterated
  }
}
