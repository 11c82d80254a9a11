package io.redstone.storage.tracking;

import java.util.Arrays;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * One client's CLIENT TRACKING state, as Redis's {@code CLIENT_TRACKING*} flags, redirection and
 * prefixes. Read it freely; only {@link Tracking} changes it, which keeps the server's tables in
 * step.
 */
public final class ClientTracking {
  /** The unsigned byte order Redis's radix trees keep: prefixes are listed in it. */
  static final java.util.Comparator<byte[]> BYTE_ORDER = Arrays::compareUnsigned;

  private boolean on;
  private boolean bcast;
  private boolean optIn;
  private boolean optOut;
  private boolean noLoop;
  private boolean caching;
  private boolean brokenRedirect;
  private long redirect;
  private final NavigableSet<byte[]> prefixes = new TreeSet<>(BYTE_ORDER);

  /** CLIENT TRACKING ON is in force (flag {@code t}). */
  public boolean on() {
    return on;
  }

  /** Broadcast mode (flag {@code B}): told of every key under its prefixes, nothing remembered. */
  public boolean bcast() {
    return bcast;
  }

  public boolean optIn() {
    return optIn;
  }

  public boolean optOut() {
    return optOut;
  }

  /** Not told of changes it made itself. */
  public boolean noLoop() {
    return noLoop;
  }

  /**
   * CLIENT CACHING YES (with OPTIN) or NO (with OPTOUT) was given for the next command: Redis's
   * {@code CLIENT_TRACKING_CACHING}, cleared after the next command that is not a CLIENT command,
   * or after EXEC.
   */
  public boolean caching() {
    return caching;
  }

  /** The client it redirects to has gone (flag {@code R}). */
  public boolean brokenRedirect() {
    return brokenRedirect;
  }

  /** The client id its invalidations go to, or 0 for itself. */
  public long redirect() {
    return redirect;
  }

  /** Its broadcast prefixes in byte order; an empty prefix stands for every key. */
  public NavigableSet<byte[]> prefixes() {
    return Collections.unmodifiableNavigableSet(prefixes);
  }

  /** Whether the keys a read-only command of this client reads are remembered for it now. */
  boolean remembersReads() {
    return on && !bcast && !(optIn && !caching) && !(optOut && caching);
  }

  void enable(long redirectTo, boolean bcast, boolean optIn, boolean optOut, boolean noLoop) {
    this.on = true;
    this.brokenRedirect = false;
    this.redirect = redirectTo;
    this.bcast = bcast;
    this.optIn = optIn;
    this.optOut = optOut;
    this.noLoop = noLoop;
  }

  void disable() {
    on = false;
    bcast = false;
    optIn = false;
    optOut = false;
    noLoop = false;
    caching = false;
    brokenRedirect = false;
    prefixes.clear();
  }

  boolean addPrefix(byte[] prefix) {
    return prefixes.add(prefix);
  }

  void caching(boolean value) {
    this.caching = value;
  }

  void brokenRedirect(boolean value) {
    this.brokenRedirect = value;
  }
}
