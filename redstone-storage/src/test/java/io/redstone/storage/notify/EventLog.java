package io.redstone.storage.notify;

import io.redstone.storage.EngineHarness;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscriber on every keyspace and keyevent channel of an {@link EngineHarness}, for tests: the
 * messages it received, each as {@code "<channel> <message>"}, taken out with {@link #take()}.
 */
public final class EventLog {
  private final List<String> pushed = new ArrayList<>();

  private EventLog() {}

  /**
   * Turns notifications on with {@code classes} (CONFIG SET, as a client would) and subscribes a
   * new client to {@code __key*__:*}.
   */
  public static EventLog subscribe(EngineHarness redis, String classes) {
    EventLog log = new EventLog();
    redis.call("CONFIG", "SET", "notify-keyspace-events", classes);
    redis.callAs(redis.newListeningSession(99, log.pushed), "PSUBSCRIBE", "__key*__:*");
    return log;
  }

  /** The messages received since the last call, in order, as {@code "<channel> <message>"}. */
  public List<String> take() {
    List<String> messages = new ArrayList<>();
    for (String push : pushed) {
      // *4 $8 pmessage $n pattern $n channel $n message: the channel and the message.
      String[] lines = push.split("\r\n");
      messages.add(lines[6] + " " + lines[8]);
    }
    pushed.clear();
    return messages;
  }

  /**
   * The events received since the last call, in order, as {@code "<event> <key>"}, read from the
   * keyevent channels of database {@code db} (notifications must include {@code E}).
   */
  public List<String> events(int db) {
    String prefix = "__keyevent@" + db + "__:";
    List<String> events = new ArrayList<>();
    for (String message : take()) {
      if (message.startsWith(prefix)) {
        events.add(message.substring(prefix.length()));
      }
    }
    return events;
  }

  /** {@link #events(int)} of database 0. */
  public List<String> events() {
    return events(0);
  }
}
