package io.redstone.storage;

/**
 * What the engine's persistence commands (SAVE, BGSAVE, BGREWRITEAOF, LASTSAVE, INFO persistence)
 * ask of the layer that owns the files. The server implements it; an engine without one (tests,
 * tools) has {@link #NONE}. Every method runs on the storage thread and must not block it.
 */
public interface Persistence {
  /** SAVE: a snapshot of the keyspace now; {@code reply} is completed when it is on disk. */
  void save(DeferredReply reply);

  /**
   * BGSAVE [SCHEDULE]: starts (or with {@code schedule}, queues) a snapshot in the background and
   * returns the status text to reply; throws {@link io.redstone.storage.command.CommandException}
   * with Redis's error when it cannot.
   */
  String bgsave(boolean schedule);

  /**
   * DEBUG RELOAD: a snapshot now, then the keyspace emptied and loaded back from it, blocking as
   * Redis's does; throws {@link io.redstone.storage.command.CommandException} on failure.
   */
  void reload();

  /** BGREWRITEAOF: as {@link #bgsave}, for a rewrite of the append-only log. */
  String bgrewriteaof();

  /** A setting that could not take effect: which one, and why, in CONFIG SET's error words. */
  record ConfigFailure(String setting, String reason) {}

  /**
   * Whether one of {@code settings}, just set by a CONFIG SET, takes effect only later, off the
   * storage thread (turning the log on opens its files): the reply then waits for {@link
   * #whenConfigApplied}.
   */
  default boolean configApplyPending(java.util.Collection<String> settings) {
    return false;
  }

  /**
   * Calls {@code outcome}, on the storage thread, once the pending setting has taken effect (with
   * null) or could not (with the failure; the setting is then back at its old value).
   */
  default void whenConfigApplied(java.util.function.Consumer<ConfigFailure> outcome) {
    outcome.accept(null);
  }

  /** The figures of INFO persistence, as of now. */
  PersistenceStatus status();

  /**
   * Non-null while writes must be refused because the last write or fsync failed: the error text to
   * reply (Redis's {@code MISCONF ...}).
   */
  String writeRefusal();

  /** Persistence that keeps nothing: what an embedded engine without a server has. */
  Persistence NONE =
      new Persistence() {
        @Override
        public void save(DeferredReply reply) {
          reply.complete(sink -> sink.error("ERR no persistence layer in this embedded engine"));
        }

        @Override
        public void reload() {
          throw new io.redstone.storage.command.CommandException(
              "ERR no persistence layer in this embedded engine");
        }

        @Override
        public String bgsave(boolean schedule) {
          throw new io.redstone.storage.command.CommandException(
              "ERR no persistence layer in this embedded engine");
        }

        @Override
        public String bgrewriteaof() {
          throw new io.redstone.storage.command.CommandException(
              "ERR no persistence layer in this embedded engine");
        }

        @Override
        public PersistenceStatus status() {
          return PersistenceStatus.NOTHING;
        }

        @Override
        public String writeRefusal() {
          return null;
        }
      };
}
