package io.redstone.storage.observe;

import io.redstone.storage.ClientSession;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The clients in MONITOR mode and the lines they are sent: {@code +<seconds>.<micros> [<db> <addr>]
 * "arg" ...}, each argument quoted and escaped as Redis's {@code sdscatrepr} does, so tools parsing
 * MONITOR output read ours the same.
 */
public final class MonitorFeed {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final Set<ClientSession> monitors = new LinkedHashSet<>();

  public void add(ClientSession session) {
    monitors.add(session);
    session.monitor(true);
  }

  public void remove(ClientSession session) {
    monitors.remove(session);
    session.monitor(false);
  }

  public boolean isEmpty() {
    return monitors.isEmpty();
  }

  public boolean contains(ClientSession session) {
    return monitors.contains(session);
  }

  /** Sends one command's line to every monitor still open. */
  public void feed(long unixMicros, int db, String address, byte[][] argv) {
    byte[] line = line(unixMicros, db, address, argv);
    for (ClientSession monitor : monitors) {
      if (!monitor.closing()) {
        monitor.link().push(line);
      }
    }
  }

  static byte[] line(long unixMicros, int db, String address, byte[][] argv) {
    StringBuilder text = new StringBuilder(64);
    text.append('+')
        .append(unixMicros / 1_000_000)
        .append('.')
        .append(String.format("%06d", unixMicros % 1_000_000))
        .append(" [")
        .append(db)
        .append(' ')
        .append(address)
        .append(']');
    for (byte[] arg : argv) {
      text.append(' ');
      quote(text, arg);
    }
    text.append("\r\n");
    return text.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Redis's sdscatrepr: printable ASCII as is, the usual escapes, other bytes as {@code \xhh}. */
  static void quote(StringBuilder text, byte[] arg) {
    text.append('"');
    for (byte b : arg) {
      int c = b & 0xff;
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '"' -> text.append("\\\"");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        case 7 -> text.append("\\a");
        case '\b' -> text.append("\\b");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            text.append((char) c);
          } else {
            text.append("\\x").append((char) HEX[c >> 4]).append((char) HEX[c & 0xf]);
          }
        }
      }
    }
    text.append('"');
  }
}
