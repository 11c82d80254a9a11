package io.redstone.storage.command;

/** The command groups of {@code COMMAND DOCS}, which are also the data-type ACL categories. */
public enum CommandGroup {
  GENERIC("generic", "keyspace"),
  STRING("string", "string"),
  LIST("list", "list"),
  SET("set", "set"),
  SORTED_SET("sorted-set", "sortedset"),
  HASH("hash", "hash"),
  // @pubsub comes from the pubsub flag, as in Redis: PUBSUB HELP, without the flag, is @slow only.
  PUBSUB("pubsub", null),
  TRANSACTIONS("transactions", "transaction"),
  CONNECTION("connection", "connection"),
  SERVER("server", null),
  SCRIPTING("scripting", "scripting"),
  HYPERLOGLOG("hyperloglog", "hyperloglog"),
  CLUSTER("cluster", null),
  GEO("geo", "geo"),
  STREAM("stream", "stream"),
  BITMAP("bitmap", "bitmap");

  private final String wireName;
  private final String aclCategory;

  CommandGroup(String wireName, String aclCategory) {
    this.wireName = wireName;
    this.aclCategory = aclCategory;
  }

  public String wireName() {
    return wireName;
  }

  /** The ACL category every command of the group belongs to, or null where Redis has none. */
  public String aclCategory() {
    return aclCategory;
  }
}
