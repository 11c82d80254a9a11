package io.redstone.storage.command;

/** Command flags as Redis 7 reports them in {@code COMMAND INFO}. */
public enum CommandFlag {
  /** Changes the keyspace; its effect goes to the append-only log. */
  WRITE("write"),
  /** Reads data only. */
  READONLY("readonly"),
  /** May grow memory use; refused when over {@code maxmemory}. */
  DENYOOM("denyoom"),
  /** Administrative; not for application traffic. */
  ADMIN("admin"),
  PUBSUB("pubsub"),
  NOSCRIPT("noscript"),
  BLOCKING("blocking"),
  /** Allowed while the dataset is loading. */
  LOADING("loading"),
  /** Allowed while a replica has stale data. */
  STALE("stale"),
  /** Not shown to {@code MONITOR} clients. */
  SKIP_MONITOR("skip_monitor"),
  /** Never recorded in the slow log. */
  SKIP_SLOWLOG("skip_slowlog"),
  ASKING("asking"),
  /** O(1) or O(log N): never blocks the server for long. */
  FAST("fast"),
  /** Allowed before authentication. */
  NO_AUTH("no_auth"),
  MAY_REPLICATE("may_replicate"),
  NO_MANDATORY_KEYS("no_mandatory_keys"),
  NO_ASYNC_LOADING("no_async_loading"),
  NO_MULTI("no_multi"),
  /** Key positions depend on the arguments; use the command's own key extraction. */
  MOVABLE_KEYS("movablekeys"),
  ALLOW_BUSY("allow_busy");

  private final String wireName;

  CommandFlag(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name {@code COMMAND INFO} reports. */
  public String wireName() {
    return wireName;
  }
}
