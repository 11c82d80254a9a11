package io.redstone.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.redstone.config.ConfigRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSettingsTest {
  private final ch.qos.logback.classic.Logger redstone =
      ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.redstone");
  private final Level before = redstone.getLevel();

  @AfterEach
  void restoreLevel() {
    redstone.setLevel(before);
  }

  @Test
  void redisLevelsMapOntoLogbackLevels() {
    assertThat(LogSettings.level("debug")).isEqualTo(Level.TRACE);
    assertThat(LogSettings.level("verbose")).isEqualTo(Level.DEBUG);
    assertThat(LogSettings.level("notice")).isEqualTo(Level.INFO);
    assertThat(LogSettings.level("warning")).isEqualTo(Level.WARN);
    assertThat(LogSettings.level("nothing")).isEqualTo(Level.OFF);
  }

  @Test
  void configSetLoglevelTakesEffectOnTheRedstoneLoggers() throws Exception {
    ConfigRegistry config = ConfigRegistry.standard();
    LogSettings.follow(config);
    assertThat(redstone.getLevel()).isEqualTo(Level.INFO);
    config.set("loglevel", "warning");
    assertThat(redstone.getLevel()).isEqualTo(Level.WARN);
    assertThat(LoggerFactory.getLogger("io.redstone.server.X").isInfoEnabled()).isFalse();
  }
}
