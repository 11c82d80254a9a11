package io.redstone.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import io.redstone.config.ConfigRegistry;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Puts redis.conf's {@code loglevel} and {@code logfile} into effect on Logback, at start-up and on
 * CONFIG SET: Redis's levels map onto Logback's ({@code verbose} is DEBUG, {@code notice} is INFO),
 * and a non-empty {@code logfile} sends the log there, appending, in the same format.
 */
public final class LogSettings {
  private static final String APPENDER = "redstone-logfile";
  private static final String PATTERN = "%redisPrefix %msg%n%ex";

  private LogSettings() {}

  /**
   * Applies the current values and follows later {@code loglevel} changes ({@code logfile}, as in
   * Redis, is fixed at start-up). Throws when the log file cannot be opened, as Redis refuses to
   * start then.
   */
  public static void follow(ConfigRegistry config) {
    applyLevel(config.get("loglevel"));
    String logfile = config.get("logfile");
    if (!logfile.isEmpty()) {
      logTo(logfile);
    }
    config.onChange("loglevel", LogSettings::applyLevel);
  }

  static Level level(String redisLevel) {
    return switch (redisLevel.toLowerCase(Locale.ROOT)) {
      case "debug" -> Level.TRACE;
      case "verbose" -> Level.DEBUG;
      case "notice" -> Level.INFO;
      case "warning" -> Level.WARN;
      case "nothing" -> Level.OFF;
      default -> throw new IllegalArgumentException("unknown loglevel " + redisLevel);
    };
  }

  private static void applyLevel(String redisLevel) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      Logger redstone = context.getLogger("io.redstone");
      redstone.setLevel(level(redisLevel));
    }
  }

  private static void logTo(String path) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setFile(path);
    file.setAppend(true);
    started(file, context);
    if (!file.isStarted()) {
      throw new IllegalStateException("Can't open the log file: " + path);
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(file);
  }

  private static void started(OutputStreamAppender<ILoggingEvent> appender, LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setEncoder(encoder);
    appender.start();
  }
}
