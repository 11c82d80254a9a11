package io.redstone.persistence.aof;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The file operations the appender needs, so tests can put a failing disk under it ({@link
 * FaultInjectingLogChannel}). Semantics as {@link java.nio.channels.FileChannel}'s.
 */
public interface LogChannel extends Closeable {
  /** Opens (creating if missing) the file at {@code path} for writing, positioned at its end. */
  @FunctionalInterface
  interface Opener {
    Opener FILES = FileLogChannel::open;

    LogChannel open(Path path) throws IOException;
  }

  /**
   * Writes some of {@code src}'s remaining bytes at the position and advances it; returns how many.
   */
  int write(ByteBuffer src) throws IOException;

  /** fsyncs the file's data (and the metadata needed to read it back, such as its size). */
  void force() throws IOException;

  long size() throws IOException;

  long position() throws IOException;

  void position(long newPosition) throws IOException;

  /**
   * Writes {@code length} zero bytes at {@code offset} without moving the position, growing the
   * file if they reach past its end: space reserved for later writes.
   */
  void writeZeros(long offset, int length) throws IOException;

  /** Cuts the file to {@code size} bytes; the position moves back to it if it was beyond. */
  void truncate(long size) throws IOException;
}
