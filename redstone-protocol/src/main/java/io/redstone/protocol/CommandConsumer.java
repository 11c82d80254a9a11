package io.redstone.protocol;

/** Receives each complete command the parser finds, in order. */
@FunctionalInterface
public interface CommandConsumer {
  void accept(byte[][] argv);
}
