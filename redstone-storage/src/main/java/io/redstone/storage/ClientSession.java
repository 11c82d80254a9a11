package io.redstone.storage;

import io.redstone.storage.pubsub.Subscriptions;
import io.redstone.storage.tracking.ClientTracking;

/**
 * What the engine knows of one client: the small per-client context every command runs with
 * (selected database, protocol version, id) and what {@code CLIENT LIST} reports. Owned by the
 * storage thread: only commands change it. The front end supplies a {@link Link} to act on the
 * connection itself.
 */
public final class ClientSession {

  /** The front end's handle on the connection behind a session. */
  public interface Link {
    /** Closes the connection once the replies already produced have been written. */
    void closeAfterReplies();

    /** File descriptor for CLIENT LIST, or -1 when there is none. */
    default int fd() {
      return -1;
    }

    /** Bytes waiting in the client's output buffer, for CLIENT LIST's {@code omem}. */
    default long pendingOutputBytes() {
      return 0;
    }

    /**
     * Writes bytes that answer no command of this client (MONITOR lines), after the replies already
     * handed to the connection. Called on the storage thread; must not block it.
     */
    default void push(byte[] bytes) {}
  }

  private final long id;
  private final String address;
  private final String localAddress;
  private final long createdMillis;
  private final Link link;

  private int db;
  private int protocol = 2;
  private String name = "";
  private String libName = "";
  private String libVersion = "";
  private long lastInteractionMillis;
  private String lastCommand = "NULL";
  private boolean closing;

  /** Written on the storage thread, read by the connection's parser on its event loop. */
  private volatile boolean authenticated = true;

  private boolean noEvict;
  private boolean noTouch;
  private boolean monitor;
  private boolean waiting;
  private boolean blocked;
  private boolean scripted;
  private Subscriptions subscriptions;
  private final Transaction transaction = new Transaction();
  private final ClientTracking tracking = new ClientTracking();
  private final ReplySwitch replies = new ReplySwitch();

  public ClientSession(
      long id, String address, String localAddress, long createdMillis, Link link) {
    this.id = id;
    this.address = address;
    this.localAddress = localAddress;
    this.createdMillis = createdMillis;
    this.lastInteractionMillis = createdMillis;
    this.link = link;
  }

  /** A session with no connection behind it: tests, a REPL, AOF replay. */
  public static ClientSession detached(long id) {
    return new ClientSession(id, "", "", System.currentTimeMillis(), () -> {});
  }

  public long id() {
    return id;
  }

  public String address() {
    return address;
  }

  public String localAddress() {
    return localAddress;
  }

  /**
   * Whether the client connects from this machine, which the {@code local} value of {@code
   * enable-protected-configs} and {@code enable-debug-command} asks for. As Redis decides it: a
   * Unix socket, or a peer whose address is exactly 127.0.0.1 or ::1 (another 127.x address, or
   * 127.0.0.1 mapped into IPv6, is not). An in-process session (no address) counts as local.
   */
  public boolean isLocal() {
    if (address.isEmpty() || address.startsWith("/")) {
      return true;
    }
    String host = hostOf(address);
    return host.equals("127.0.0.1") || host.equals("::1");
  }

  /** The host part of an {@code ip:port} address, IPv6 without its brackets. */
  private static String hostOf(String address) {
    if (address.startsWith("[")) {
      int close = address.indexOf(']');
      return close < 0 ? address : address.substring(1, close);
    }
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }

  public long createdMillis() {
    return createdMillis;
  }

  public Link link() {
    return link;
  }

  public int db() {
    return db;
  }

  public void db(int db) {
    this.db = db;
  }

  public int protocol() {
    return protocol;
  }

  public void protocol(int protocol) {
    this.protocol = protocol;
  }

  public String name() {
    return name;
  }

  public void name(String name) {
    this.name = name;
  }

  public String libName() {
    return libName;
  }

  public void libName(String libName) {
    this.libName = libName;
  }

  public String libVersion() {
    return libVersion;
  }

  public void libVersion(String libVersion) {
    this.libVersion = libVersion;
  }

  public long lastInteractionMillis() {
    return lastInteractionMillis;
  }

  public String lastCommand() {
    return lastCommand;
  }

  void recordCommand(String fullName, long nowMillis) {
    this.lastCommand = fullName;
    this.lastInteractionMillis = nowMillis;
  }

  /** {@code CLIENT NO-EVICT}: exempt from client eviction (shown as flag {@code e}). */
  public boolean noEvict() {
    return noEvict;
  }

  public void noEvict(boolean value) {
    this.noEvict = value;
  }

  /** {@code CLIENT NO-TOUCH}: reads leave keys' access clock alone (shown as flag {@code T}). */
  public boolean noTouch() {
    return noTouch;
  }

  public void noTouch(boolean value) {
    this.noTouch = value;
  }

  /** In MONITOR mode (shown as flag {@code O}). */
  public boolean monitor() {
    return monitor;
  }

  public void monitor(boolean value) {
    this.monitor = value;
  }

  /**
   * Its next command waits for a CLIENT PAUSE to end: counted in {@code blocked_clients} and shown
   * as flag {@code b}, as Redis shows a client it postponed. Set by the front end.
   */
  public boolean waiting() {
    return waiting;
  }

  public void waiting(boolean value) {
    this.waiting = value;
  }

  /**
   * It waits in a blocking command (BLPOP and the like): counted in {@code blocked_clients} and
   * shown as flag {@code b}. Set by the engine; the front end runs none of the client's later
   * commands until it is cleared.
   */
  public boolean blocked() {
    return blocked;
  }

  void blocked(boolean value) {
    this.blocked = value;
  }

  /**
   * Its channels, patterns and shard channels, created on first use. Read it freely; change it only
   * through {@link io.redstone.storage.pubsub.PubSub}, which keeps the server's index in step.
   */
  public Subscriptions subscriptions() {
    if (subscriptions == null) {
      subscriptions = new Subscriptions();
    }
    return subscriptions;
  }

  /** In subscribed mode: subscribed to at least one channel, pattern or shard channel. */
  public boolean subscribed() {
    return subscriptions != null && subscriptions.any();
  }

  /** Its MULTI/EXEC state and WATCHed keys. */
  public Transaction transaction() {
    return transaction;
  }

  /**
   * Its CLIENT TRACKING state; changed only through {@link io.redstone.storage.tracking.Tracking}.
   */
  public ClientTracking tracking() {
    return tracking;
  }

  /** Its CLIENT REPLY mode. */
  public ReplySwitch replies() {
    return replies;
  }

  /** False while a password is required and the client has not given it. */
  public boolean authenticated() {
    return authenticated;
  }

  public void authenticated(boolean value) {
    this.authenticated = value;
  }

  /** True once QUIT or CLIENT KILL has asked for the connection to close. */
  public boolean closing() {
    return closing;
  }

  /** Closes the connection after the replies produced so far (QUIT, CLIENT KILL). */
  public void close() {
    if (!closing) {
      closing = true;
      link.closeAfterReplies();
    }
  }

  /**
   * Whether this session runs a script's commands: as in Redis, a blocking command it calls answers
   * at once as if its timeout had passed.
   */
  public boolean scripted() {
    return scripted;
  }

  public void scripted(boolean value) {
    this.scripted = value;
  }
}
