package io.redstone.server.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The differential harness's own parts, without any server: tokenizer, reader, comparisons. */
class DifferentialHarnessTest {

  @Test
  void splitsLikeRedisCli() throws Exception {
    assertThat(strings(CommandLine.split("  SET  key   value ")))
        .containsExactly("SET", "key", "value");
    assertThat(strings(CommandLine.split("SET \"hello world\" x")))
        .containsExactly("SET", "hello world", "x");
    assertThat(strings(CommandLine.split("ECHO \"a\\tb\\n\\\"q\\\"\\\\\"")))
        .containsExactly("ECHO", "a\tb\n\"q\"\\");
    assertThat(strings(CommandLine.split("ECHO ab\"c d\""))).containsExactly("ECHO", "abc d");
    assertThat(strings(CommandLine.split("ECHO 'single \\' quote' 'no \\n escape'")))
        .containsExactly("ECHO", "single ' quote", "no \\n escape");
    assertThat(strings(CommandLine.split("KEYS h\\*llo"))).containsExactly("KEYS", "h\\*llo");
    assertThat(strings(CommandLine.split("SET \"\" ''"))).containsExactly("SET", "", "");
    assertThat(CommandLine.split("")).isEmpty();
  }

  @Test
  void hexEscapesGiveAnyByte() throws Exception {
    List<byte[]> args = CommandLine.split("SET \"\\x00\\xff\\xC3\\x28\" \"\\xzz\"");
    assertThat(args.get(1)).containsExactly(0x00, 0xff, 0xc3, 0x28);
    assertThat(new String(args.get(2), StandardCharsets.UTF_8)).isEqualTo("xzz");
  }

  @Test
  void rejectsUnbalancedOrGluedQuotes() {
    assertThatThrownBy(() -> CommandLine.split("SET \"open")).hasMessageContaining("unbalanced");
    assertThatThrownBy(() -> CommandLine.split("SET 'open")).hasMessageContaining("unbalanced");
    assertThatThrownBy(() -> CommandLine.split("SET \"a\"b")).hasMessageContaining("closing quote");
  }

  @Test
  void scriptReadsDirectivesCommentsAndLineNumbers() throws Exception {
    Script script =
        Script.parse(
            "t.redis",
            List.of(
                "# comment",
                "",
                "SET k v",
                "  sorted: KEYS *",
                "shape: TIME",
                "sleep: 20",
                "GET k # not a comment",
                "pairs: HGETALL h"));
    assertThat(script.steps()).hasSize(6);
    Script.Command set = (Script.Command) script.steps().get(0);
    assertThat(set.line()).isEqualTo(3);
    assertThat(set.comparison()).isEqualTo(Script.Comparison.EXACT);
    Script.Command keys = (Script.Command) script.steps().get(1);
    assertThat(keys.comparison()).isEqualTo(Script.Comparison.SORTED);
    assertThat(strings(keys.argv())).containsExactly("KEYS", "*");
    assertThat(((Script.Command) script.steps().get(2)).comparison())
        .isEqualTo(Script.Comparison.SHAPE);
    assertThat(script.steps().get(3)).isEqualTo(new Script.Sleep(6, 20));
    assertThat(strings(((Script.Command) script.steps().get(4)).argv()))
        .containsExactly("GET", "k", "#", "not", "a", "comment");
    assertThat(((Script.Command) script.steps().get(5)).comparison())
        .isEqualTo(Script.Comparison.PAIRS);
    assertThat(script.sleepMillis()).isEqualTo(20);
  }

  @Test
  void clientDirectiveSwitchesTheConnectionForTheLinesAfterIt() throws Exception {
    Script script =
        Script.parse("t.redis", List.of("WATCH k", "client: other", "SET k 1", "client: main"));
    assertThat(script.steps())
        .containsExactly(
            script.steps().get(0),
            new Script.SwitchClient(2, "other"),
            script.steps().get(2),
            new Script.SwitchClient(4, Script.FIRST_CLIENT));
    assertThatThrownBy(() -> Script.parse("bad.redis", List.of("client:")))
        .hasMessageStartingWith("bad.redis:1:");
    assertThatThrownBy(() -> Script.parse("bad.redis", List.of("client: two names")))
        .hasMessageStartingWith("bad.redis:1:");
  }

