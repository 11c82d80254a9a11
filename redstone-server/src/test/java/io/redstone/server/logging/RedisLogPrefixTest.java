package io.redstone.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class RedisLogPrefixTest {

  @Test
  void prefixHasPidRoleTimeAndRedisLevelCharacter() {
    LoggerContext context = new LoggerContext();
    Logger logger = context.getLogger("test");
    LoggingEvent event = new LoggingEvent("fqcn", logger, Level.INFO, "Ready", null, null);
    String prefix = new RedisLogPrefix().convert(event);
    assertThat(prefix)
        .matches(
            ProcessHandle.current().pid()
                + ":M \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\*");
  }

  @Test
  void levelsMapOntoRedisFour() {
    assertThat(RedisLogPrefix.levelChar(Level.TRACE)).isEqualTo('.');
    assertThat(RedisLogPrefix.levelChar(Level.DEBUG)).isEqualTo('-');
    assertThat(RedisLogPrefix.levelChar(Level.INFO)).isEqualTo('*');
    assertThat(RedisLogPrefix.levelChar(Level.WARN)).isEqualTo('#');
    assertThat(RedisLogPrefix.levelChar(Level.ERROR)).isEqualTo('#');
  }
}
