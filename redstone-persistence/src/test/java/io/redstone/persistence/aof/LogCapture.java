package io.redstone.persistence.aof;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What a class logs at INFO and above while this is open: {@code try (LogCapture logs =
 * LogCapture.of(X.class))}.
 */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level levelBefore;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Class<?> source) {
    logger = (Logger) LoggerFactory.getLogger(source);
    levelBefore = logger.getLevel();
    logger.setLevel(Level.INFO);
    appender.start();
    logger.addAppender(appender);
  }

  static LogCapture of(Class<?> source) {
    return new LogCapture(source);
  }

  /** The messages logged at {@code level}, formatted, in order. */
  List<String> at(Level level) {
    return appender.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  List<String> warnings() {
    return at(Level.WARN);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(levelBefore);
  }
}
