package io.redstone.server.persistence;

import java.util.List;

/**
 * What the log gets of the writes of one call: one effect to replay, or several that must load all
 * or none (a transaction's or a script's), which the log writes as one group record.
 */
public sealed interface Effect {
  /** One write's effect as the engine streamed it: the database and the argv to replay. */
  record Write(int db, byte[][] argv) implements Effect {}

  /** Effects that reach the disk together or not at all, in order. */
  record Atomic(List<Write> writes) implements Effect {}
}
