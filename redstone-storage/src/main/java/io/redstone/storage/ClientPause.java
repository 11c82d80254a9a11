package io.redstone.storage;

import io.redstone.storage.command.CommandFlag;
import io.redstone.storage.command.CommandSpec;

/**
 * {@code CLIENT PAUSE}: until a deadline or {@code CLIENT UNPAUSE}, commands wait instead of
 * running: all of them in {@link Mode#ALL}, those that may change data or replicate (WRITE and
 * MAY_REPLICATE flags) in {@link Mode#WRITE}. The engine only decides; the front end holds the
 * waiting commands and runs them when the pause ends, so no thread ever sleeps.
 */
public final class ClientPause {
  /** Ordered by restriction: a new pause never relaxes one in force. */
  public enum Mode {
    NONE,
    WRITE,
    ALL
  }

  private Mode mode = Mode.NONE;
  private long endMillis;
  private Runnable onChange = () -> {};

  /**
   * Starts or extends a pause, as Redis: the stricter mode and the later deadline of this one and
   * any pause already in force win.
   */
  public void pause(Mode requested, long untilMillis) {
    if (requested.compareTo(mode) > 0) {
      mode = requested;
    }
    endMillis = Math.max(endMillis, untilMillis);
    onChange.run();
  }

  /** Ends the pause now; the front end then runs what waited. */
  public void unpause() {
    boolean wasPaused = mode != Mode.NONE;
    mode = Mode.NONE;
    endMillis = 0;
    if (wasPaused) {
      onChange.run();
    }
  }

  /** Ends the pause if its deadline has passed; true while it is still in force. */
  public boolean active(long nowMillis) {
    if (mode == Mode.NONE) {
      return false;
    }
    if (nowMillis >= endMillis) {
      unpause();
      return false;
    }
    return true;
  }

  /** Whether a pause in force holds this command back. */
  public boolean holds(CommandSpec spec) {
    return switch (mode) {
      case NONE -> false;
      case WRITE -> spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
      case ALL -> true;
    };
  }

  public Mode mode() {
    return mode;
  }

  public long endMillis() {
    return endMillis;
  }

  /** Called on the storage thread whenever a pause starts, is extended, or ends. */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }
}
