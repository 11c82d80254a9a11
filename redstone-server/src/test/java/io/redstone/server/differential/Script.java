package io.redstone.server.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A differential script: one command per line, tokenized as by {@code redis-cli}, with {@code #}
 * comment lines and a few directives (see {@code src/test/resources/differential/README.md}).
 */
record Script(String name, List<Script.Step> steps) {

  /** How two replies to the same command are compared. */
  enum Comparison {
    /** Byte for byte: the default. */
    EXACT("") {
      @Override
      boolean same(RespValue reference, RespValue target) {
        return RespValue.sameBytes(reference, target);
      }
    },
    /** Every array, set and map at every depth compared as a multiset: KEYS, SCAN. */
    SORTED("sorted:") {
      @Override
      boolean same(RespValue reference, RespValue target) {
        return Arrays.equals(RespValue.unordered(reference), RespValue.unordered(target));
      }
    },
    /**
     * Pairs compared as a multiset, each pair in its own order: HGETALL of a hash table, HSCAN,
     * ZRANGE WITHSCORES with ties, where Redis does not fix the order of the pairs.
     */
    PAIRS("pairs:") {
      @Override
      boolean same(RespValue reference, RespValue target) {
        return Arrays.equals(RespValue.unorderedPairs(reference), RespValue.unorderedPairs(target));
      }
    },
    /** Only types and aggregate lengths: TIME, RANDOMKEY among several keys, HELLO, CLIENT ID. */
    SHAPE("shape:") {
      @Override
      boolean same(RespValue reference, RespValue target) {
        return RespValue.shape(reference).equals(RespValue.shape(target));
      }
    };

    final String prefix;

    Comparison(String prefix) {
      this.prefix = prefix;
    }

    abstract boolean same(RespValue reference, RespValue target);
  }

  /** One line of a script that does something. */
  sealed interface Step {
    int line();
  }

  /** Send {@code argv} to both servers and compare the replies. */
  record Command(int line, String text, Comparison comparison, List<byte[]> argv) implements Step {}

  /** Pause before the next command, for TTLs to run out. */
  record Sleep(int line, long millis) implements Step {}

  /**
   * {@code client: NAME}: later commands go through connection {@code NAME} (opened on first use,
   * fresh: RESP2, database 0) until the next switch; {@code default} is the one the script starts
   * on. For scripts with several clients, such as a subscriber and a publisher.
   */
  record SwitchClient(int line, String name) implements Step {}

  /**
   * {@code read:}: reads one more reply on the current connection without sending anything (the
   * second confirmation of {@code SUBSCRIBE a b}, a published message), compared byte for byte.
   */
  record Read(int line) implements Step {}

  /**
   * {@code send: CMD ...}: sends the command to both servers without reading a reply, for commands
   * that answer nothing (CLIENT REPLY OFF and SKIP, and what runs while replies are off).
   */
  record Send(int line, String text, List<byte[]> argv) implements Step {}

  /** Thrown for a line that cannot be understood; names the script and line. */
  static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message);
    }
  }

  static Script load(Path file) throws IOException, ParseException {
    return parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static Script parse(String name, List<String> lines) throws ParseException {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = i + 1;
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      try {
        steps.add(parseStep(lineNumber, text));
      } catch (CommandLine.SyntaxException | IllegalArgumentException e) {
        throw new ParseException(name + ":" + lineNumber + ": " + e.getMessage() + ": " + text);
      }
    }
    return new Script(name, List.copyOf(steps));
  }

  private static Step parseStep(int line, String text) throws CommandLine.SyntaxException {
    if (text.startsWith("client:")) {
      String name = text.substring("client:".length()).strip();
      if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("client: wants one name");
      }
      return new SwitchClient(line, name);
    }
    if (text.equals("read:")) {
      return new Read(line);
    }
    if (text.startsWith("send:")) {
      String command = text.substring("send:".length()).strip();
      List<byte[]> argv = CommandLine.split(command);
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("send: wants a command");
      }
      return new Send(line, command, argv);
    }
    if (text.startsWith("sleep:")) {
      String millis = text.substring("sleep:".length()).strip();
      try {
        return new Sleep(line, Long.parseLong(millis));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("sleep: wants milliseconds");
      }
    }
    Comparison comparison = Comparison.EXACT;
    String command = text;
    for (Comparison candidate : Comparison.values()) {
      if (!candidate.prefix.isEmpty() && text.startsWith(candidate.prefix)) {
        comparison = candidate;
        command = text.substring(candidate.prefix.length()).strip();
      }
    }
    List<byte[]> argv = CommandLine.split(command);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("directive without a command");
    }
    return new Command(line, command, comparison, argv);
  }

  /**
   * An argument written {@code {client-id:NAME}} is sent as the id of client {@code NAME} on that
   * server (CLIENT TRACKING ... REDIRECT, CLIENT KILL ID): the two servers number clients apart.
   */
  static String clientIdPlaceholder(byte[] arg) {
    String text = new String(arg, StandardCharsets.UTF_8);
    if (text.startsWith("{client-id:") && text.endsWith("}")) {
      return text.substring("{client-id:".length(), text.length() - 1);
    }
    return null;
  }

  /** Whether any command names a client's id: then every client's id is learnt when it opens. */
  boolean usesClientIds() {
    for (Step step : steps) {
      List<byte[]> argv =
          step instanceof Command command
              ? command.argv()
              : step instanceof Send send ? send.argv() : List.of();
      for (byte[] arg : argv) {
        if (clientIdPlaceholder(arg) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** Sum of all pauses, to keep the suite fast. */
  long sleepMillis() {
    return steps.stream().mapToLong(s -> s instanceof Sleep sleep ? sleep.millis() : 0).sum();
  }
}
