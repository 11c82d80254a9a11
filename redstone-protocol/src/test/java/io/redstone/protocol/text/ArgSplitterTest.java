package io.redstone.protocol.text;

import static io.redstone.protocol.text.ArgSplitter.Separators.ANY_SPACE;
import static io.redstone.protocol.text.ArgSplitter.Separators.REDIS;
import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.protocol.text.ArgSplitter.Separators;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArgSplitterTest {

  /** Splits Latin-1 text as bytes; the result as Latin-1 strings, or null. */
  private static List<String> bytes(String line, Separators separators) {
    byte[] raw = line.getBytes(StandardCharsets.ISO_8859_1);
    byte[][] args = ArgSplitter.split(raw, 0, raw.length, separators);
    return args == null
        ? null
        : Arrays.stream(args).map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList();
  }

  @ParameterizedTest
  @EnumSource(Separators.class)
  void blanksSeparateAndQuotesGroup(Separators separators) {
    assertThat(ArgSplitter.split("  set  a\tb \r\n", separators)).containsExactly("set", "a", "b");
    assertThat(ArgSplitter.split("x \"a b\" 'c d' \"\"", separators))
        .containsExactly("x", "a b", "c d", "");
    assertThat(ArgSplitter.split("foo\"bar baz\"", separators)).containsExactly("foobar baz");
    assertThat(ArgSplitter.split("", separators)).isEmpty();
    assertThat(ArgSplitter.split(" \t\u000b\f ", separators)).isEmpty();
  }

  @Test
  void doubleQuotesUnderstandEscapes() {
    assertThat(ArgSplitter.split("\"a\\nb\\r\\t\\b\\a\\\"\\\\\\q\"", REDIS))
        .containsExactly("a\nb\r\t\b\u0007\"\\q");
  }

  @Test
  void hexEscapesNeedTwoHexDigits() {
    assertThat(ArgSplitter.split("\"\\x41\\x7a\\xFF\\x00\"", REDIS))
        .containsExactly("Az\u00ff\u0000");
    // One digit, or none: the backslash escapes the x, and the rest is literal.
    assertThat(ArgSplitter.split("\"\\x4\" \"\\xg1\" \"\\x\"", REDIS))
        .containsExactly("x4", "xg1", "x");
    assertThat(bytes("\"\\xc3\\xa9\"", REDIS)).containsExactly("\u00c3\u00a9");
  }

  @Test
  void singleQuotesUnderstandOnlyAnEscapedQuote() {
    assertThat(ArgSplitter.split("'it\\'s' 'a\\nb' '\\x41'", REDIS))
        .containsExactly("it's", "a\\nb", "\\x41");
    assertThat(ArgSplitter.split("'say \"hi\"' \"it's\"", REDIS))
        .containsExactly("say \"hi\"", "it's");
  }

  @ParameterizedTest
  @EnumSource(Separators.class)
  void unbalancedQuotesHaveNoArguments(Separators separators) {
    assertThat(ArgSplitter.split("set \"abc", separators)).isNull();
    assertThat(ArgSplitter.split("set 'abc", separators)).isNull();
    assertThat(ArgSplitter.split("set \"abc\\\"", separators)).isNull();
    assertThat(ArgSplitter.split("set \"abc\\", separators)).isNull();
    assertThat(bytes("set 'abc", separators)).isNull();
  }

  @ParameterizedTest
  @EnumSource(Separators.class)
  void aClosingQuoteMustBeFollowedByABlankOrTheEnd(Separators separators) {
    assertThat(ArgSplitter.split("port \"12\"x", separators)).isNull();
    assertThat(ArgSplitter.split("x 'a'b", separators)).isNull();
    assertThat(ArgSplitter.split("\"a\"\"b\"", separators)).isNull();
    assertThat(bytes("\"a\"b", separators)).isNull();
    assertThat(ArgSplitter.split("\"a\"\u000bb", separators)).containsExactly("a", "b");
    assertThat(ArgSplitter.split("\"a\"", separators)).containsExactly("a");
  }

  @Test
  void separatorsDecideWhatEndsAnUnquotedArgument() {
    assertThat(ArgSplitter.split("a\u000bb c\fd", REDIS)).containsExactly("a\u000bb", "c\fd");
    assertThat(ArgSplitter.split("a\u000bb c\fd", ANY_SPACE)).containsExactly("a", "b", "c", "d");
    assertThat(ArgSplitter.split("a\0b", REDIS)).containsExactly("a", "b");
    assertThat(ArgSplitter.split("a\0b", ANY_SPACE)).containsExactly("a\0b");
    // Inside quotes a NUL is an ordinary unit either way.
    assertThat(bytes("\"a\0b\"", REDIS)).containsExactly("a\0b");
  }

  @Test
  void bytesAndCharsSplitAlike() {
    String line = " get \"k\\x01\\ty\" 'v w' z\"q r\" ";
    for (Separators separators : Separators.values()) {
      assertThat(bytes(line, separators)).isEqualTo(ArgSplitter.split(line, separators));
    }
  }

  @Test
  void splitsOnlyTheGivenRangeOfBytes() {
    byte[] raw = "xxget k 'v'yy".getBytes(StandardCharsets.US_ASCII);
    List<byte[]> args = Arrays.asList(ArgSplitter.split(raw, 2, raw.length - 2, REDIS));
    assertThat(args).hasSize(3);
    assertThat(new String(args.get(2), StandardCharsets.US_ASCII)).isEqualTo("v");
  }

  @Test
  void bytesAboveAsciiAndCharsAboveLatin1PassThrough() {
    byte[] raw = {'"', (byte) 0xc3, (byte) 0xa9, '"', ' ', (byte) 0x85, (byte) 0xa0};
    byte[] first = {(byte) 0xc3, (byte) 0xa9};
    byte[] second = {(byte) 0x85, (byte) 0xa0};
    assertThat(Arrays.asList(ArgSplitter.split(raw, 0, raw.length, REDIS)))
        .containsExactly(first, second);
    assertThat(ArgSplitter.split("héllo \"wörld €\"", REDIS)).containsExactly("héllo", "wörld €");
  }
}
