package io.redstone.storage.notify;

import io.redstone.storage.pubsub.PubSub;
import java.nio.charset.StandardCharsets;

/**
 * Emits keyspace events, as Redis's {@code notifyKeyspaceEvent}: for an event of a class that is
 * on, a message on {@code __keyspace@<db>__:<key>} (the event name) when {@code K} is on, then one
 * on {@code __keyevent@<db>__:<event>} (the key) when {@code E} is on. Published through {@link
 * PubSub}, so subscribers get them in the order the commands emit them, inside MULTI/EXEC and
 * scripts too. Storage thread only.
 */
public final class KeyspaceEvents {
  private static final byte[] KEYSPACE_PREFIX = ascii("__keyspace@");
  private static final byte[] KEYEVENT_PREFIX = ascii("__keyevent@");
  private static final byte[] DB_SUFFIX = ascii("__:");

  private final PubSub pubsub;

  /** The classes turned on ({@link NotifyClass} bits); 0 while notifications are off. */
  private int classes;

  public KeyspaceEvents(PubSub pubsub) {
    this.pubsub = pubsub;
  }

  /** Turns on exactly the classes of a {@code notify-keyspace-events} value. */
  public void configure(String letters) {
    classes = NotifyClass.parse(letters);
  }

  /** The classes turned on, as {@link NotifyClass} bits. */
  public int classes() {
    return classes;
  }

  /** Whether events of {@code type} (a {@link NotifyClass} bit) are published. */
  public boolean enabled(int type) {
    return (classes & type) != 0;
  }

  /**
   * Emits {@code event} of class {@code type} for {@code key} of database {@code db}. Costs one
   * {@code int} test while that class is off.
   */
  public void notify(int type, String event, byte[] key, int db) {
    if ((classes & type) != 0) {
      publish(ascii(event), key, db);
    }
  }

  private void publish(byte[] event, byte[] key, int db) {
    if (pubsub.channelCount() == 0 && pubsub.patternCount() == 0) {
      // Nobody listens to anything (a load with notifications configured): no channel to build.
      return;
    }
    byte[] dbDigits = ascii(Integer.toString(db));
    if ((classes & NotifyClass.KEYSPACE) != 0) {
      pubsub.publish(channel(KEYSPACE_PREFIX, dbDigits, key), event);
    }
    if ((classes & NotifyClass.KEYEVENT) != 0) {
      pubsub.publish(channel(KEYEVENT_PREFIX, dbDigits, event), key);
    }
  }

  private static byte[] channel(byte[] prefix, byte[] db, byte[] name) {
    byte[] channel = new byte[prefix.length + db.length + DB_SUFFIX.length + name.length];
    int at = 0;
    System.arraycopy(prefix, 0, channel, at, prefix.length);
    at += prefix.length;
    System.arraycopy(db, 0, channel, at, db.length);
    at += db.length;
    System.arraycopy(DB_SUFFIX, 0, channel, at, DB_SUFFIX.length);
    at += DB_SUFFIX.length;
    System.arraycopy(name, 0, channel, at, name.length);
    return channel;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
