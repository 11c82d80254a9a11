package io.redstone.storage.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.ClientSession;
import io.redstone.storage.EngineHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticCommandsTest {
  private final EngineHarness redis = EngineHarness.configuredWith("enable-debug-command", "yes");

  /** The lines of an INFO reply's text that start with {@code prefix}. */
  private List<String> infoLines(String section, String prefix) {
    String reply = redis.call("INFO", section);
    List<String> lines = new ArrayList<>();
    for (String line : reply.split("\r\n")) {
      if (line.startsWith(prefix)) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void errorstatsCountEachErrorCodeAndAgreeWithCommandCounters() {
    redis.call("SET", "k", "v");
    redis.call("INCR", "k"); // failed: ERR not an integer
    redis.call("GET"); // rejected: arity
    redis.call("NOSUCH"); // unknown: counted, no command stats
    redis.call("CLIENT", "NOSUCH"); // rejected: unknown subcommand
    redis.call("CONFIG", "SET", "requirepass", "secret");
    ClientSession stranger = redis.newSession(2);
    redis.callAs(stranger, "GET", "k"); // rejected: NOAUTH

    assertThat(infoLines("errorstats", "errorstat_"))
        .containsExactly("errorstat_ERR:count=4", "errorstat_NOAUTH:count=1");
    assertThat(infoLines("stats", "total_error_replies:")).containsExactly("total_error_replies:5");
    assertThat(infoLines("commandstats", "cmdstat_incr:").get(0))
        .endsWith("rejected_calls=0,failed_calls=1");
    assertThat(infoLines("commandstats", "cmdstat_get:").get(0))
        .contains("calls=0,")
        .endsWith("rejected_calls=2,failed_calls=0");

    redis.call("CONFIG", "RESETSTAT");
    assertThat(infoLines("errorstats", "errorstat_")).isEmpty();
  }

  @Test
  void latencystatsShowTheConfiguredPercentilesOfCommandsThatRan() {
    redis.call("PING");
    redis.call("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99.9");
    List<String> ping = infoLines("latencystats", "latency_percentiles_usec_ping:");
    assertThat(ping).hasSize(1);
    assertThat(ping.get(0))
        .matches("latency_percentiles_usec_ping:p50=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}");
    assertThat(infoLines("latencystats", "latency_percentiles_usec_get:")).isEmpty();
    assertThat(redis.call("INFO", "everything")).contains("# Latencystats\r\nlatency_percentiles");

    redis.call("CONFIG", "SET", "latency-tracking", "no");
    assertThat(infoLines("latencystats", "latency_percentiles")).isEmpty();
  }

  @Test
  void slowlogKeepsTheNewestEntriesUpToItsLength() {
    redis.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
    redis.call("CONFIG", "SET", "slowlog-max-len", "2");
    redis.call("SET", "a", "1");
    redis.call("GET", "a");
    // A command is logged once it has run: SLOWLOG GET does not see itself.
    String newest = redis.call("SLOWLOG", "GET", "1");
    assertThat(newest).startsWith("*1\r\n*6\r\n:3\r\n").contains("*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
    assertThat(redis.call("SLOWLOG", "LEN")).isEqualTo(":2\r\n");
    assertThat(redis.call("SLOWLOG", "GET", "0")).isEqualTo("*0\r\n");
    assertThat(redis.call("SLOWLOG", "GET", "-1")).startsWith("*2\r\n");
    assertThat(redis.call("SLOWLOG", "GET", "-2"))
        .isEqualTo("-ERR count should be greater than or equal to -1\r\n");
    assertThat(redis.call("SLOWLOG", "GET", "x"))
        .isEqualTo("-ERR count should be greater than or equal to -1\r\n");
    assertThat(redis.call("SLOWLOG", "RESET")).isEqualTo("+OK\r\n");
    // SLOWLOG RESET itself ran after the reset and is logged.
    assertThat(redis.call("SLOWLOG", "LEN")).isEqualTo(":1\r\n");

    redis.call("CONFIG", "SET", "slowlog-log-slower-than", "-1");
    redis.call("SLOWLOG", "RESET");
    redis.call("SET", "a", "2");
    assertThat(redis.call("SLOWLOG", "LEN")).isEqualTo(":0\r\n");
  }

  @Test
  void slowlogShortensHugeCommandsAndHidesPasswords() {
    redis.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
    String[] many = new String[40];
    many[0] = "DEL";
    for (int i = 1; i < many.length; i++) {
      many[i] = "k" + i;
    }
    redis.call(many);
    String entry = redis.call("SLOWLOG", "GET", "1");
    assertThat(entry).contains("*32\r\n$3\r\nDEL\r\n").contains("... (9 more arguments)");

    redis.call("SET", "k", "x".repeat(200));
    assertThat(redis.call("SLOWLOG", "GET", "1"))
        .contains("x".repeat(128) + "... (72 more bytes)\r\n");

    redis.call("AUTH", "hunter2");
    assertThat(redis.call("SLOWLOG", "GET", "1"))
        .contains("$4\r\nAUTH\r\n$10\r\n(redacted)\r\n")
        .doesNotContain("hunter2");

    // Refused (set at start only), and still not shown.
    assertThat(redis.call("CONFIG", "SET", "metrics-password", "hunter3")).startsWith("-ERR");
    assertThat(redis.call("SLOWLOG", "GET", "1"))
        .contains("$16\r\nmetrics-password\r\n$10\r\n(redacted)\r\n")
        .doesNotContain("hunter3");
  }

  @Test
  void latencyMonitorRecordsCommandsAtOrAboveTheThreshold() {
    assertThat(redis.call("LATENCY", "DOCTOR")).contains("Latency monitoring is disabled");
    redis.call("CONFIG", "SET", "latency-monitor-threshold", "5");
    assertThat(redis.call("LATENCY", "DOCTOR")).contains("no latency spike was observed");
    redis.call("PING");
    assertThat(redis.call("LATENCY", "LATEST")).isEqualTo("*0\r\n");

    redis.call("DEBUG", "SLEEP", "0.01");
    String latest = redis.call("LATENCY", "LATEST");
    assertThat(latest).startsWith("*1\r\n*4\r\n$7\r\ncommand\r\n:" + redis.now() / 1000 + "\r\n");
    assertThat(redis.call("LATENCY", "HISTORY", "command")).startsWith("*1\r\n*2\r\n");
    assertThat(redis.call("LATENCY", "HISTORY", "nosuch")).isEqualTo("*0\r\n");
    assertThat(redis.call("LATENCY", "DOCTOR")).contains("1. command: 1 latency spikes");
    assertThat(redis.call("LATENCY", "RESET", "nosuch")).isEqualTo(":0\r\n");
    assertThat(redis.call("LATENCY", "RESET")).isEqualTo(":1\r\n");
    assertThat(redis.call("LATENCY", "LATEST")).isEqualTo("*0\r\n");
  }

  @Test
  void latencyHistogramListsCumulativeCountsOfCommandsThatRan() {
    redis.call("PING");
    redis.call("PING");
    String reply = redis.call("LATENCY", "HISTOGRAM", "ping", "get", "nosuch");
    assertThat(reply).startsWith("*2\r\n$4\r\nping\r\n*4\r\n$5\r\ncalls\r\n:2\r\n");
    assertThat(reply).contains("$14\r\nhistogram_usec\r\n").endsWith(":2\r\n");
  }

  @Test
  void memoryUsageEstimatesAKeyAndIsNullForAMissingOne() {
    redis.call("SET", "small", "v");
    redis.call("SET", "big", "v".repeat(10_000));
    long small = Long.parseLong(redis.call("MEMORY", "USAGE", "small").substring(1).trim());
    long big =
        Long.parseLong(redis.call("MEMORY", "USAGE", "big", "SAMPLES", "0").substring(1).trim());
    assertThat(small).isPositive();
    assertThat(big).isGreaterThanOrEqualTo(10_000);
    assertThat(redis.call("MEMORY", "USAGE", "nosuch")).isEqualTo("$-1\r\n");
    assertThat(redis.call("MEMORY", "USAGE", "small", "SAMPLES", "x"))
        .isEqualTo("-ERR value is not an integer or out of range\r\n");
    assertThat(redis.call("MEMORY", "USAGE", "small", "FOO")).isEqualTo("-ERR syntax error\r\n");
    assertThat(redis.call("MEMORY", "USAGE", "small", "SAMPLES", "-1"))
        .isEqualTo("-ERR syntax error\r\n");
    assertThat(redis.call("MEMORY", "STATS")).startsWith("*56\r\n$14\r\npeak.allocated\r\n");
  }

  /** A monitor's connection: collects what the engine pushes to it. */
  private static final class PushedLines implements ClientSession.Link {
    final List<String> lines = new ArrayList<>();

    @Override
    public void closeAfterReplies() {}

    @Override
    public void push(byte[] bytes) {
      lines.add(new String(bytes, StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void monitorsSeeEachCommandInRedisFormatWithoutAdminCommandsOrPasswords() {
    PushedLines link = new PushedLines();
    ClientSession monitor = new ClientSession(7, "127.0.0.1:5000", "", redis.now(), link);
    redis.engine().clientConnected(monitor);
    assertThat(redis.callAs(monitor, "MONITOR")).isEqualTo("+OK\r\n");
    assertThat(redis.callAs(monitor, "MONITOR")).isEmpty();
    assertThat(redis.call("CLIENT", "LIST", "ID", "7"))
        .contains(" flags=O ")
        .contains(" cmd=monitor ");

    ClientSession client = new ClientSession(8, "10.0.0.2:4242", "", redis.now(), () -> {});
    redis.engine().clientConnected(client);
    redis.call(client, "set".getBytes(), "a b".getBytes(), new byte[] {'x', '"', '\n', 1});
    redis.callAs(client, "CONFIG", "SET", "hz", "10");
    redis.callAs(client, "AUTH", "secret");
    redis.callAs(client, "SELECT", "3");

    assertThat(link.lines).hasSize(3);
    assertThat(link.lines.get(0))
        .matches(
            "\\+\\d{10}\\.\\d{6} \\[0 10\\.0\\.0\\.2:4242\\] \"set\" \"a b\" \"x\\\\\"\\\\n\\\\x01\"\r\n");
    assertThat(link.lines.get(1)).endsWith("] \"AUTH\" \"(redacted)\"\r\n");
    assertThat(link.lines.get(2)).contains("[3 10.0.0.2:4242] \"SELECT\" \"3\"");

    assertThat(redis.callAs(monitor, "RESET")).isEqualTo("+RESET\r\n");
    redis.callAs(client, "PING");
    assertThat(link.lines).hasSize(3);
    assertThat(redis.call("CLIENT", "LIST", "ID", "7")).contains(" flags=N ");

    redis.callAs(monitor, "MONITOR");
    redis.engine().clientDisconnected(monitor);
    redis.callAs(client, "PING");
    assertThat(link.lines).hasSize(3);
  }

  @Test
  void clientPauseHoldsWritesOrEverythingUntilItsDeadlineOrUnpause() {
    byte[][] set = {"SET".getBytes(), "k".getBytes(), "v".getBytes()};
    byte[][] get = {"GET".getBytes(), "k".getBytes()};
    byte[][] unknown = {"NOSUCH".getBytes()};
    assertThat(redis.engine().mustWait(set)).isFalse();

    assertThat(redis.call("CLIENT", "PAUSE", "1000", "WRITE")).isEqualTo("+OK\r\n");
    assertThat(redis.engine().mustWait(set)).isTrue();
    assertThat(redis.engine().mustWait(get)).isFalse();
    redis.advanceMillis(999);
    assertThat(redis.engine().mustWait(set)).isTrue();
    redis.advanceMillis(1);
    assertThat(redis.engine().mustWait(set)).isFalse();

    redis.call("CLIENT", "PAUSE", "1000");
    assertThat(redis.engine().mustWait(get)).isTrue();
    assertThat(redis.engine().mustWait(unknown)).isFalse();
    // A shorter, laxer pause leaves the stricter, longer one in force.
    redis.call("CLIENT", "PAUSE", "10", "WRITE");
    redis.advanceMillis(500);
    assertThat(redis.engine().mustWait(get)).isTrue();
    assertThat(redis.call("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
    assertThat(redis.engine().mustWait(get)).isFalse();
    assertThat(redis.engine().mustWait(set)).isFalse();
  }
}
