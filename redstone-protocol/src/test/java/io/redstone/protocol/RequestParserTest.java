package io.redstone.protocol;

import static io.redstone.protocol.ParserHarness.bytes;
import static io.redstone.protocol.ParserHarness.command;
import static io.redstone.protocol.ParserHarness.multibulk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParserTest {
  private static final ParserLimits SMALL = new ParserLimits(100, 16, 1000);

  private static List<List<String>> parse(String latin1) throws ProtocolException {
    return new ParserHarness().feed(latin1).commands;
  }

  private static String errorOf(ParserLimits limits, String latin1) {
    ParserHarness harness = new ParserHarness(limits);
    try {
      harness.feed(latin1);
    } catch (ProtocolException e) {
      return e.getMessage();
    }
    throw new AssertionError("no protocol error for " + latin1 + ", got " + harness.commands);
  }

  private static String errorOf(String latin1) {
    return errorOf(ParserLimits.REDIS_DEFAULTS, latin1);
  }

  // ---- frame kinds
  // -------------------------------------------------------------------------------

  @Test
  void multibulkCommandIsParsed() throws Exception {
    assertThat(parse("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n"))
        .containsExactly(command("SET", "k", "hello"));
  }

  @Test
  void emptyBulkIsAnEmptyArgument() throws Exception {
    assertThat(parse("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n")).containsExactly(command("ECHO", ""));
  }

  @Test
  void inlineCommandEndsAtCrLfOrBareLf() throws Exception {
    assertThat(parse("PING\r\nECHO  hi\nSET a  b\t c\r\n"))
        .containsExactly(command("PING"), command("ECHO", "hi"), command("SET", "a", "b", "c"));
  }

  @Test
  void inlineLineStripsOnlyOneCrBeforeLf() throws Exception {
    assertThat(parse("ECHO x\r\r\n")).containsExactly(command("ECHO", "x"));
  }

  @Test
  void emptyAndBlankInlineLinesYieldNoCommand() throws Exception {
    assertThat(parse("\r\n\n   \r\n\t\r\nPING\r\n")).containsExactly(command("PING"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"*0\r\n", "*-1\r\n", "*-7\r\n", "*-9223372036854775808\r\n"})
  void zeroAndNegativeCountsYieldNoCommand(String request) throws Exception {
    assertThat(parse(request + "PING\r\n")).containsExactly(command("PING"));
  }

  @Test
  void bytesAfterHeaderCrAndAfterBulkDataAreSkippedUnchecked() throws Exception {
    // Redis skips them without looking: "*1\rX" is a count line, "PINGxy" a 4-byte bulk.
    assertThat(parse("*1\rX$4\r\nPINGxy*2\r\n$4\rYECHO\r\n$1\r\nz??"))
        .containsExactly(command("PING"), command("ECHO", "z"));
  }

  @Test
  void shortBulkLengthEatsTheFollowingBytesAsTrailer() throws Exception {
    // Redis answers "*1\r\n$3\r\nPING\r\n" with an unknown command 'PIN': "G\r" is the trailer and
    // the lone "\n" an empty inline line.
    assertThat(parse("*1\r\n$3\r\nPING\r\nPING\r\n"))
        .containsExactly(command("PIN"), command("PING"));
  }

  @Test
  void bulksAreBinarySafe() throws Exception {
    String tricky = "a\r\nb\u0000c\r\n*1\r\n$";
    assertThat(parse(multibulk("SET", tricky, "\u0000", "\u00ff\u0080")))
        .containsExactly(command("SET", tricky, "\u0000", "\u00ff\u0080"));
  }

  @Test
  void argumentsAreFreshArraysTheCallerMayKeep() throws Exception {
    List<byte[][]> seen = new ArrayList<>();
    RequestParser parser = new RequestParser(ParserLimits.REDIS_DEFAULTS);
    byte[] input = bytes(multibulk("SET", "k", "v") + multibulk("SET", "k", "w"));
    parser.feed(ByteBuffer.wrap(input), seen::add);
    Arrays.fill(input, (byte) 'x');
    assertThat(seen).hasSize(2);
    assertThat(ParserHarness.show(seen.get(0))).containsExactly("SET", "k", "v");
    assertThat(ParserHarness.show(seen.get(1))).containsExactly("SET", "k", "w");
    assertThat(seen.get(0)[0]).isNotSameAs(seen.get(1)[0]);
  }

  @Test
  void feedConsumesTheWholeBufferIncludingAPartialCommand() throws Exception {
    RequestParser parser = new RequestParser(ParserLimits.REDIS_DEFAULTS);
    ByteBuffer buffer = ByteBuffer.wrap(bytes("PING\r\n*2\r\n$4\r\nEC"));
    List<byte[][]> seen = new ArrayList<>();
    parser.feed(buffer, seen::add);
    assertThat(buffer.remaining()).isZero();
    assertThat(seen).hasSize(1);
    parser.feed(ByteBuffer.wrap(bytes("HO\r\n$2\r\nhi\r\n")), seen::add);
    assertThat(ParserHarness.show(seen.get(1))).containsExactly("ECHO", "hi");
  }

  @Test
  void directBuffersParseLikeHeapBuffers() throws Exception {
    byte[] input = bytes(multibulk("SET", "key", "value") + "GET key\r\n");
    ByteBuffer direct = ByteBuffer.allocateDirect(input.length).put(input).flip();
    List<List<String>> seen = new ArrayList<>();
    new RequestParser(ParserLimits.REDIS_DEFAULTS)
        .feed(direct, argv -> seen.add(ParserHarness.show(argv)));
    assertThat(seen).containsExactly(command("SET", "key", "value"), command("GET", "key"));
  }

  // ---- splitting and pipelining --------------------------------------------------------------

  private static final String MIXED_STREAM =
      multibulk("SET", "key", "va\r\nlue")
          + "ECHO \"a b\\x41\" 'it\\'s'\r\n"
          + "\r\n"
          + "*0\r\n"
          + multibulk("ECHO", "")
          + "PING\n"
          + "*-1\r\n"
          + multibulk("MSET", "a", "1", "b", "22");

  private static final List<List<String>> MIXED_COMMANDS =
      List.of(
          command("SET", "key", "va\r\nlue"),
          command("ECHO", "a bA", "it's"),
          command("ECHO", ""),
          command("PING"),
          command("MSET", "a", "1", "b", "22"));

  @Test
  void mixedStreamParsesWhole() throws Exception {
    assertThat(parse(MIXED_STREAM)).isEqualTo(MIXED_COMMANDS);
  }

  @Test
  void streamSplitAtAnyOneOrTwoPointsParsesIdentically() throws Exception {
    byte[] input = bytes(MIXED_STREAM);
    for (int i = 0; i <= input.length; i++) {
      for (int j = i; j <= input.length; j++) {
        ParserHarness harness = new ParserHarness();
        harness.feed(input, 0, i).feed(input, i, j).feed(input, j, input.length);
        assertThat(harness.commands).as("split at %d and %d", i, j).isEqualTo(MIXED_COMMANDS);
      }
    }
  }

  @Test
  void streamFedOneByteAtATimeParsesIdentically() throws Exception {
    byte[] input = bytes(MIXED_STREAM);
    ParserHarness harness = new ParserHarness();
    for (int i = 0; i < input.length; i++) {
      harness.feed(input, i, i + 1);
    }
    assertThat(harness.commands).isEqualTo(MIXED_COMMANDS);
  }

  @Test
  void fiveHundredPipelinedCommandsArriveInOrder() throws Exception {
    StringBuilder stream = new StringBuilder();
    List<List<String>> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      if (i % 3 == 0) {
        stream.append("INCR counter:").append(i).append("\r\n");
        expected.add(command("INCR", "counter:" + i));
      } else {
        stream.append(multibulk("SET", "key:" + i, "value " + i));
        expected.add(command("SET", "key:" + i, "value " + i));
      }
    }
    assertThat(parse(stream.toString())).isEqualTo(expected);
  }

  @Test
  void bigBulkArrivingOneByteAtATimeTakesLinearTime() {
    int size = 8 * 1024 * 1024;
    byte[] input = new byte[size + 64];
    byte[] header = bytes("*2\r\n$3\r\nSET\r\n$" + size + "\r\n");
    System.arraycopy(header, 0, input, 0, header.length);
    int end = header.length + size;
    for (int i = header.length; i < end; i++) {
      input[i] = (byte) i;
    }
    input[end++] = '\r';
    input[end++] = '\n';
    int total = end;
    // Quadratic work (rescanning or regrowing per byte) would need ~10^13 steps here.
    List<byte[][]> seen = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          RequestParser parser = new RequestParser(ParserLimits.REDIS_DEFAULTS);
          ByteBuffer whole = ByteBuffer.wrap(input);
          for (int i = 0; i < total; i++) {
            parser.feed(whole.limit(i + 1).position(i), seen::add);
          }
        });
    assertThat(seen).hasSize(1);
    byte[] value = seen.get(0)[1];
    assertThat(value).hasSize(size);
    assertThat(value).isEqualTo(Arrays.copyOfRange(input, header.length, header.length + size));
  }

  // ---- inline quoting
  // ----------------------------------------------------------------------------

  static List<Arguments> inlineLines() {
    return List.of(
        Arguments.of("SET k \"hello world\"", command("SET", "k", "hello world")),
        Arguments.of("ECHO \"\\x41\\x6a\\xfF\"", command("ECHO", "Aj\u00ff")),
        Arguments.of("ECHO \"\\x4g\"", command("ECHO", "x4g")),
        Arguments.of("ECHO \"\\x4\"", command("ECHO", "x4")),
        Arguments.of("ECHO \"\\n\\r\\t\\b\\a\\\\\\\"\\q\"", command("ECHO", "\n\r\t\b\u0007\\\"q")),
        Arguments.of("ECHO 'it\\'s' 'a\\nb' '\"'", command("ECHO", "it's", "a\\nb", "\"")),
        Arguments.of("ECHO a\"b c\"", command("ECHO", "ab c")),
        Arguments.of("ECHO a'b c'", command("ECHO", "ab c")),
        Arguments.of("ECHO \"\" ''", command("ECHO", "", "")),
        Arguments.of("ECHO \"x\"\t\"y\"", command("ECHO", "x", "y")),
        Arguments.of("ECHO \"x\"\u000by", command("ECHO", "x", "y")),
        Arguments.of("ECHO a\u000bb", command("ECHO", "a\u000bb")),
        Arguments.of("\u000b\u000c ECHO x", command("ECHO", "x")),
        Arguments.of("ECHO \u00e9\u00ff", command("ECHO", "\u00e9\u00ff")),
        Arguments.of("ECHO back\\slash", command("ECHO", "back\\slash")),
        Arguments.of("ECHO \"tab\there\"", command("ECHO", "tab\there")));
  }

  @ParameterizedTest
  @MethodSource("inlineLines")
  void inlineLinesSplitLikeSdssplitargs(String line, List<String> expected) throws Exception {
    assertThat(parse(line + "\r\n")).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ECHO \"abc",
        "ECHO 'abc",
        "ECHO \"a\"b",
        "ECHO 'a'b",
        "ECHO a\"b c\"d",
        "ECHO \"abc\\\"",
        "ECHO 'it\\'",
        "ECHO \"",
      })
  void unbalancedQuotesAreAProtocolError(String line) {
    assertThat(errorOf(line + "\r\n")).isEqualTo("Protocol error: unbalanced quotes in request");
  }

  // ---- errors
  // ------------------------------------------------------------------------------------

  @Test
  void inlineLineLongerThanTheLimitIsTooBig() throws Exception {
    // The limit counts the bytes before the LF, a CR among them.
    assertThat(new ParserHarness(SMALL).feed("x".repeat(15) + "\r\n").commands).hasSize(1);
    assertThat(new ParserHarness(SMALL).feed("x".repeat(16) + "\n").commands).hasSize(1);
    assertThat(errorOf(SMALL, "x".repeat(17))).isEqualTo("Protocol error: too big inline request");
    assertThat(errorOf(SMALL, "x".repeat(16) + "\r\n"))
        .isEqualTo("Protocol error: too big inline request");
  }

  @Test
  void unauthenticatedClientsGetRedisTighterLimits() throws Exception {
    ParserHarness harness = new ParserHarness();
    harness.parser.unauthenticated(true);
    harness.feed("*10\r\n" + "$1\r\na\r\n".repeat(10));
    harness.feed("*1\r\n$16384\r\n" + "x".repeat(16384) + "\r\n");
    assertThat(harness.commands).hasSize(2);

    assertThat(unauthenticatedError("*11\r\n"))
        .isEqualTo("Protocol error: unauthenticated multibulk length");
    assertThat(unauthenticatedError("*1\r\n$16385\r\n"))
        .isEqualTo("Protocol error: unauthenticated bulk length");
    // A malformed length is still reported as such, as Redis checks it first.
    assertThat(unauthenticatedError("*1\r\n$-5\r\n"))
        .isEqualTo("Protocol error: invalid bulk length");
  }

  @Test
  void authenticatingLiftsTheTighterLimits() throws Exception {
    ParserHarness harness = new ParserHarness();
    harness.parser.unauthenticated(true);
    harness.parser.unauthenticated(false);
    harness.feed("*11\r\n" + "$1\r\na\r\n".repeat(11));
    assertThat(harness.commands).hasSize(1);
  }

  private static String unauthenticatedError(String latin1) {
    ParserHarness harness = new ParserHarness();
    harness.parser.unauthenticated(true);
    try {
      harness.feed(latin1);
    } catch (ProtocolException e) {
      return e.getMessage();
    }
    throw new AssertionError("no protocol error for " + latin1);
  }

  @Test
  void inlineLineOverDefaultLimitIsTooBig() {
    assertThat(errorOf("A".repeat(64 * 1024 + 1)))
        .isEqualTo("Protocol error: too big inline request");
  }

  @Test
  void countLineWithoutCrOverTheLimitIsTooBig() throws Exception {
    assertThat(errorOf("*" + "1".repeat(64 * 1024)))
        .isEqualTo("Protocol error: too big mbulk count string");
    // 64 KB exactly, still no CR: Redis keeps waiting.
    new ParserHarness().feed("*" + "1".repeat(64 * 1024 - 1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*\r\n",
        "*abc\r\n",
        "*+1\r\n",
        "*01\r\n",
        "*-0\r\n",
        "*1 \r\n",
        "* 1\r\n",
        "*-\r\n",
        "*2147483648\r\n",
        "*9223372036854775808\r\n",
        "*100000000000000000000\r\n",
        "*000000000000000000000000000001\r\n",
      })
  void badCountsAreInvalidMultibulkLengths(String request) {
    assertThat(errorOf(request)).isEqualTo("Protocol error: invalid multibulk length");
  }

  @Test
  void countAboveTheConfiguredLimitIsInvalid() throws Exception {
    assertThat(errorOf(SMALL, "*1001\r\n")).isEqualTo("Protocol error: invalid multibulk length");
    new ParserHarness(SMALL).feed("*1000\r\n");
  }

  @Test
  void bulkHeaderMustStartWithDollar() {
    assertThat(errorOf("*1\r\n:4\r\n")).isEqualTo("Protocol error: expected '$', got ':'");
    assertThat(errorOf("*2\r\n$4\r\nECHO\r\n*1\r\n"))
        .isEqualTo("Protocol error: expected '$', got '*'");
    // A line that is only CR: Redis reports the CR itself (the reply writer turns it to a space).
    assertThat(errorOf("*1\r\n\r\n")).isEqualTo("Protocol error: expected '$', got '\r'");
    // A byte above 127 is carried as the char of the same value.
    assertThat(errorOf("*1\r\n\u00e9\r\n")).isEqualTo("Protocol error: expected '$', got '\u00e9'");
  }

  @Test
  void wrongBulkPrefixIsReportedOnlyOnceItsLineIsComplete() throws Exception {
    // Redis reads the whole line (CR and the byte after it) before looking at its first byte.
    ParserHarness harness = new ParserHarness().feed("*1\r\n:4\r");
    assertThatThrownBy(() -> harness.feed("\n"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Protocol error: expected '$', got ':'");
  }

  @Test
  void bulkLengthLineWithoutCrOverTheLimitIsTooBig() {
    assertThat(errorOf("*1\r\n$" + "1".repeat(64 * 1024)))
        .isEqualTo("Protocol error: too big bulk count string");
    assertThat(errorOf(SMALL, "*1\r\n:" + "1".repeat(16)))
        .isEqualTo("Protocol error: too big bulk count string");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$-1\r\n",
        "$\r\n",
        "$04\r\n",
        "$4x\r\n",
        "$ 4\r\n",
        "$+4\r\n",
        "$-0\r\n",
        "$536870913\r\n",
        "$9223372036854775807\r\n",
        "$99999999999999999999\r\n",
      })
  void badBulkLengthsAreInvalid(String header) {
    assertThat(errorOf("*1\r\n" + header)).isEqualTo("Protocol error: invalid bulk length");
  }

  @Test
  void bulkLengthAtTheLimitIsAcceptedAndOneMoreIsNot() throws Exception {
    new ParserHarness(SMALL).feed("*1\r\n$100\r\n");
    assertThat(errorOf(SMALL, "*1\r\n$101\r\n")).isEqualTo("Protocol error: invalid bulk length");
  }

  @Test
  void commandsBeforeAViolationAreDeliveredFirst() throws Exception {
    ParserHarness harness = new ParserHarness();
    assertThatThrownBy(() -> harness.feed("PING\r\n" + multibulk("ECHO", "x") + "*1\r\n$-5\r\n"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Protocol error: invalid bulk length");
    assertThat(harness.commands).containsExactly(command("PING"), command("ECHO", "x"));
  }

  @Test
  void parserStaysFailedAfterAViolation() throws Exception {
    ParserHarness harness = new ParserHarness();
    assertThatThrownBy(() -> harness.feed("ECHO \"x\r\n")).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> harness.feed("PING\r\n"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Protocol error: unbalanced quotes in request");
    assertThat(harness.commands).isEmpty();
  }

  @Test
  void nulInAnInlineLineStallsItUntilTheLimit() throws Exception {
    // Redis looks for the newline with strchr, which stops at the NUL: the line never ends, and
    // everything after it, later commands too, counts towards the inline limit.
    ParserHarness harness = new ParserHarness(SMALL).feed("PING\u0000\r\nPING\r\n");
    assertThat(harness.commands).isEmpty();
    assertThatThrownBy(() -> harness.feed("12345"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Protocol error: too big inline request");
  }

  @Test
  void nulInAHeaderLineStallsItUntilTheLimit() throws Exception {
    ParserHarness harness = new ParserHarness(SMALL).feed("*1\r\n$\u0000\r\n\r\nPING\r\n");
    assertThat(harness.commands).isEmpty();
    harness.feed("1234");
    assertThatThrownBy(() -> harness.feed("5"))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("Protocol error: too big bulk count string");
    assertThat(errorOf(SMALL, "*1\u0000\r\n" + "x".repeat(12)))
        .isEqualTo("Protocol error: too big mbulk count string");
  }

  @Test
  void nulAfterTheEndOfALineIsOrdinary() throws Exception {
    assertThat(parse("*1\r\u0000$4\r\u0000PING\u0000\u0000")).containsExactly(command("PING"));
  }

  // ---- memory
  // ------------------------------------------------------------------------------------

  @Test
  void hugeDeclaredCountsAndLengthsDoNotAllocateAhead() throws Exception {
    ParserHarness harness = new ParserHarness();
    long before = ParserHarness.allocatedBytes();
    harness.feed("*2147483647\r\n$536870912\r\nabc");
    long after = ParserHarness.allocatedBytes();
    if (before >= 0) {
      assertThat(after - before).isLessThan(1024 * 1024);
    }
    assertThat(harness.commands).isEmpty();
  }

  @Test
  void bigBulkGrowsOnlyWithTheBytesThatArrived() throws Exception {
    ParserHarness harness = new ParserHarness();
    byte[] piece = new byte[4096];
    long before = ParserHarness.allocatedBytes();
    harness.feed("*1\r\n$536870912\r\n");
    for (int i = 0; i < 256; i++) {
      harness.feed(piece);
    }
    long after = ParserHarness.allocatedBytes();
    if (before >= 0) {
      // 1 MB arrived; allow the segments holding it plus slack, nowhere near 512 MB.
      assertThat(after - before).isLessThan(4 * 1024 * 1024);
    }
  }
}
