package io.redstone.storage.observe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The slow log: the last {@code slowlog-max-len} commands that ran for at least {@code
 * slowlog-log-slower-than} microseconds, newest first. Arguments are shortened as Redis shortens
 * them, so one huge command cannot pin its whole payload in memory.
 */
public final class SlowLog {
  static final int MAX_ARGS = 32;
  static final int MAX_ARG_BYTES = 128;

  /** One logged command, as SLOWLOG GET shows it. */
  public record Entry(
      long id,
      long unixSeconds,
      long micros,
      List<byte[]> args,
      String clientAddress,
      String clientName) {}

  private final ArrayDeque<Entry> newestFirst = new ArrayDeque<>();
  private long nextId;

  /** Logs a command and trims the log to {@code maxLen} entries. */
  public void add(
      byte[][] argv, long unixSeconds, long micros, String address, String name, int maxLen) {
    newestFirst.addFirst(new Entry(nextId++, unixSeconds, micros, shortened(argv), address, name));
    trim(maxLen);
  }

  /** Drops the oldest entries beyond {@code maxLen}: slowlog-max-len may have been lowered. */
  public void trim(int maxLen) {
    while (newestFirst.size() > Math.max(0, maxLen)) {
      newestFirst.removeLast();
    }
  }

  /** Up to {@code count} entries, newest first; a negative count means all. */
  public List<Entry> newest(long count) {
    List<Entry> out = new ArrayList<>();
    Iterator<Entry> it = newestFirst.iterator();
    while (it.hasNext() && (count < 0 || out.size() < count)) {
      out.add(it.next());
    }
    return out;
  }

  public int size() {
    return newestFirst.size();
  }

  /** Empties the log; ids keep counting up, as in Redis. */
  public void reset() {
    newestFirst.clear();
  }

  static List<byte[]> shortened(byte[][] argv) {
    int kept = Math.min(argv.length, MAX_ARGS);
    List<byte[]> args = new ArrayList<>(kept);
    for (int i = 0; i < kept; i++) {
      if (kept != argv.length && i == kept - 1) {
        int more = argv.length - MAX_ARGS + 1;
        args.add(ascii("... (" + more + " more arguments)"));
      } else if (argv[i].length > MAX_ARG_BYTES) {
        byte[] tail = ascii("... (" + (argv[i].length - MAX_ARG_BYTES) + " more bytes)");
        byte[] arg = new byte[MAX_ARG_BYTES + tail.length];
        System.arraycopy(argv[i], 0, arg, 0, MAX_ARG_BYTES);
        System.arraycopy(tail, 0, arg, MAX_ARG_BYTES, tail.length);
        args.add(arg);
      } else {
        args.add(argv[i]);
      }
    }
    return args;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
