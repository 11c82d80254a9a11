package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.persistence.snapshot.SnapshotEntryHandler;
import io.redstone.persistence.snapshot.SnapshotFile;
import io.redstone.persistence.snapshot.SnapshotReader;
import io.redstone.persistence.snapshot.ValueType;
import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.ServerProcess;
import io.redstone.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.LibraryInfo;

/**
 * Function libraries survive a restart as in Redis 7: through the log's increments alone, through a
 * rewritten base, through SAVE, BGSAVE and DEBUG RELOAD, and a kill right after FUNCTION LOAD
 * answered under {@code appendfsync always}; a DELETE or FLUSH survives as well, and a FLUSH while
 * a rewrite runs neither loses the libraries loaded after it nor brings back the ones it removed.
 */
class FunctionPersistenceTest {
  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.US_ASCII);

  /** A library whose function writes. */
  private static final String COUNTER =
      "#!lua name=counter\n"
          + "redis.register_function('bump', function(keys, args)"
          + " return redis.call('INCRBY', keys[1], args[1]) end)";

  /** A library whose function only reads, with a description and a flag to restore. */
  private static final String READER =
      "#!lua name=reader\n"
          + "redis.register_function{function_name='peek', description='reads a key',"
          + " flags={'no-writes'}, callback=function(keys) return redis.call('GET', keys[1]) end}";

  private static final String LATE =
      "#!lua name=late\nredis.register_function('late', function() return 'late' end)";

  @TempDir Path dataDir;

  private static void loadBoth(Jedis jedis) {
    assertThat(jedis.functionLoad(COUNTER)).isEqualTo("counter");
    assertThat(jedis.functionLoad(READER)).isEqualTo("reader");
  }

  /** Calls both libraries' functions: the counter goes up by one each time. */
  private static void callBoth(Jedis jedis, long expectedCount) {
    assertThat(jedis.fcall("bump", List.of("count"), List.of("1"))).isEqualTo(expectedCount);
    assertThat(jedis.fcallReadonly("peek", List.of("count"), List.of()))
        .isEqualTo(Long.toString(expectedCount));
  }

  /** FUNCTION LIST WITHCODE as comparable text, libraries by name, functions by name. */
  static List<String> functionList(Jedis jedis) {
    List<String> libraries = new ArrayList<>();
    for (LibraryInfo library : jedis.functionListWithCode()) {
      List<String> functions = new ArrayList<>();
      for (Map<String, Object> function : library.getFunctions()) {
        functions.add(new TreeMap<>(function).toString());
      }
      functions.sort(null);
      libraries.add(
          library.getLibraryName()
              + " "
              + library.getEngine()
              + " "
              + functions
              + " "
              + library.getLibraryCode());
    }
    libraries.sort(null);
    return libraries;
  }

  private static void assertNotFound(Jedis jedis, String function) {
    assertThatThrownBy(() -> jedis.fcall(function, List.of(), List.of()))
        .isInstanceOf(JedisDataException.class)
        .hasMessage("ERR Function not found");
  }

  /** The libraries a snapshot or base file holds, by the code stored for each. */
  private static List<String> librariesIn(Path file) throws IOException {
    List<String> codes = new ArrayList<>();
    SnapshotReader.read(
        file,
        new SnapshotEntryHandler() {
          @Override
          public void library(byte[] code) {
            codes.add(new String(code, StandardCharsets.UTF_8));
          }

          @Override
          public void entry(int db, ValueType type, byte[] key, byte[] value, long expireAt) {}
        });
    return codes;
  }

  private Path baseFile() throws IOException {
    try (Stream<Path> files = Files.list(dataDir.resolve("appendonlydir"))) {
      return files
          .filter(f -> f.getFileName().toString().contains(".base."))
          .findFirst()
          .orElseThrow();
    }
  }

  private static void awaitRewrite(Jedis jedis) {
    Eventually.waitFor(
        "the rewrite to finish",
        Duration.ofSeconds(60),
        () -> PersistenceTesting.persistenceInfo(jedis, "aof_rewrite_in_progress").equals("0"));
    assertThat(PersistenceTesting.persistenceInfo(jedis, "aof_last_bgrewrite_status"))
        .isEqualTo("ok");
  }

  private static void awaitBgsave(Jedis jedis) {
    Eventually.waitFor(
        "the background save to finish",
        Duration.ofSeconds(60),
        () -> PersistenceTesting.persistenceInfo(jedis, "rdb_bgsave_in_progress").equals("0"));
    assertThat(PersistenceTesting.persistenceInfo(jedis, "rdb_last_bgsave_status")).isEqualTo("ok");
  }

  private TestServer withLog() {
    return PersistenceTesting.startIn(dataDir, "--appendonly", "yes", "--appendfsync", "always");
  }

  private TestServer withoutLog() {
    return PersistenceTesting.startIn(
        dataDir, "--appendonly", "no", "--save", "", "--enable-debug-command", "yes");
  }

  @Test
  void librariesComeBackFromTheLogsIncrementsAlone() throws IOException {
    List<String> before;
    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      loadBoth(jedis);
      assertThat(jedis.functionLoadReplace(COUNTER)).isEqualTo("counter");
      callBoth(jedis, 1);
      before = functionList(jedis);
    }
    try (Stream<Path> files = Files.list(dataDir.resolve("appendonlydir"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("no base: what comes back comes from the increments")
          .noneMatch(name -> name.contains(".base."));
    }

    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(functionList(jedis)).isEqualTo(before).hasSize(2);
      callBoth(jedis, 2);
      assertThat(jedis.functionDelete("reader")).isEqualTo("OK");
    }

    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.functionList())
          .extracting(LibraryInfo::getLibraryName)
          .containsExactly("counter");
      assertNotFound(jedis, "peek");
      assertThat(jedis.fcall("bump", List.of("count"), List.of("1"))).isEqualTo(3L);
      assertThat(jedis.functionFlush()).isEqualTo("OK");
    }

    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.functionList()).isEmpty();
      assertNotFound(jedis, "bump");
      assertThat(jedis.get("count")).isEqualTo("3");
    }
  }

  @Test
  void aRewrittenBaseCarriesTheLibrariesAndLaterChangesFollowInTheIncrements() throws IOException {
    List<String> before;
    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      loadBoth(jedis);
      callBoth(jedis, 1);
      before = functionList(jedis);
      jedis.bgrewriteaof();
      awaitRewrite(jedis);
    }
    assertThat(librariesIn(baseFile())).containsExactly(COUNTER, READER);

    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(functionList(jedis)).isEqualTo(before);
      callBoth(jedis, 2);
      jedis.functionDelete("counter");
    }

    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.functionList())
          .extracting(LibraryInfo::getLibraryName)
          .containsExactly("reader");
      assertNotFound(jedis, "bump");
      jedis.functionFlush();
      // The flush is in an increment after a base that holds the reader: it must stay gone.
    }

    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.functionList()).isEmpty();
      jedis.bgrewriteaof();
      awaitRewrite(jedis);
    }
    assertThat(librariesIn(baseFile())).isEmpty();
  }

  @Test
  void aFlushAndALoadWhileTheRewriteRunsAreReplayedAfterTheBase() throws IOException {
    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      loadBoth(jedis);
      // Enough keys that the walk is still going when the pipeline's next commands run.
      Pipeline fill = jedis.pipelined();
      for (int i = 0; i < 50_000; i++) {
        fill.set("key:" + i, "value");
      }
      fill.sync();
      Pipeline pipe = jedis.pipelined();
      pipe.sendCommand(Protocol.Command.BGREWRITEAOF, new String[0]);
      pipe.functionFlush();
      pipe.functionLoad(LATE);
      pipe.sync();
      awaitRewrite(jedis);
    }
    // The base is the image of the instant the rewrite began.
    assertThat(librariesIn(baseFile())).containsExactly(COUNTER, READER);

    try (TestServer server = withLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.functionList())
          .extracting(LibraryInfo::getLibraryName)
          .containsExactly("late");
      assertThat(jedis.fcall("late", List.of(), List.of())).isEqualTo("late");
      assertNotFound(jedis, "bump");
      assertThat(jedis.dbSize()).isEqualTo(50_000);
    }
  }

  @Test
  void saveBgsaveAndDebugReloadCarryTheLibraries() throws IOException {
    List<String> before;
    try (TestServer server = withoutLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      loadBoth(jedis);
      callBoth(jedis, 1);
      before = functionList(jedis);
      assertThat(new String((byte[]) jedis.sendCommand(DEBUG, "RELOAD"), StandardCharsets.UTF_8))
          .isEqualTo("OK");
      assertThat(functionList(jedis)).isEqualTo(before);
      callBoth(jedis, 2);
      assertThat(jedis.save()).isEqualTo("OK");
    }
    assertThat(librariesIn(dataDir.resolve("dump.rdb"))).containsExactly(COUNTER, READER);

    try (TestServer server = withoutLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(functionList(jedis)).isEqualTo(before);
      callBoth(jedis, 3);
      jedis.functionDelete("counter");
      jedis.bgsave();
      awaitBgsave(jedis);
    }

    try (TestServer server = withoutLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.functionList())
          .extracting(LibraryInfo::getLibraryName)
          .containsExactly("reader");
      assertNotFound(jedis, "bump");
      jedis.functionFlush();
      jedis.sendCommand(DEBUG, "RELOAD");
      assertThat(jedis.functionList()).isEmpty();
    }

    try (TestServer server = withoutLog();
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.functionList()).isEmpty();
      assertThat(jedis.get("count")).isEqualTo("3");
    }
  }

  @Test
  void aLibraryThatCannotLoadStopsTheStartNamingTheFile() throws IOException {
    Path dump = dataDir.resolve("dump.rdb");
    try (SnapshotFile file = SnapshotFile.create(dump, 0, Map.of())) {
      file.writer().library(COUNTER.getBytes(StandardCharsets.UTF_8));
      file.writer().library("#!lua name=empty\nreturn 1".getBytes(StandardCharsets.UTF_8));
      file.commit();
    }

    assertThatThrownBy(this::withoutLog)
        .hasStackTraceContaining(dump.toString())
        .hasStackTraceContaining("No functions registered");
  }

  @Test
  void aLibraryLoadedUnderAlwaysSurvivesAKillRightAfterTheReply() throws Exception {
    String[] directives = {
      "--appendonly", "yes", "--appendfsync", "always", "--dir", dataDir.toString()
    };
    try (ServerProcess server = ServerProcess.start(directives);
        Jedis jedis = new Jedis("127.0.0.1", server.port(), 15_000)) {
      loadBoth(jedis);
      server.kill();
    }
    try (ServerProcess server = ServerProcess.start(directives);
        Jedis jedis = new Jedis("127.0.0.1", server.port(), 15_000)) {
      callBoth(jedis, 1);
    }
  }
}
