package io.redstone.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Logback converter for the start of a Redis log line, {@code pid:role dd Mon yyyy hh:mm:ss.mmm
 * level}, for example {@code 9042:M 22 Nov 2026 08:06:29.331 *}, so tools that read Redis logs read
 * ours. The role is {@code M} (a primary; Redstone forks no children). The level character is
 * Redis's: {@code .} debug, {@code -} verbose, {@code *} notice, {@code #} warning.
 */
public final class RedisLogPrefix extends ClassicConverter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH)
          .withZone(ZoneId.systemDefault());
  private static final String PID_AND_ROLE = ProcessHandle.current().pid() + ":M ";

  @Override
  public String convert(ILoggingEvent event) {
    return PID_AND_ROLE
        + TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))
        + ' '
        + levelChar(event.getLevel());
  }

  /**
   * SLF4J levels onto Redis's four: TRACE debug, DEBUG verbose, INFO notice, WARN/ERROR warning.
   */
  static char levelChar(Level level) {
    if (level.isGreaterOrEqual(Level.WARN)) {
      return '#';
    }
    if (level.isGreaterOrEqual(Level.INFO)) {
      return '*';
    }
    if (level.isGreaterOrEqual(Level.DEBUG)) {
      return '-';
    }
    return '.';
  }
}
