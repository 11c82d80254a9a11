package io.redstone.storage.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.ClientSession;
import io.redstone.storage.Database;
import io.redstone.storage.Engine;
import io.redstone.storage.EngineHarness;
import io.redstone.storage.keyspace.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServerCommandsTest {
  private final EngineHarness redis = EngineHarness.configuredWith("enable-debug-command", "yes");

  private void put(int db, String key, String value) {
    redis.engine().database(db).put(bytes(key), bytes(value), false, redis.now());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The text of a RESP2 bulk reply. */
  private static String bulkText(String reply) {
    assertThat(reply).startsWith("$");
    return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
  }

  private static List<String> sectionHeaders(String info) {
    List<String> headers = new ArrayList<>();
    for (String line : info.split("\r\n")) {
      if (line.startsWith("# ")) {
        headers.add(line.substring(2));
      }
    }
    return headers;
  }

  @Test
  void shutdownAsksTheOwnerToStopAndClosesTheClientWithoutAReply() {
    int[] requests = {0};
    redis.engine().onShutdownRequest(() -> requests[0]++);
    assertThat(redis.call("SHUTDOWN", "NOSAVE", "NOW")).isEmpty();
    assertThat(requests[0]).isEqualTo(1);
    assertThat(redis.session().closing()).isTrue();
  }

  @Test
  void shutdownRejectsBadFlagCombinationsWithRedisTexts() {
    int[] requests = {0};
    redis.engine().onShutdownRequest(() -> requests[0]++);
    String syntax = "-ERR syntax error\r\n";
    assertThat(redis.call("SHUTDOWN", "SAVE", "NOSAVE")).isEqualTo(syntax);
    assertThat(redis.call("SHUTDOWN", "ABORT", "NOW")).isEqualTo(syntax);
    assertThat(redis.call("SHUTDOWN", "LATER")).isEqualTo(syntax);
    assertThat(redis.call("SHUTDOWN", "ABORT")).isEqualTo("-ERR No shutdown in progress.\r\n");
    assertThat(requests[0]).isZero();
  }

  @Test
  void shutdownFailsWhenNothingCanStopTheServerOrASaveIsDemanded() {
    String failed = "-ERR Errors trying to SHUTDOWN. Check logs.\r\n";
    assertThat(redis.call("SHUTDOWN")).isEqualTo(failed);
    redis.engine().onShutdownRequest(() -> {});
    assertThat(redis.call("SHUTDOWN", "SAVE")).isEqualTo(failed);
  }

  @Test
  void dbsizeCountsTheKeysOfTheSelectedDatabase() {
    put(0, "a", "1");
    put(0, "b", "2");
    put(1, "c", "3");
    assertThat(redis.call("DBSIZE")).isEqualTo(":2\r\n");
    redis.call("SELECT", "1");
    assertThat(redis.call("DBSIZE")).isEqualTo(":1\r\n");
  }

  @Test
  void flushdbEmptiesOnlyTheSelectedDatabaseAndIsLoggedAsItself() {
    put(0, "a", "1");
    put(1, "b", "2");
    assertThat(redis.call("FLUSHDB", "async")).isEqualTo("+OK\r\n");
    assertThat(redis.engine().database(0).size()).isZero();
    assertThat(redis.engine().database(1).size()).isEqualTo(1);
    assertThat(redis.mutations())
        .containsExactly(new EngineHarness.Mutation(0, List.of("FLUSHDB", "async")));
  }

  @Test
  void flushRejectsAnythingButSyncOrAsync() {
    assertThat(redis.call("FLUSHDB", "now")).isEqualTo("-ERR syntax error\r\n");
    assertThat(redis.call("FLUSHALL", "SYNC", "x")).isEqualTo("-ERR syntax error\r\n");
    assertThat(redis.mutations()).isEmpty();
  }

  @Test
  void flushallEmptiesEveryDatabaseAndIsLoggedOnce() {
    put(0, "a", "1");
    put(7, "b", "2");
    assertThat(redis.call("FLUSHALL")).isEqualTo("+OK\r\n");
    assertThat(redis.engine().database(0).size()).isZero();
    assertThat(redis.engine().database(7).size()).isZero();
    assertThat(redis.mutations())
        .containsExactly(new EngineHarness.Mutation(0, List.of("FLUSHALL")));
  }

  @Test
  void swapdbExchangesContentsAndIsLogged() {
    put(0, "a", "1");
    assertThat(redis.call("SWAPDB", "0", "2")).isEqualTo("+OK\r\n");
    assertThat(redis.engine().database(0).size()).isZero();
    assertThat(redis.engine().database(2).size()).isEqualTo(1);
    assertThat(redis.mutations())
        .containsExactly(new EngineHarness.Mutation(0, List.of("SWAPDB", "0", "2")));
  }

  @Test
  void swapdbNamesTheIndexItCannotRead() {
    assertThat(redis.call("SWAPDB", "a", "1")).isEqualTo("-ERR invalid first DB index\r\n");
    assertThat(redis.call("SWAPDB", "1", "a")).isEqualTo("-ERR invalid second DB index\r\n");
    assertThat(redis.call("SWAPDB", "0", "99999999999"))
        .isEqualTo("-ERR invalid second DB index\r\n");
    assertThat(redis.call("SWAPDB", "1", "16")).isEqualTo("-ERR DB index is out of range\r\n");
    assertThat(redis.call("SWAPDB", "-1", "2")).isEqualTo("-ERR DB index is out of range\r\n");
  }

  @Test
  void timeAnswersSecondsAndMicrosecondsOfTheClock() {
    redis.advanceMillis(1234);
    long seconds = redis.now() / 1000;
    assertThat(redis.call("TIME")).isEqualTo("*2\r\n$10\r\n" + seconds + "\r\n$6\r\n234000\r\n");
  }

  @Test
  void lastsaveIsTheStartTimeBeforeAnySave() {
    assertThat(redis.call("LASTSAVE")).isEqualTo(":" + redis.now() / 1000 + "\r\n");
  }

  @Test
  void debugSetActiveExpireSwitchesTheBackgroundCycle() {
    assertThat(redis.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK\r\n");
    assertThat(redis.engine().activeExpireEnabled()).isFalse();
    assertThat(redis.call("debug", "set-active-expire", "1")).isEqualTo("+OK\r\n");
    assertThat(redis.engine().activeExpireEnabled()).isTrue();
  }

  @Test
  void debugLogAndSleepAnswerOk() {
    assertThat(redis.call("DEBUG", "LOG", "hello from a test")).isEqualTo("+OK\r\n");
    assertThat(redis.call("DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n");
    assertThat(redis.call("DEBUG", "SLEEP", "abc")).isEqualTo("+OK\r\n");
  }

  private static final String DEBUG_NOT_ALLOWED =
      "-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you"
          + " can run it from a local connection, otherwise you need to set this option in the"
          + " configuration file, and then restart the server.\r\n";

  @Test
  void debugIsRefusedByDefaultAfterTheArityCheckAndBeforeAuthentication() {
    EngineHarness byDefault = EngineHarness.configuredWith("requirepass", "secret");
    ClientSession client = byDefault.newSession(2);
    client.authenticated(false);
    assertThat(byDefault.callAs(client, "DEBUG", "SLEEP", "0")).isEqualTo(DEBUG_NOT_ALLOWED);
    assertThat(byDefault.callAs(client, "DEBUG"))
        .isEqualTo("-ERR wrong number of arguments for 'debug' command\r\n");
    assertThat(byDefault.callAs(client, "GET", "k")).startsWith("-NOAUTH");
  }

  @Test
  void debugSetToLocalAllowsOnlyClientsOnThisMachine() {
    EngineHarness local = EngineHarness.configuredWith("enable-debug-command", "local");
    ClientSession loopback = new ClientSession(2, "127.0.0.1:50000", "127.0.0.1:6379", 0, () -> {});
    ClientSession remote = new ClientSession(3, "10.1.2.3:50000", "10.1.2.4:6379", 0, () -> {});
    assertThat(local.callAs(loopback, "DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n");
    assertThat(local.callAs(remote, "DEBUG", "SLEEP", "0")).isEqualTo(DEBUG_NOT_ALLOWED);
    assertThat(local.call("CONFIG", "SET", "enable-debug-command", "yes"))
        .isEqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - can't"
                + " set immutable config\r\n");
  }

  @Test
  void localMeansExactlyTheLoopbackAddressesRedisAccepts() {
    EngineHarness local = EngineHarness.configuredWith("enable-debug-command", "local");
    for (String peer : new String[] {"127.0.0.1:50000", "[::1]:50000"}) {
      ClientSession client = new ClientSession(2, peer, "127.0.0.1:6379", 0, () -> {});
      assertThat(local.callAs(client, "DEBUG", "SLEEP", "0")).as(peer).isEqualTo("+OK\r\n");
    }
    // Redis compares the peer's address as text: other loopback addresses are not "local".
    for (String peer :
        new String[] {"127.0.0.2:50000", "[::ffff:127.0.0.1]:50000", "[::10]:50000"}) {
      ClientSession client = new ClientSession(3, peer, "127.0.0.1:6379", 0, () -> {});
      assertThat(local.callAs(client, "DEBUG", "SLEEP", "0")).as(peer).isEqualTo(DEBUG_NOT_ALLOWED);
    }
  }

  @Test
  void debugAnswersRedisErrorForUnknownOrMisusedSubcommands() {
    assertThat(redis.call("debug", "jmap"))
        .isEqualTo(
            "-ERR unknown subcommand or wrong number of arguments for 'jmap'. Try DEBUG HELP.\r\n");
    assertThat(redis.call("DEBUG", "log"))
        .isEqualTo(
            "-ERR unknown subcommand or wrong number of arguments for 'log'. Try DEBUG HELP.\r\n");
    assertThat(redis.call("DEBUG"))
        .isEqualTo("-ERR wrong number of arguments for 'debug' command\r\n");
  }

  @Test
  void infoWithoutSectionsPrintsTheDefaultSectionsInRedisOrder() {
    String info = bulkText(redis.call("INFO"));
    assertThat(sectionHeaders(info))
        .containsExactly(
            "Server",
            "Clients",
            "Memory",
            "Persistence",
            "Stats",
            "Replication",
            "CPU",
            "Modules",
            "Errorstats",
            "Cluster",
            "Keyspace");
    assertThat(info).contains("\r\nredis_version:" + Engine.REDIS_VERSION + "\r\n");
    assertThat(info).contains("\r\nserver_name:redstone\r\n");
    assertThat(info).contains("\r\nrole:master\r\n");
    assertThat(info).contains("\r\nloading:0\r\n");
    assertThat(info).endsWith("\r\n");
  }

  @Test
  void infoAllAddsCommandstatsAndLatencystats() {
    String info = bulkText(redis.call("INFO", "all"));
    assertThat(sectionHeaders(info))
        .containsExactly(
            "Server",
            "Clients",
            "Memory",
            "Persistence",
            "Stats",
            "Replication",
            "CPU",
            "Modules",
            "Commandstats",
            "Errorstats",
            "Latencystats",
            "Cluster",
            "Keyspace");
  }

  @Test
  void infoPrintsRequestedSectionsOnceInRedisOrderSeparatedByBlankLines() {
    String reply = redis.call("INFO", "cluster", "CLUSTER", "modules");
    assertThat(reply).isEqualTo("$43\r\n# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n");
  }

  @Test
  void infoIgnoresUnknownSections() {
    assertThat(redis.call("INFO", "nope")).isEqualTo("$0\r\n\r\n");
  }

  @Test
  void infoIsAVerbatimStringInResp3() {
    redis.call("HELLO", "3");
    assertThat(redis.call("INFO", "cluster"))
        .isEqualTo("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n");
  }

  @Test
  void infoKeyspaceListsNonEmptyDatabasesWithTtlCounts() {
    put(0, "a", "1");
    Database db = redis.engine().database(0);
    db.put(bytes("b"), bytes("2"), false, redis.now());
    Entry withTtl = db.peek(bytes("b"), redis.now());
    db.setExpireAt(withTtl, redis.now() + 10_000);
    put(3, "c", "3");

    assertThat(bulkText(redis.call("INFO", "keyspace")))
        .isEqualTo(
            "# Keyspace\r\n"
                + "db0:keys=2,expires=1,avg_ttl=10000\r\n"
                + "db3:keys=1,expires=0,avg_ttl=0\r\n");
  }

  @Test
  void infoMemoryPutsUsedMemoryBeforeItsVariantsAndCountsData() {
    String before = bulkText(redis.call("INFO", "memory"));
    put(0, "key", "x".repeat(1000));
    String after = bulkText(redis.call("INFO", "memory"));

    assertThat(after.indexOf("\r\nused_memory:")).isLessThan(after.indexOf("used_memory_rss:"));
    assertThat(after).contains("\r\nmaxmemory_policy:noeviction\r\n");
    assertThat(field(after, "used_memory") - field(before, "used_memory"))
        .isGreaterThanOrEqualTo(1000);
  }

  @Test
  void infoCommandstatsCountsCallsRejectionsAndFailures() {
    redis.call("PING");
    redis.call("PING");
    redis.call("PING", "a", "b"); // fails in its handler
    redis.call("CLIENT", "nope"); // rejected by the container
    redis.call("CLIENT", "ID");

    String stats = bulkText(redis.call("INFO", "commandstats"));

    assertThat(stats).startsWith("# Commandstats\r\n");
    assertThat(stats)
        .containsPattern(
            "\r\ncmdstat_ping:calls=3,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,"
                + "failed_calls=1\r\n");
    assertThat(stats)
        .containsPattern(
            "\r\ncmdstat_client:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0\r\n");
    assertThat(stats).contains("\r\ncmdstat_client|id:calls=1,");
    assertThat(stats).doesNotContain("cmdstat_echo");
  }

  @Test
  void infoServerCarriesProcessAndConfigFacts() {
    redis.advanceMillis(90_000);
    String server = bulkText(redis.call("INFO", "server"));
    assertThat(server).contains("\r\nredis_mode:standalone\r\n");
    assertThat(server).contains("\r\ntcp_port:6379\r\n");
    assertThat(server).contains("\r\nuptime_in_seconds:90\r\n");
    assertThat(server).contains("\r\nprocess_id:" + ProcessHandle.current().pid() + "\r\n");
    assertThat(server).contains("\r\nrun_id:" + redis.engine().identity().runId() + "\r\n");
    assertThat(server).containsPattern("\r\nredstone_version:\\S+\r\n");
  }

  @Test
  void infoClientsCountsRegisteredSessions() {
    redis.newSession(2);
    assertThat(bulkText(redis.call("INFO", "clients"))).contains("\r\nconnected_clients:2\r\n");
  }

  @Test
  void functionsAnswerAsAServerWithNoneLoaded() {
    assertThat(redis.call("FUNCTION", "LIST")).isEqualTo("*0\r\n");
    assertThat(redis.call("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "x*")).isEqualTo("*0\r\n");
    assertThat(redis.call("FUNCTION", "FLUSH", "async")).isEqualTo("+OK\r\n");
    assertThat(redis.call("FUNCTION", "STATS"))
        .isEqualTo(
            "*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n"
                + "$15\r\nlibraries_count\r\n:0\r\n$15\r\nfunctions_count\r\n:0\r\n");
  }

  @Test
  void functionSubcommandsValidateTheirArguments() {
    assertThat(redis.call("FUNCTION", "LIST", "x")).isEqualTo("-ERR Unknown argument x\r\n");
    assertThat(redis.call("FUNCTION", "LIST", "libraryname"))
        .isEqualTo("-ERR library name argument was not given\r\n");
    assertThat(redis.call("FUNCTION", "FLUSH", "x"))
        .isEqualTo("-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n");
    assertThat(redis.call("FUNCTION", "nope"))
        .isEqualTo("-ERR unknown subcommand 'nope'. Try FUNCTION HELP.\r\n");
  }

  private static long field(String info, String name) {
    Matcher matcher = Pattern.compile("(?:^|\r\n)" + name + ":(\\d+)\r\n").matcher(info);
    assertThat(matcher.find()).as(name).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
