package io.redstone.server.differential;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs every script in {@code src/test/resources/differential} against a real {@code redis-server}
 * and against the target (Redstone by default), one dynamic test per script, and compares the
 * replies byte for byte. Skips when redis-server is not installed; fails when Redstone cannot
 * start.
 *
 * <p>{@code -Dredstone.diff.transcript=DIR} also writes each script's commands with the reference
 * replies to {@code DIR/<script>.txt}, to review what a script really exercises.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifferentialTest {
  private static final String SCRIPTS = "differential";
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_REPORTED = 20;
  private static final String DEFAULT_CLIENT = "default";

  private TestServer reference;
  private TestServer target;

  /**
   * Without redis-server nothing is started and every script is skipped with the reason (an
   * assumption here would skip the class in a way Surefire counts as zero tests, not as skipped).
   */
  @BeforeAll
  void startServers() {
    Target selected = Target.selected();
    Optional<Path> redisServer = LocalEnvironment.onPath("redis-server");
    if (redisServer.isPresent()) {
      reference = RedisServerProcess.start(redisServer.get(), "redis-server");
      target = selected.start(redisServer.get());
    }
  }

  @AfterAll
  void stopServers() {
    try {
      if (target != null) {
        target.close();
      }
    } finally {
      if (reference != null) {
        reference.close();
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> scripts() throws IOException {
    List<Path> files = scriptFiles();
    if (files.isEmpty()) {
      fail("no *.redis scripts under " + SCRIPTS);
    }
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(), file.toUri(), () -> run(Script.load(file))));
  }

  private void run(Script script) throws IOException, InterruptedException {
    assumeTrue(reference != null, RedisServerProcess.MISSING);
    List<String> mismatches = new ArrayList<>();
    StringBuilder transcript = new StringBuilder();
    int commands = 0;
    Map<String, RespClient[]> clients = new HashMap<>();
    ClientIds ids = script.usesClientIds() ? new ClientIds() : null;
    try {
      RespClient[] current = open(clients, DEFAULT_CLIENT, ids);
      expectOk(current[0], reference, script);
      expectOk(current[1], target, script);
      String currentName = DEFAULT_CLIENT;
      for (Script.Step step : script.steps()) {
        if (step instanceof Script.Sleep sleep) {
          Thread.sleep(sleep.millis());
          continue;
        }
        if (step instanceof Script.Send send) {
          Script.Command command =
              new Script.Command(send.line(), send.text(), Script.Comparison.EXACT, send.argv());
          current[0].send(RespClient.multibulk(withIds(command, ids, 0).argv()));
          current[1].send(RespClient.multibulk(withIds(command, ids, 1).argv()));
          transcript.append(step.line()).append(": send: ").append(send.text()).append('\n');
          continue;
        }
        if (step instanceof Script.SwitchClient change) {
          current =
              clients.containsKey(change.name())
                  ? clients.get(change.name())
                  : open(clients, change.name(), ids);
          currentName = change.name();
          transcript.append(step.line()).append(": client: ").append(currentName).append('\n');
          continue;
        }
        commands++;
        Script.Command command;
        RespValue expected;
        RespValue actual;
        if (step instanceof Script.Read read) {
          command =
              new Script.Command(
                  read.line(), "read: (" + currentName + ")", Script.Comparison.EXACT, List.of());
          expected = reply(current[0], reference, script, command);
          actual = reply(current[1], target, script, command);
        } else {
          command = (Script.Command) step;
          expected = reply(current[0], reference, script, withIds(command, ids, 0));
          actual = reply(current[1], target, script, withIds(command, ids, 1));
        }
        if (ids != null && command.comparison() == Script.Comparison.EXACT) {
          expected = ids.asTargetIds(expected);
        }
        transcript
            .append(command.line())
            .append(": ")
            .append(command.text())
            .append("\n    ")
            .append(RespValue.escaped(expected.raw(), 400))
            .append('\n');
        if (!command.comparison().same(expected, actual)) {
          mismatches.add(describe(command, expected, actual));
        }
      }
    } finally {
      for (RespClient[] pair : clients.values()) {
        for (RespClient client : pair) {
          client.close();
        }
      }
      writeTranscript(script, transcript);
    }
    if (!mismatches.isEmpty()) {
      StringBuilder message =
          new StringBuilder()
              .append(script.name())
              .append(": ")
              .append(mismatches.size())
              .append(" of ")
              .append(commands)
              .append(" replies differ (")
              .append(reference.name())
              .append(" vs ")
              .append(target.name())
              .append(")\n");
      mismatches.stream().limit(MAX_REPORTED).forEach(message::append);
      if (mismatches.size() > MAX_REPORTED) {
        message.append("... and ").append(mismatches.size() - MAX_REPORTED).append(" more\n");
      }
      fail(message.toString());
    }
  }

  /**
   * The ids of a script's clients on each server, learnt with CLIENT ID as each opens, for the
   * {@code {client-id:NAME}} arguments; a reply naming a reference client's id (an integer, as
   * GETREDIR's) is compared as if it named the target's id of the same client.
   */
  private static final class ClientIds {
    final Map<String, long[]> byName = new HashMap<>();

    long id(String name, int side) {
      long[] pair = byName.get(name);
      if (pair == null) {
        throw new IllegalArgumentException("no client named " + name + " opened yet");
      }
      return pair[side];
    }

    RespValue asTargetIds(RespValue reference) {
      Map<String, String> targetOf = new HashMap<>();
      for (long[] pair : byName.values()) {
        targetOf.put(Long.toString(pair[0]), Long.toString(pair[1]));
      }
      // One pass, so that a reference id equal to another client's target id is not mapped twice.
      String text = new String(reference.raw(), StandardCharsets.ISO_8859_1);
      java.util.regex.Matcher integer = INTEGER.matcher(text);
      StringBuilder mapped = new StringBuilder();
      while (integer.find()) {
        String target = targetOf.getOrDefault(integer.group(1), integer.group(1));
        integer.appendReplacement(mapped, ":" + target + "\r\n");
      }
      integer.appendTail(mapped);
      byte[] raw = mapped.toString().getBytes(StandardCharsets.ISO_8859_1);
      return java.util.Arrays.equals(raw, reference.raw())
          ? reference
          : new RespValue.Line('?', raw, raw);
    }

    private static final java.util.regex.Pattern INTEGER =
        java.util.regex.Pattern.compile(":(\\d+)\r\n");
  }

  /** The command with each {@code {client-id:NAME}} argument replaced by that client's id. */
  private static Script.Command withIds(Script.Command command, ClientIds ids, int side) {
    if (ids == null) {
      return command;
    }
    List<byte[]> argv = new ArrayList<>(command.argv().size());
    for (byte[] arg : command.argv()) {
      String name = Script.clientIdPlaceholder(arg);
      argv.add(
          name == null
              ? arg
              : Long.toString(ids.id(name, side)).getBytes(StandardCharsets.US_ASCII));
    }
    return new Script.Command(command.line(), command.text(), command.comparison(), argv);
  }

  /**
   * Connects {@code name} to both servers: reference first, target second. With {@code ids}, asks
   * each for the connection's id.
   */
  private RespClient[] open(Map<String, RespClient[]> clients, String name, ClientIds ids)
      throws IOException {
    RespClient[] pair = open(clients, name);
    if (ids != null) {
      long[] both = new long[2];
      for (int side = 0; side < 2; side++) {
        String reply = new String(pair[side].call("CLIENT", "ID").raw(), StandardCharsets.US_ASCII);
        both[side] = Long.parseLong(reply.substring(1).trim());
      }
      ids.byName.put(name, both);
    }
    return pair;
  }

  /** Connects {@code name} to both servers: reference first, target second. */
  private RespClient[] open(Map<String, RespClient[]> clients, String name) throws IOException {
    RespClient left = RespClient.connect(reference.port(), REPLY_TIMEOUT);
    RespClient right;
    try {
      right = RespClient.connect(target.port(), REPLY_TIMEOUT);
    } catch (IOException e) {
      left.close();
      throw e;
    }
    RespClient[] pair = {left, right};
    clients.put(name, pair);
    return pair;
  }

  /**
   * Sends the command and reads its reply; a command without arguments ({@code read:}) only reads.
   */
  private static RespValue reply(
      RespClient client, TestServer server, Script script, Script.Command command) {
    try {
      return command.argv().isEmpty() ? client.readReply() : client.call(command.argv());
    } catch (IOException e) {
      // The connection's state is unknown now: the rest of the script cannot be trusted.
      throw new AssertionError(
          script.name()
              + ":"
              + command.line()
              + ": "
              + command.text()
              + "\n  "
              + server.name()
              + " gave no reply: "
              + e.getMessage(),
          e);
    }
  }

  private static void expectOk(RespClient client, TestServer server, Script script)
      throws IOException {
    RespValue reply = client.call("FLUSHALL");
    if (!new String(reply.raw(), StandardCharsets.UTF_8).equals("+OK\r\n")) {
      fail(
          script.name()
              + ": FLUSHALL before the script failed on "
              + server.name()
              + ": "
              + RespValue.escaped(reply.raw(), 200));
    }
  }

  private String describe(Script.Command command, RespValue expected, RespValue actual) {
    String width = "%-" + Math.max(reference.name().length(), target.name().length()) + "s";
    StringBuilder out =
        new StringBuilder()
            .append("line ")
            .append(command.line())
            .append(": ")
            .append(command.text())
            .append('\n')
            .append("  ")
            .append(String.format(width, reference.name()))
            .append(" ")
            .append(RespValue.escaped(expected.raw(), 2000))
            .append('\n')
            .append("  ")
            .append(String.format(width, target.name()))
            .append(" ")
            .append(RespValue.escaped(actual.raw(), 2000))
            .append('\n');
    if (command.comparison() == Script.Comparison.SHAPE) {
      out.append("  (compared as shapes: ")
          .append(RespValue.shape(expected))
          .append(" vs ")
          .append(RespValue.shape(actual))
          .append(")\n");
    } else if (command.comparison() == Script.Comparison.SORTED) {
      out.append("  (compared with arrays and maps as multisets)\n");
    } else if (command.comparison() == Script.Comparison.PAIRS) {
      out.append("  (compared as multisets of pairs)\n");
    }
    return out.toString();
  }

  private static void writeTranscript(Script script, CharSequence transcript) throws IOException {
    String dir = System.getProperty("redstone.diff.transcript");
    if (dir != null && !dir.isBlank()) {
      Files.createDirectories(Path.of(dir));
      Files.writeString(Path.of(dir, script.name() + ".txt"), transcript);
    }
  }

  private static List<Path> scriptFiles() throws IOException {
    URL url = DifferentialTest.class.getClassLoader().getResource(SCRIPTS);
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new IllegalStateException("scripts not found as a directory on the classpath: " + url);
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      // -Dredstone.diff.only=TEXT runs only the scripts whose name contains TEXT.
      String only = System.getProperty("redstone.diff.only", "");
      return files
          .filter(f -> f.getFileName().toString().endsWith(".redis"))
          .filter(f -> f.getFileName().toString().contains(only))
          .sorted()
          .toList();
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
