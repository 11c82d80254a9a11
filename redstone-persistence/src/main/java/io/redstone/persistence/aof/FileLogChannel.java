package io.redstone.persistence.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A {@link LogChannel} over a {@link FileChannel}. */
public final class FileLogChannel implements LogChannel {
  /** Zeros are written from one buffer of this size, however much is reserved at once. */
  private static final int ZEROS = 64 << 10;

  private final FileChannel channel;
  private final ByteBuffer zeros = ByteBuffer.allocateDirect(ZEROS);

  private FileLogChannel(FileChannel channel) {
    this.channel = channel;
  }

  /** Opens (creating if missing) {@code path} for writing, positioned at its end. */
  public static FileLogChannel open(Path path) throws IOException {
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    channel.position(channel.size());
    return new FileLogChannel(channel);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return channel.write(src);
  }

  /** {@code fdatasync}: the size is part of what it flushes, the modification time is not. */
  @Override
  public void force() throws IOException {
    channel.force(false);
  }

  @Override
  public void writeZeros(long offset, int length) throws IOException {
    for (long at = offset, end = offset + length; at < end; ) {
      ByteBuffer src = zeros.duplicate().clear().limit((int) Math.min(ZEROS, end - at));
      while (src.hasRemaining()) {
        at += channel.write(src, at);
      }
    }
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public long position() throws IOException {
    return channel.position();
  }

  @Override
  public void position(long newPosition) throws IOException {
    channel.position(newPosition);
  }

  @Override
  public void truncate(long size) throws IOException {
    channel.truncate(size);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
