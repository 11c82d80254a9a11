package io.redstone.storage.command;

import java.util.List;

/**
 * A command's own search for its keys, for the few whose key specs cannot tell the access flags
 * from the declaration alone (Redis marks those specs {@code variable_flags}).
 */
@FunctionalInterface
public interface KeyFinder {
  /** The keys of the whole command line {@code argv} (argv[0] is the command name). */
  List<KeyReference> find(byte[][] argv);
}
