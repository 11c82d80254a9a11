package io.redstone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Exact bytes of every reply, in RESP2 and RESP3, as Redis 7 writes them. */
class RespWriterTest {

  private static String resp2(Consumer<RespWriter> reply) {
    return encode(2, reply);
  }

  private static String resp3(Consumer<RespWriter> reply) {
    return encode(3, reply);
  }

  private static String encode(int protocol, Consumer<RespWriter> reply) {
    RespWriter writer = new RespWriter(protocol, 16);
    reply.accept(writer);
    assertThat(writer.size()).isEqualTo(writer.toByteArray().length);
    return new String(writer.toByteArray(), StandardCharsets.ISO_8859_1);
  }

  private static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void simpleStringAndOkAreTheSameInBothProtocols() {
    for (int protocol = 2; protocol <= 3; protocol++) {
      assertThat(encode(protocol, w -> w.simpleString("PONG"))).isEqualTo("+PONG\r\n");
      assertThat(encode(protocol, RespWriter::ok)).isEqualTo("+OK\r\n");
    }
  }

  @Test
  void simpleStringNeverCarriesALineBreak() {
    assertThat(resp2(w -> w.simpleString("a\r\nb"))).isEqualTo("+a  b\r\n");
  }

  @Test
  void errorKeepsItsCodeAndTurnsInnerLineBreaksIntoSpaces() {
    assertThat(resp2(w -> w.error("ERR syntax error"))).isEqualTo("-ERR syntax error\r\n");
    assertThat(
            resp3(
                w -> w.error("WRONGTYPE Operation against a key holding the wrong kind of value")))
        .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    // As addReplyErrorFormat: breaks at the ends are trimmed, inner ones become spaces.
    assertThat(resp2(w -> w.error("ERR bad\r\nthing\n"))).isEqualTo("-ERR bad  thing\r\n");
    assertThat(resp2(w -> w.error("Protocol error: expected '$', got '\r'")))
        .isEqualTo("-Protocol error: expected '$', got ' '\r\n");
  }

  @Test
  void integersIncludingNegativesAndExtremes() {
    assertThat(resp2(w -> w.integer(0))).isEqualTo(":0\r\n");
    assertThat(resp2(w -> w.integer(127))).isEqualTo(":127\r\n");
    assertThat(resp2(w -> w.integer(128))).isEqualTo(":128\r\n");
    assertThat(resp3(w -> w.integer(-1))).isEqualTo(":-1\r\n");
    assertThat(resp2(w -> w.integer(-4096))).isEqualTo(":-4096\r\n");
    assertThat(resp2(w -> w.integer(Long.MAX_VALUE))).isEqualTo(":9223372036854775807\r\n");
    assertThat(resp2(w -> w.integer(Long.MIN_VALUE))).isEqualTo(":-9223372036854775808\r\n");
  }

  @Test
  void bulkStringsAreBinarySafe() {
    assertThat(resp2(w -> w.bulk(latin1("hello")))).isEqualTo("$5\r\nhello\r\n");
    assertThat(resp3(w -> w.bulk(new byte[0]))).isEqualTo("$0\r\n\r\n");
    assertThat(resp2(w -> w.bulk(latin1("a\r\n\u0000\u00ff"))))
        .isEqualTo("$5\r\na\r\n\u0000\u00ff\r\n");
    assertThat(resp2(w -> w.bulk(latin1("xxhelloxx"), 2, 5))).isEqualTo("$5\r\nhello\r\n");
    assertThat(resp2(w -> w.bulk("h\u00e9"))).isEqualTo("$3\r\nh\u00c3\u00a9\r\n");
  }

  @Test
  void nullBulkAndNullArrayDifferInResp2AndAreOneNullInResp3() {
    assertThat(resp2(RespWriter::nullBulk)).isEqualTo("$-1\r\n");
    assertThat(resp2(w -> w.bulk((byte[]) null))).isEqualTo("$-1\r\n");
    assertThat(resp2(w -> w.bulk((String) null))).isEqualTo("$-1\r\n");
    assertThat(resp2(RespWriter::nullArray)).isEqualTo("*-1\r\n");
    assertThat(resp3(RespWriter::nullBulk)).isEqualTo("_\r\n");
    assertThat(resp3(w -> w.bulk((byte[]) null))).isEqualTo("_\r\n");
    assertThat(resp3(RespWriter::nullArray)).isEqualTo("_\r\n");
  }

