package io.redstone.storage;

/**
 * CLIENT REPLY ON|OFF|SKIP for one client, as Redis's {@code CLIENT_REPLY_OFF}, {@code
 * CLIENT_REPLY_SKIP} and {@code CLIENT_REPLY_SKIP_NEXT}: whether the replies of its next command
 * are sent. Pushes (pub/sub messages, invalidations) are sent whatever it says.
 */
public final class ReplySwitch {
  private boolean off;
  private boolean skip;
  private boolean skipNext;

  /** CLIENT REPLY ON: replies again, this command's +OK included. */
  public void on() {
    off = false;
    skip = false;
  }

  /** CLIENT REPLY OFF: no replies from now on (nor to this command). */
  public void off() {
    off = true;
  }

  /** CLIENT REPLY SKIP: no reply to the next command (nor to this one); ignored while off. */
  public void skipNext() {
    if (!off) {
      skipNext = true;
    }
  }

  /** RESET: replies on again. */
  public void reset() {
    off = false;
    skipNext = false;
  }

  /** Whether the replies written now are dropped. */
  public boolean silenced() {
    return off || skip;
  }

  /** After each command: a SKIP given by it applies to the next one. */
  void commandDone() {
    skip = false;
    if (skipNext) {
      skip = true;
      skipNext = false;
    }
  }
}
