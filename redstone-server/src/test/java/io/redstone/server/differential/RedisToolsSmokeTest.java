package io.redstone.server.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real {@code redis-cli} and {@code redis-benchmark} against Redstone (or, with {@code
 * -Dredstone.diff.target=redis}, against a redis-server, to check the test itself). Skips when the
 * binaries are not installed; fails when Redstone cannot start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisToolsSmokeTest {
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration BENCHMARK_TIMEOUT = Duration.ofSeconds(180);
  private static final Pattern REQUESTS_PER_SECOND =
      Pattern.compile("^(SET|GET|INCR|MSET \\(10 keys\\)): [0-9.]+ requests per second.*");

  private TestServer server;
  private Path scratch;

  @BeforeAll
  void startServer() {
    Target target = Target.selected();
    Optional<Path> redisServer = LocalEnvironment.onPath("redis-server");
    scratch = LocalEnvironment.tempDir("redstone-tools-");
    // Skipping per test (in emptyKeyspace) rather than here keeps the skips counted.
    if (target == Target.REDSTONE || redisServer.isPresent()) {
      server = target.start(redisServer.orElse(null));
    }
  }

  @AfterAll
  void stopServer() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      LocalEnvironment.deleteRecursively(scratch);
    }
  }

  @BeforeEach
  void emptyKeyspace() throws IOException {
    assumeTrue(server != null, RedisServerProcess.MISSING);
    try (RespClient client = RespClient.connect(server.port(), CLI_TIMEOUT)) {
      assertThat(text(client.call("FLUSHALL").raw())).isEqualTo("+OK\r\n");
    }
  }

  @Test
  void redisCliPingGetsPong() throws Exception {
    Result result = cli("ping");
    assertThat(result.output()).isEqualTo("PONG\n");
  }

  @Test
  void redisCliSetThenGetReturnsTheValue() throws Exception {
    assertThat(cli("set", "k", "v").output()).isEqualTo("OK\n");
    assertThat(cli("get", "k").output()).isEqualTo("v\n");
    assertThat(cli("get", "missing").output()).isEqualTo("\n");
  }

  @Test
  void redisCliScanListsTheKeysSetBefore() throws Exception {
    for (String key : List.of("alpha", "beta", "gamma")) {
      assertThat(cli("set", key, "1").output()).isEqualTo("OK\n");
    }
    List<String> keys = new ArrayList<>(Arrays.asList(cli("--scan").output().split("\n")));
    assertThat(keys).containsExactlyInAnyOrder("alpha", "beta", "gamma");
    assertThat(cli("--scan", "--pattern", "*a").output().split("\n"))
        .containsExactlyInAnyOrder("alpha", "beta", "gamma");
    assertThat(cli("--scan", "--pattern", "g*").output()).isEqualTo("gamma\n");
  }

  @Test
  void redisCliBigkeysAndMemkeysFindTheBiggestString() throws Exception {
    cli("set", "small", "x");
    cli("set", "big", "x".repeat(500));
    String bigkeys = cli("--bigkeys").output();
    assertThat(bigkeys)
        .contains("Biggest string found '\"big\"' has 500 bytes")
        .contains("2 strings with 501 bytes");
    String memkeys = cli("--memkeys").output();
    assertThat(memkeys).containsPattern("Biggest string found '\"big\"' has [0-9]+ bytes");
    assertThat(memkeys).contains("2 strings with ");
  }

  @Test
  void redisCliStatPrintsARowPerSecondWithTheKeyCount() throws Exception {
    cli("set", "a", "1");
    cli("set", "b", "2");
    String output = runFor(Duration.ofMillis(2500), cliArgs("--stat", "-i", "0.2"));
    assertThat(output).contains("------- data ------").contains("keys       mem      clients");
    // a row: keys, memory, clients, blocked, requests ...
    assertThat(output).containsPattern("(?m)^2 +[0-9.]+[KMG]? +1 +0 +[0-9]+ ");
  }

  @Test
  void redisCliLatencyMeasuresPings() throws Exception {
    // Not on a terminal, redis-cli pings for a second, then prints "min max avg samples".
    String output = cli("--latency").output();
    assertThat(output).containsPattern("[0-9]+ [0-9]+ [0-9.]+ [1-9][0-9]*");
  }

  @Test
  void redisCliMonitorShowsOtherClientsCommands() throws Exception {
    Path stdbuf = binary("stdbuf");
    List<String> command = new ArrayList<>(List.of(stdbuf.toString(), "-o0"));
    command.addAll(cliArgs("monitor"));
    Path output = Files.createTempFile(scratch, "monitor-", ".txt");
    Process monitor =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + CLI_TIMEOUT.toNanos();
      while (!Files.readString(output).startsWith("OK") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      cli("set", "watched", "value");
      while (!Files.readString(output).contains("\"watched\"") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      monitor.destroy();
      monitor.waitFor(5, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(output))
        .containsPattern(
            "[0-9]+\\.[0-9]{6} \\[0 127\\.0\\.0\\.1:[0-9]+\\] \"set\" \"watched\" \"value\"");
  }

  @Test
  void inlineCommandsOverARawSocketAreUnderstood() throws IOException {
    try (RespClient client = RespClient.connect(server.port(), CLI_TIMEOUT)) {
      client.send("SET a 1\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(text(client.readReply().raw())).isEqualTo("+OK\r\n");
      client.send("GET a\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(text(client.readReply().raw())).isEqualTo("$1\r\n1\r\n");
      // quotes as redis-cli writes them, a bare LF as telnet users type, and a pipeline
      client.send(
          "SET b \"hello world\"\nGET b\r\nPING\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(text(client.readReply().raw())).isEqualTo("+OK\r\n");
      assertThat(text(client.readReply().raw())).isEqualTo("$11\r\nhello world\r\n");
      assertThat(text(client.readReply().raw())).isEqualTo("+PONG\r\n");
      assertThat(text(client.readReply().raw())).isEqualTo("+PONG\r\n");
      client.send("\r\nEXISTS a b\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(text(client.readReply().raw())).isEqualTo(":2\r\n");
    }
  }

  @Test
  void redisBenchmarkRunsCleanly() throws Exception {
    Path benchmark = binary("redis-benchmark");
    Result result =
        run(
            BENCHMARK_TIMEOUT,
            benchmark.toString(),
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(server.port()),
            "-q",
            "-t",
            "set,get,incr,mset",
            "-n",
            "20000");
    // -q redraws a progress line with CR; the final result of each test ends in LF
    List<String> lines =
        Arrays.stream(result.output().split("[\r\n]"))
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.contains("rps="))
            .toList();
    List<String> problems =
        lines.stream().filter(line -> !REQUESTS_PER_SECOND.matcher(line).matches()).toList();
    assertThat(problems).as("unexpected redis-benchmark output:\n%s", result.output()).isEmpty();
    assertThat(lines)
        .as("one requests-per-second line per test")
        .extracting(line -> line.substring(0, line.indexOf(':')))
        .containsExactly("SET", "GET", "INCR", "MSET (10 keys)");
  }

  private Result cli(String... args) throws Exception {
    return run(CLI_TIMEOUT, cliArgs(args).toArray(String[]::new));
  }

  private List<String> cliArgs(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary("redis-cli").toString(),
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(server.port())));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Runs a redis-cli mode that never ends by itself (--stat) for {@code duration}, then stops it.
   * stdbuf unbuffers its output, which would otherwise die in its buffer.
   */
  private String runFor(Duration duration, List<String> cliCommand) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary("stdbuf").toString(), "-o0"));
    command.addAll(cliCommand);
    Path output = Files.createTempFile(scratch, "out-", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (process.waitFor(duration.toMillis(), TimeUnit.MILLISECONDS)) {
      fail(String.join(" ", command) + " ended early; output:\n" + Files.readString(output));
    }
    process.destroy();
    process.waitFor(5, TimeUnit.SECONDS);
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  private static Path binary(String name) {
    Optional<Path> path = LocalEnvironment.onPath(name);
    assumeTrue(
        path.isPresent(),
        name + " not found on PATH; install Debian's redis-tools to run the tools smoke test");
    return path.get();
  }

  /** Runs a process to completion within {@code timeout}, or kills it and fails. */
  private Result run(Duration timeout, String... command) throws Exception {
    Path output = Files.createTempFile(scratch, "out-", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      fail(
          String.join(" ", command)
              + " did not finish within "
              + timeout.toSeconds()
              + " s;"
              + " output so far:\n"
              + Files.readString(output, StandardCharsets.UTF_8));
    }
    Result result =
        new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    assertThat(result.exitCode())
        .as("exit code of %s; output:\n%s", String.join(" ", command), result.output())
        .isZero();
    return result;
  }

  private record Result(int exitCode, String output) {}

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