  @Test
  void scriptErrorsNameTheLine() {
    assertThatThrownBy(() -> Script.parse("bad.redis", List.of("PING", "SET \"k")))
        .hasMessageStartingWith("bad.redis:2:");
    assertThatThrownBy(() -> Script.parse("bad.redis", List.of("sleep: soon")))
        .hasMessageStartingWith("bad.redis:1:");
    assertThatThrownBy(() -> Script.parse("bad.redis", List.of("shape:")))
        .hasMessageStartingWith("bad.redis:1:");
  }

  @Test
  void readsEveryRespTypeAndKeepsTheExactBytes() throws IOException {
    String[] replies = {
      "+OK\r\n",
      "-ERR no\r\n",
      ":-42\r\n",
      "$-1\r\n",
      "$0\r\n\r\n",
      "$4\r\na\r\nb\r\n",
      "*-1\r\n",
      "*0\r\n",
      "*2\r\n$1\r\na\r\n:1\r\n",
      "_\r\n",
      "#t\r\n",
      ",1.5\r\n",
      "(12345678901234567890\r\n",
      "!3\r\nERR\r\n",
      "=7\r\ntxt:abc\r\n",
      "%1\r\n+k\r\n*1\r\n_\r\n",
      "~2\r\n+a\r\n+b\r\n",
      ">2\r\n+message\r\n+x\r\n",
      "|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n",
    };
    StringBuilder stream = new StringBuilder();
    for (String reply : replies) {
      stream.append(reply);
    }
    RespReader reader = reader(stream.toString());
    for (String reply : replies) {
      assertThat(new String(reader.read().raw(), StandardCharsets.ISO_8859_1)).isEqualTo(reply);
    }
  }

  @Test
  void rejectsBadFramingInsteadOfGuessing() {
    assertThatThrownBy(() -> reader("+OK\n").read()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> reader("$3\r\nabcd\r\n").read()).hasMessageContaining("CRLF");
    assertThatThrownBy(() -> reader("$x\r\n").read()).hasMessageContaining("bad length");
    assertThatThrownBy(() -> reader("%-1\r\n").read()).hasMessageContaining("out of range");
    assertThatThrownBy(() -> reader("?\r\n").read()).hasMessageContaining("not a RESP type");
    assertThatThrownBy(() -> reader("*2\r\n:1\r\n").read()).isInstanceOf(EOFException.class);
  }

  @Test
  void sortedComparisonIgnoresOrderAtEveryDepth() throws IOException {
    RespValue a = reader("*2\r\n$1\r\n0\r\n*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n").read();
    RespValue b = reader("*2\r\n$1\r\n0\r\n*3\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n").read();
    RespValue fewer = reader("*2\r\n$1\r\n0\r\n*2\r\n$1\r\nc\r\n$1\r\na\r\n").read();
    RespValue duplicate = reader("*2\r\n$1\r\n0\r\n*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\nb\r\n").read();
    assertThat(Script.Comparison.SORTED.same(a, b)).isTrue();
    assertThat(Script.Comparison.SORTED.same(a, fewer)).isFalse();
    assertThat(Script.Comparison.SORTED.same(a, duplicate)).isFalse();
    assertThat(Script.Comparison.EXACT.same(a, b)).isFalse();
    RespValue map = reader("%2\r\n+k1\r\n:1\r\n+k2\r\n:2\r\n").read();
    RespValue swapped = reader("%2\r\n+k2\r\n:2\r\n+k1\r\n:1\r\n").read();
    RespValue crossed = reader("%2\r\n+k1\r\n:2\r\n+k2\r\n:1\r\n").read();
    assertThat(Script.Comparison.SORTED.same(map, swapped)).isTrue();
    assertThat(Script.Comparison.SORTED.same(map, crossed)).isFalse();
  }

