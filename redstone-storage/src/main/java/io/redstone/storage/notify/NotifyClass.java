package io.redstone.storage.notify;

/**
 * The classes of keyspace events, as bits of one {@code int}, with Redis's values (its {@code
 * NOTIFY_*} flags) and letters. A command names the class of each event it emits; the emitter tests
 * that bit against the classes turned on, so an event nobody asked for costs one {@code int} test.
 */
public final class NotifyClass {
  /** {@code K}: publish on {@code __keyspace@<db>__:<key>}, the event as the message. */
  public static final int KEYSPACE = 1;

  /** {@code E}: publish on {@code __keyevent@<db>__:<event>}, the key as the message. */
  public static final int KEYEVENT = 1 << 1;

  /** {@code g}: commands on keys of any type: DEL, EXPIRE, RENAME, MOVE, COPY, RESTORE, ... */
  public static final int GENERIC = 1 << 2;

  /** {@code $}: string commands. */
  public static final int STRING = 1 << 3;

  /** {@code l}: list commands. */
  public static final int LIST = 1 << 4;

  /** {@code s}: set commands. */
  public static final int SET = 1 << 5;

  /** {@code h}: hash commands. */
  public static final int HASH = 1 << 6;

  /** {@code z}: sorted set commands. */
  public static final int ZSET = 1 << 7;

  /** {@code x}: a key deleted because its TTL passed (active and passive expiry). */
  public static final int EXPIRED = 1 << 8;

  /** {@code e}: a key evicted under {@code maxmemory} (reserved: Redstone does not evict yet). */
  public static final int EVICTED = 1 << 9;

  /** {@code t}: stream commands. */
  public static final int STREAM = 1 << 10;

  /** {@code m}: a read of a key that does not exist (not part of {@code A}). */
  public static final int KEY_MISS = 1 << 11;

  /** {@code d}: module events; Redstone has no modules, so nothing emits it. */
  public static final int MODULE = 1 << 13;

  /** {@code n}: a key created (not part of {@code A}). */
  public static final int NEW = 1 << 14;

  /** {@code A}: alias for {@code g$lshzxetd}. */
  public static final int ALL =
      GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

  private NotifyClass() {}

  /**
   * The classes named by a {@code notify-keyspace-events} value (the configuration has already
   * refused unknown letters, so they are ignored here).
   */
  public static int parse(String letters) {
    int classes = 0;
    for (int i = 0; i < letters.length(); i++) {
      classes |= of(letters.charAt(i));
    }
    return classes;
  }

  private static int of(char letter) {
    return switch (letter) {
      case 'A' -> ALL;
      case 'K' -> KEYSPACE;
      case 'E' -> KEYEVENT;
      case 'g' -> GENERIC;
      case '$' -> STRING;
      case 'l' -> LIST;
      case 's' -> SET;
      case 'h' -> HASH;
      case 'z' -> ZSET;
      case 'x' -> EXPIRED;
      case 'e' -> EVICTED;
      case 't' -> STREAM;
      case 'm' -> KEY_MISS;
      case 'd' -> MODULE;
      case 'n' -> NEW;
      default -> 0;
    };
  }
}
