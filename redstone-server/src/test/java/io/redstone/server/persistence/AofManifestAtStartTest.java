package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redstone.persistence.aof.AofDirectory;
import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * A server started on a log whose manifest was edited: a file it no longer lists is left on disk
 * and named, a file it lists that is missing refuses the start.
 */
class AofManifestAtStartTest {
  @TempDir Path dataDir;

  private Path aofDir;
  private Path manifest;
  private Path increment;

  private TestServer start() {
    return PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
  }

  /** A base holding {@code in-base}, then an increment holding {@code in-incr}. */
  @BeforeEach
  void writeABaseAndAnIncrement() throws Exception {
    aofDir = dataDir.resolve("appendonlydir");
    manifest = aofDir.resolve("appendonly.aof.manifest");
    increment = aofDir.resolve("appendonly.aof.2.incr.aof");
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      jedis.set("in-base", "1");
      jedis.bgrewriteaof();
      Eventually.waitFor(
          "the rewrite to finish",
          Duration.ofSeconds(30),
          () ->
              PersistenceTesting.persistenceInfo(jedis, "aof_rewrites").equals("1")
                  && PersistenceTesting.persistenceInfo(jedis, "aof_rewrite_in_progress")
                      .equals("0"));
      jedis.set("in-incr", "2");
    }
    assertThat(Files.readString(manifest))
        .isEqualTo(
            "file appendonly.aof.1.base.rss seq 1 type b\n"
                + "file appendonly.aof.2.incr.aof seq 2 type i\n");
  }

  private List<String> files() throws IOException {
    try (var list = Files.list(aofDir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anIncrementWhoseLineWasRemovedStaysOnDiskAndTheStartNamesIt() throws Exception {
    byte[] records = Files.readAllBytes(increment);
    Files.writeString(manifest, "file appendonly.aof.1.base.rss seq 1 type b\n");

    Logger directoryLog = (Logger) LoggerFactory.getLogger(AofDirectory.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    directoryLog.addAppender(logs);
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.get("in-base")).isEqualTo("1");
      assertThat(jedis.get("in-incr")).as("its increment is not listed").isNull();
    } finally {
      directoryLog.detachAppender(logs);
    }

    assertThat(Files.readAllBytes(increment)).isEqualTo(records);
    assertThat(logs.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("does not list: appendonly.aof.2.incr.aof")
                    .contains("left alone"));
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("Removed"));
    // The log went on in an increment above it, so its line can be put back before that one.
    assertThat(files())
        .containsExactly(
            "appendonly.aof.1.base.rss",
            "appendonly.aof.2.incr.aof",
            "appendonly.aof.3.incr.aof",
            "appendonly.aof.manifest");
    Files.writeString(
        manifest,
        "file appendonly.aof.1.base.rss seq 1 type b\n"
            + "file appendonly.aof.2.incr.aof seq 2 type i\n"
            + "file appendonly.aof.3.incr.aof seq 3 type i\n");
    try (TestServer server = start();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.get("in-incr")).isEqualTo("2");
    }
  }

  @Test
  void anIncrementThatIsListedButMissingRefusesTheStart() throws Exception {
    Files.delete(increment);
    String manifestBefore = Files.readString(manifest);

    assertThatThrownBy(this::start)
        .hasMessageContaining(
            "appendonly.aof.2.incr.aof doesn't exist, but the manifest"
                + " appendonly.aof.manifest lists it");

    assertThat(files()).containsExactly("appendonly.aof.1.base.rss", "appendonly.aof.manifest");
    assertThat(Files.readString(manifest)).isEqualTo(manifestBefore);
  }
}