  @Test
  void aggregateHeaders() {
    assertThat(resp2(w -> w.arrayHeader(3))).isEqualTo("*3\r\n");
    assertThat(resp3(w -> w.arrayHeader(0))).isEqualTo("*0\r\n");
    assertThat(resp3(w -> w.mapHeader(2))).isEqualTo("%2\r\n");
    assertThat(resp3(w -> w.setHeader(4))).isEqualTo("~4\r\n");
    assertThat(resp3(w -> w.pushHeader(3))).isEqualTo(">3\r\n");
  }

  @Test
  void resp2DowngradesMapsToFlatArraysAndSetsAndPushesToArrays() {
    assertThat(resp2(w -> w.mapHeader(2))).isEqualTo("*4\r\n");
    assertThat(resp2(w -> w.mapHeader(0))).isEqualTo("*0\r\n");
    assertThat(resp2(w -> w.setHeader(4))).isEqualTo("*4\r\n");
    assertThat(resp2(w -> w.pushHeader(3))).isEqualTo("*3\r\n");
  }

  @Test
  void booleansAreIntegersInResp2() {
    assertThat(resp3(w -> w.bool(true))).isEqualTo("#t\r\n");
    assertThat(resp3(w -> w.bool(false))).isEqualTo("#f\r\n");
    assertThat(resp2(w -> w.bool(true))).isEqualTo(":1\r\n");
    assertThat(resp2(w -> w.bool(false))).isEqualTo(":0\r\n");
  }

  @Test
  void doublesAreBulkStringsInResp2() {
    assertThat(resp3(w -> w.doubleValue(1.5))).isEqualTo(",1.5\r\n");
    assertThat(resp2(w -> w.doubleValue(1.5))).isEqualTo("$3\r\n1.5\r\n");
    assertThat(resp3(w -> w.doubleValue(3))).isEqualTo(",3\r\n");
    assertThat(resp2(w -> w.doubleValue(0.1))).isEqualTo("$19\r\n0.10000000000000001\r\n");
    assertThat(resp3(w -> w.doubleValue(-0.0))).isEqualTo(",-0\r\n");
    assertThat(resp3(w -> w.doubleValue(Double.POSITIVE_INFINITY))).isEqualTo(",inf\r\n");
    assertThat(resp3(w -> w.doubleValue(Double.NEGATIVE_INFINITY))).isEqualTo(",-inf\r\n");
    assertThat(resp2(w -> w.doubleValue(Double.NEGATIVE_INFINITY))).isEqualTo("$4\r\n-inf\r\n");
    assertThat(resp3(w -> w.doubleValue(Double.NaN))).isEqualTo(",nan\r\n");
    assertThat(resp2(w -> w.doubleValue(1e20))).isEqualTo("$5\r\n1e+20\r\n");
  }

  @Test
  void verbatimStringsCarryTheirFormatInResp3Only() {
    assertThat(resp3(w -> w.verbatim("txt", latin1("Some string"))))
        .isEqualTo("=15\r\ntxt:Some string\r\n");
    assertThat(resp3(w -> w.verbatim("mkd", new byte[0]))).isEqualTo("=4\r\nmkd:\r\n");
    assertThat(resp2(w -> w.verbatim("txt", latin1("Some string"))))
        .isEqualTo("$11\r\nSome string\r\n");
  }

  @Test
  void repliesAccumulateUntilReset() {
    RespWriter writer = new RespWriter(2, 16);
    writer.ok();
    writer.arrayHeader(2);
    writer.bulk(latin1("a"));
    writer.integer(42);
    assertThat(new String(writer.toByteArray(), StandardCharsets.ISO_8859_1))
        .isEqualTo("+OK\r\n*2\r\n$1\r\na\r\n:42\r\n");
    writer.reset();
    assertThat(writer.size()).isZero();
    writer.raw(latin1("+QUEUED\r\n"));
    assertThat(new String(writer.array(), 0, writer.size(), StandardCharsets.ISO_8859_1))
        .isEqualTo("+QUEUED\r\n");
  }

  @Test
  void protocolCanBeSwitchedBetweenReplies() {
    RespWriter writer = new RespWriter();
    assertThat(writer.protocol()).isEqualTo(2);
    writer.nullBulk();
    writer.protocol(3);
    assertThat(writer.protocol()).isEqualTo(3);
    writer.nullBulk();
    assertThat(new String(writer.toByteArray(), StandardCharsets.ISO_8859_1))
        .isEqualTo("$-1\r\n_\r\n");
  }

  @Test
  void bufferGrowsForLargeReplies() {
    byte[] big = new byte[100_000];
    big[99_999] = 7;
    RespWriter writer = new RespWriter(2, 16);
    writer.bulk(big);
    byte[] out = writer.toByteArray();
    assertThat(out).hasSize("$100000\r\n".length() + 100_000 + 2);
    assertThat(out[out.length - 3]).isEqualTo((byte) 7);
  }
}