  @Test
  void pairsComparisonIgnoresTheOrderOfPairsButNotWithinThem() throws IOException {
    RespValue flat = reader("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n").read();
    RespValue swapped = reader("*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n").read();
    RespValue crossed = reader("*4\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n1\r\n").read();
    RespValue reversed = reader("*4\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n").read();
    assertThat(Script.Comparison.PAIRS.same(flat, swapped)).isTrue();
    assertThat(Script.Comparison.PAIRS.same(flat, crossed)).isFalse();
    assertThat(Script.Comparison.PAIRS.same(flat, reversed)).isFalse();
    // The plain multiset comparison cannot tell a field's value was swapped with another's.
    assertThat(Script.Comparison.SORTED.same(flat, crossed)).isTrue();

    RespValue map = reader("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n").read();
    RespValue mapSwapped = reader("%2\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n").read();
    RespValue mapCrossed = reader("%2\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n1\r\n").read();
    assertThat(Script.Comparison.PAIRS.same(map, mapSwapped)).isTrue();
    assertThat(Script.Comparison.PAIRS.same(map, mapCrossed)).isFalse();
    assertThat(Script.Comparison.PAIRS.same(map, flat)).isFalse();

    // RESP3 [member, score] pairs: the pairs in any order, each pair as it is.
    RespValue nested = reader("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,1\r\n").read();
    RespValue nestedSwapped = reader("*2\r\n*2\r\n$1\r\nb\r\n,1\r\n*2\r\n$1\r\na\r\n,1\r\n").read();
    RespValue nestedTurned = reader("*2\r\n*2\r\n,1\r\n$1\r\na\r\n*2\r\n$1\r\nb\r\n,1\r\n").read();
    assertThat(Script.Comparison.PAIRS.same(nested, nestedSwapped)).isTrue();
    assertThat(Script.Comparison.PAIRS.same(nested, nestedTurned)).isFalse();

    // HSCAN: the cursor stays with its array of pairs, whose pairs may come in any order.
    String ab = "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n";
    String ba = "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n";
    RespValue scan = reader("*2\r\n$1\r\n0\r\n" + ab).read();
    RespValue scanSwapped = reader("*2\r\n$1\r\n0\r\n" + ba).read();
    RespValue scanOtherCursor = reader("*2\r\n$1\r\n7\r\n" + ba).read();
    assertThat(Script.Comparison.PAIRS.same(scan, scanSwapped)).isTrue();
    assertThat(Script.Comparison.PAIRS.same(scan, scanOtherCursor)).isFalse();

    // An array of odd length has no pairs: compared in order.
    RespValue odd = reader("*3\r\n:1\r\n:2\r\n:3\r\n").read();
    RespValue oddShuffled = reader("*3\r\n:2\r\n:1\r\n:3\r\n").read();
    assertThat(Script.Comparison.PAIRS.same(odd, oddShuffled)).isFalse();
    assertThat(Script.Comparison.PAIRS.same(odd, odd)).isTrue();
  }

  @Test
  void shapeComparisonKeepsTypesAndLengthsOnly() throws IOException {
    RespValue time = reader("*2\r\n$10\r\n1700000000\r\n$6\r\n123456\r\n").read();
    RespValue later = reader("*2\r\n$10\r\n1700000001\r\n$5\r\n12345\r\n").read();
    RespValue integers = reader("*2\r\n:1700000000\r\n:12345\r\n").read();
    RespValue nil = reader("$-1\r\n").read();
    RespValue empty = reader("$0\r\n\r\n").read();
    assertThat(RespValue.shape(time)).isEqualTo("*2[$,$]");
    assertThat(Script.Comparison.SHAPE.same(time, later)).isTrue();
    assertThat(Script.Comparison.SHAPE.same(time, integers)).isFalse();
    assertThat(Script.Comparison.SHAPE.same(nil, empty)).isFalse();
  }

  @Test
  void escapesRepliesReadably() {
    byte[] raw = "$3\r\na\"\\\u0000\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(RespValue.escaped(raw, 100)).isEqualTo("\"$3\\r\\na\\\"\\\\\\x00\\r\\n\"");
    assertThat(RespValue.escaped(raw, 2)).isEqualTo("\"$3\"... (10 bytes in all)");
  }

  @Test
  void multibulkEncodesBinaryArguments() {
    byte[] encoded =
        RespClient.multibulk(
            List.of("GET".getBytes(StandardCharsets.US_ASCII), new byte[] {0, '\r'}));
    assertThat(new String(encoded, StandardCharsets.ISO_8859_1))
        .isEqualTo("*2\r\n$3\r\nGET\r\n$2\r\n\u0000\r\r\n");
  }

  private static RespReader reader(String bytes) {
    return new RespReader(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private static List<String> strings(List<byte[]> args) {
    return args.stream().map(a -> new String(a, StandardCharsets.UTF_8)).toList();
  }
}
