package io.redstone.persistence.aof;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends encoded records to one increment file and fsyncs it, synchronously, on the caller's
 * thread (the server's AOF worker). Offsets identify appends: {@link #append} returns where an
 * append ends, {@link #sync()} returns up to where the file is durable, so a group commit knows
 * which of its clients to answer.
 *
 * <p>Failures are sticky; the appender never pretends:
 *
 * <ul>
 *   <li>A failed or short write (a full disk) is cut off: the file is truncated back to where the
 *       append began, so no later record can follow half of one. The state becomes {@link
 *       State#WRITE_FAILED}: appends are refused until {@link #clearWriteFailure()} (Redis retries
 *       a failed write later; the caller still holds the bytes). {@link #sync()} still works: the
 *       earlier appends are intact.
 *   <li>If the cut itself fails, or an fsync fails, the state becomes {@link State#BROKEN} for
 *       good. After a failed fsync the kernel may have dropped the unwritten pages and a second
 *       fsync can succeed without them, so it is never retried: everything after {@link
 *       #durableOffset()} must be treated as lost. The way back is a rewrite: a new increment and a
 *       base written from memory ({@link AofDirectory#startRewrite}).
 * </ul>
 *
 * <p>After an fsync, when less than a quarter of a step of zeros is left past the records, it
 * writes another step of them (see {@link io.redstone.persistence.format}): sixteen times what that
 * fsync covered, within {@link #MIN_RESERVE} and {@link #MAX_RESERVE}, so that about one fsync in
 * twelve or more carries one. That fsync flushes the zeros and the new size; those after it
 * overwrite blocks already allocated and have no metadata to commit, which on ext4 made them about
 * a quarter shorter (docs/persistence.md). Writes that outrun the reserve grow the file as before;
 * a reserve that cannot be written (a full disk) is given up for this file. {@link #close()} cuts
 * the unused reserve off.
 *
 * <p>Confined to one thread, except {@link #size()}, {@link #durableOffset()} and {@link #state()},
 * which any thread may read (for INFO).
 */
public final class AofAppender implements Closeable {
  /** Where the appender stands. */
  public enum State {
    /** Appends and fsyncs go through. */
    HEALTHY,
    /** A write failed and was cut off cleanly: appends wait for {@link #clearWriteFailure()}. */
    WRITE_FAILED,
    /** An fsync failed, or a failed write could not be cut off: nothing more is written. */
    BROKEN,
    /** Closed. */
    CLOSED
  }

  private static final Logger log = LoggerFactory.getLogger(AofAppender.class);

  /** Writes that make no progress this many times in a row count as a failure. */
  private static final int MAX_ZERO_WRITES = 3;

  /** The smallest step of reserve: what a small, quiet log keeps on disk past its records. */
  static final long MIN_RESERVE = 64 << 10;

  /** The largest step, so that the fsync that carries one is not much longer than the others. */
  static final long MAX_RESERVE = 4 << 20;

  /** How many fsyncs like the last one a step of reserve should hold. */
  static final int SYNCS_PER_RESERVE = 16;

  private final Path file;
  private final LogChannel channel;
  private volatile long size;
  private volatile long durable;
  private volatile State state = State.HEALTHY;
  private IOException failure;

  /** The end of the file: {@link #size} plus the reserve (or more, after a failed reserve). */
  private long fileEnd;

  private boolean reserving = true;

  /**
   * Appends to {@code channel} from its current end. Everything already in the file is fsynced
   * first, so {@link #durableOffset()} starts true.
   *
   * @param file the file's path, for messages
   */
  public AofAppender(Path file, LogChannel channel) throws IOException {
    this(file, channel, channel.size());
  }

  /**
   * Appends to {@code channel} from {@code end}, where its records end; what follows is reserved
   * space (see {@link io.redstone.persistence.format}).
   */
  public AofAppender(Path file, LogChannel channel, long end) throws IOException {
    this.file = file;
    this.channel = channel;
    this.fileEnd = channel.size();
    if (end > fileEnd) {
      throw new IllegalArgumentException(file + " ends at " + fileEnd + ", before " + end);
    }
    channel.position(end);
    channel.force();
    this.size = end;
    this.durable = end;
  }

  public Path file() {
    return file;
  }

  /** The end of the last complete append: the file's length as far as records go. */
  public long size() {
    return size;
  }

  /** The end of the bytes known to be on disk. */
  public long durableOffset() {
    return durable;
  }

  public State state() {
    return state;
  }

  /** The failure behind a state other than {@link State#HEALTHY}, else null. */
  public IOException failure() {
    return failure;
  }

  /**
   * Writes all of {@code records} (whole encoded records) and returns the offset where they end. On
   * failure nothing of them stays in the file and the buffer's position is unspecified: the caller
   * keeps what it needs to retry.
   *
   * @throws AofAppendException when the write fails, or the appender failed before
   */
  public long append(ByteBuffer records) throws AofAppendException {
    if (state != State.HEALTHY) {
      throw refused("append to");
    }
    long start = size;
    long length = records.remaining();
    try {
      int zeroWrites = 0;
      while (records.hasRemaining()) {
        if (channel.write(records) == 0 && ++zeroWrites >= MAX_ZERO_WRITES) {
          throw new IOException("the file accepts no more bytes");
        }
      }
    } catch (IOException e) {
      throw cutOff(start, e);
    }
    size = start + length;
    fileEnd = Math.max(fileEnd, size);
    return size;
  }

  /**
   * As {@link #append(ByteBuffer)} for {@code length} bytes of {@code bytes} from {@code offset}.
   */
  public long append(byte[] bytes, int offset, int length) throws AofAppendException {
    return append(ByteBuffer.wrap(bytes, offset, length));
  }

  /**
   * fsyncs everything appended so far; returns the durable offset (now {@link #size()}). Skips the
   * system call when nothing was appended since the last one.
   *
   * @throws AofAppendException when the fsync fails (the appender is then {@link State#BROKEN}), or
   *     it failed before
   */
  public long sync() throws AofAppendException {
    if (state == State.BROKEN || state == State.CLOSED) {
      throw refused("fsync");
    }
    long target = size;
    if (durable == target) {
      return target;
    }
    try {
      channel.force();
    } catch (IOException e) {
      failure = e;
      state = State.BROKEN;
      throw new AofAppendException(
          "fsync of "
              + file
              + " failed ("
              + e.getMessage()
              + "): bytes after offset "
              + durable
              + " may be lost, the log will not be written again",
          e,
          durable,
          state);
    }
    long synced = target - durable;
    durable = target;
    reserveAhead(synced);
    return target;
  }

  private void reserveAhead(long synced) {
    long step = Math.min(MAX_RESERVE, Math.max(MIN_RESERVE, SYNCS_PER_RESERVE * synced));
    if (!reserving || fileEnd - size >= step / 4) {
      return;
    }
    long from = fileEnd;
    fileEnd = from + step;
    try {
      channel.writeZeros(from, (int) step);
    } catch (IOException e) {
      // Zeros past the records are harmless, even cut short: only the speed-up is lost.
      reserving = false;
      log.warn(
          "Could not reserve space ahead of the records in {} ({}): writing on without",
          file.getFileName(),
          e.getMessage());
    }
  }

  /**
   * Lets appends through again after a write failure that was cut off cleanly (e.g. the disk has
   * space again). Does nothing when healthy.
   *
   * @throws IllegalStateException when the appender is broken or closed: that is not recoverable
   */
  public void clearWriteFailure() {
    if (state == State.WRITE_FAILED) {
      state = State.HEALTHY;
      failure = null;
    } else if (state != State.HEALTHY) {
      throw new IllegalStateException(file + " is " + state + " and cannot be written again");
    }
  }

  /**
   * Cuts the unused reserve off and closes the file, without an fsync: sync first if the last
   * appends matter.
   */
  @Override
  public void close() throws IOException {
    if (state == State.CLOSED) {
      return;
    }
    if (state != State.BROKEN && fileEnd > size) {
      try {
        channel.truncate(size);
      } catch (IOException e) {
        // The reserve stays: readers take it for what it is.
        log.debug("Could not cut the reserve off {}: {}", file.getFileName(), e.toString());
      }
    }
    state = State.CLOSED;
    channel.close();
  }

  /** Truncates a failed append away; decides between WRITE_FAILED and BROKEN. */
  private AofAppendException cutOff(long start, IOException cause) {
    failure = cause;
    try {
      channel.truncate(start);
      fileEnd = start;
      channel.position(start);
      long after = channel.size();
      if (after != start) {
        throw new IOException("the file is " + after + " bytes after truncating to " + start);
      }
    } catch (IOException truncateFailure) {
      cause.addSuppressed(truncateFailure);
      state = State.BROKEN;
      return new AofAppendException(
          "write to "
              + file
              + " failed at offset "
              + start
              + " ("
              + cause.getMessage()
              + ") and the partial write could not be cut off ("
              + truncateFailure.getMessage()
              + "): the log will not be written again",
          cause,
          durable,
          state);
    }
    state = State.WRITE_FAILED;
    return new AofAppendException(
        "write to "
            + file
            + " failed at offset "
            + start
            + " ("
            + cause.getMessage()
            + "); the partial write was cut off and appends wait until the failure is cleared",
        cause,
        durable,
        state);
  }

  private AofAppendException refused(String what) {
    return new AofAppendException(
        "cannot "
            + what
            + " "
            + file
            + ": the log is "
            + state
            + (failure == null ? "" : " after: " + failure.getMessage()),
        failure,
        durable,
        state);
  }
}
