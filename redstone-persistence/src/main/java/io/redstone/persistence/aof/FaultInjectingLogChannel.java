package io.redstone.persistence.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test double: a {@link LogChannel} over a real one that fails on demand, the way disks fail. A
 * failed fsync fails once and the next one succeeds, as on Linux after the kernel has dropped the
 * dirty pages: code under test must not take that second success as durability. Shipped in main so
 * the server's tests can use it too. Not thread-safe.
 */
public final class FaultInjectingLogChannel implements LogChannel {
  private final LogChannel delegate;
  private long spaceLeft = Long.MAX_VALUE;
  private int writesUntilFailure;
  private int forcesUntilFailure;
  private boolean truncateFails;
  private boolean zerosFail;
  private int writes;
  private int forces;

  public FaultInjectingLogChannel(LogChannel delegate) {
    this.delegate = delegate;
  }

  /** Opens real files and wraps each in a fault injector, remembering them in opening order. */
  public static final class Opener implements LogChannel.Opener {
    private final List<FaultInjectingLogChannel> opened = new ArrayList<>();

    @Override
    public LogChannel open(Path path) throws IOException {
      FaultInjectingLogChannel channel = new FaultInjectingLogChannel(FileLogChannel.open(path));
      opened.add(channel);
      return channel;
    }

    public List<FaultInjectingLogChannel> opened() {
      return opened;
    }

    /** The channel opened last. */
    public FaultInjectingLogChannel last() {
      return opened.get(opened.size() - 1);
    }
  }

  /**
   * A full disk after {@code bytes} more: the write that reaches the limit writes what fits and
   * returns that count; the next write throws {@code No space left on device}.
   */
  public FaultInjectingLogChannel diskFullAfter(long bytes) {
    spaceLeft = bytes;
    return this;
  }

  /** Space again: writes succeed. */
  public FaultInjectingLogChannel freeSpace() {
    spaceLeft = Long.MAX_VALUE;
    return this;
  }

  /** The {@code nth} write from now (1 = the next) throws an I/O error without writing. */
  public FaultInjectingLogChannel failWrite(int nth) {
    writesUntilFailure = nth;
    return this;
  }

  /** The {@code nth} fsync from now (1 = the next) throws an I/O error; later ones succeed. */
  public FaultInjectingLogChannel failForce(int nth) {
    forcesUntilFailure = nth;
    return this;
  }

  /** Makes writing reserved zeros fail (or work again), as a full disk would. */
  public FaultInjectingLogChannel failZeros(boolean fail) {
    zerosFail = fail;
    return this;
  }

  /** Makes truncation fail (or work again). */
  public FaultInjectingLogChannel failTruncate(boolean fail) {
    truncateFails = fail;
    return this;
  }

  /** Write calls so far, failed ones included. */
  public int writes() {
    return writes;
  }

  /** fsync calls so far, failed ones included. */
  public int forces() {
    return forces;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    writes++;
    if (writesUntilFailure > 0 && --writesUntilFailure == 0) {
      throw new IOException("Input/output error (injected)");
    }
    if (spaceLeft == 0) {
      throw new IOException("No space left on device (injected)");
    }
    if (src.remaining() <= spaceLeft) {
      int n = delegate.write(src);
      spaceLeft = spaceLeft == Long.MAX_VALUE ? spaceLeft : spaceLeft - n;
      return n;
    }
    ByteBuffer part = src.duplicate();
    part.limit(part.position() + (int) spaceLeft);
    int n = delegate.write(part);
    src.position(src.position() + n);
    spaceLeft -= n;
    return n;
  }

  @Override
  public void force() throws IOException {
    forces++;
    if (forcesUntilFailure > 0 && --forcesUntilFailure == 0) {
      throw new IOException("Input/output error (injected fsync failure)");
    }
    delegate.force();
  }

  /** Not counted in {@link #writes()}: reserving space is not a write of records. */
  @Override
  public void writeZeros(long offset, int length) throws IOException {
    if (zerosFail) {
      throw new IOException("No space left on device (injected)");
    }
    delegate.writeZeros(offset, length);
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public void position(long newPosition) throws IOException {
    delegate.position(newPosition);
  }

  @Override
  public void truncate(long size) throws IOException {
    if (truncateFails) {
      throw new IOException("Input/output error (injected truncate failure)");
    }
    delegate.truncate(size);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
