package io.redstone.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and damaged request streams, with a fixed seed so a failure reproduces. Whatever the
 * bytes, only {@link ProtocolException} may escape, and what the parser allocates stays in
 * proportion to what it was given, never to what the bytes declare.
 */
class RequestParserFuzzTest {
  private static final long SEED = 0x5EED_2024L;
  private static final int CASES = 2000;

  /** A stream of valid commands, and the commands it holds. */
  private record Stream(byte[] bytes, List<List<String>> commands) {}

  @Test
  void validStreamsSplitAtRandomParseToTheirCommands() throws Exception {
    Random random = new Random(SEED);
    for (int i = 0; i < CASES; i++) {
      Stream stream = validStream(random);
      ParserHarness harness = new ParserHarness();
      for (int[] piece : randomPieces(random, stream.bytes().length)) {
        harness.feed(stream.bytes(), piece[0], piece[1]);
      }
      assertThat(harness.commands).as("case %d", i).isEqualTo(stream.commands());
    }
  }

  @Test
  void damagedStreamsOnlyEverRaiseProtocolErrorsAndAllocateInProportion() {
    Random random = new Random(SEED + 1);
    int failures = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] bytes = damage(random, validStream(random).bytes());
      RequestParser parser = new RequestParser(ParserLimits.REDIS_DEFAULTS);
      long allocated = 0;
      try {
        for (int[] piece : randomPieces(random, bytes.length)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes, piece[0], piece[1] - piece[0]);
          long before = ParserHarness.allocatedBytes();
          parser.feed(buffer, argv -> {});
          allocated += ParserHarness.allocatedBytes() - before;
          assertThat(buffer.hasRemaining()).isFalse();
        }
      } catch (ProtocolException expected) {
        failures++;
        assertThat(expected.getMessage()).startsWith("Protocol error: ");
      }
      // Room for one segment of an unfinished bulk, one argv array and per-call overhead.
      assertThat(allocated)
          .as("case %d, %d input bytes", i, bytes.length)
          .isLessThan(256 * 1024 + 64L * bytes.length);
    }
    // The damage must actually reach the error paths, or this test proves little.
    assertThat(failures).isGreaterThan(CASES / 10);
  }

  @Test
  void randomBytesOnlyEverRaiseProtocolErrors() {
    Random random = new Random(SEED + 2);
    byte[] alphabet = "*$\r\n0123456789-+ \"'\\x\u0000aZ".getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < CASES; i++) {
      byte[] bytes = new byte[random.nextInt(200)];
      for (int j = 0; j < bytes.length; j++) {
        bytes[j] =
            random.nextBoolean()
                ? alphabet[random.nextInt(alphabet.length)]
                : (byte) random.nextInt(256);
      }
      RequestParser parser = new RequestParser(new ParserLimits(64, 32, 16));
      try {
        for (int[] piece : randomPieces(random, bytes.length)) {
          parser.feed(ByteBuffer.wrap(bytes, piece[0], piece[1] - piece[0]), argv -> {});
        }
      } catch (ProtocolException expected) {
        assertThat(expected.getMessage()).startsWith("Protocol error: ");
      }
    }
  }

  private static Stream validStream(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<List<String>> commands = new ArrayList<>();
    int count = 1 + random.nextInt(8);
    for (int c = 0; c < count; c++) {
      List<String> args = new ArrayList<>();
      int argc = 1 + random.nextInt(5);
      if (random.nextInt(4) == 0) {
        for (int a = 0; a < argc; a++) {
          args.add(randomWord(random));
        }
        write(out, String.join(random.nextBoolean() ? " " : "  \t", args));
        write(out, random.nextBoolean() ? "\r\n" : "\n");
      } else {
        write(out, "*" + argc + "\r\n");
        for (int a = 0; a < argc; a++) {
          String arg = randomBinary(random);
          args.add(arg);
          write(out, "$" + arg.length() + "\r\n" + arg + "\r\n");
        }
      }
      commands.add(args);
    }
    return new Stream(out.toByteArray(), commands);
  }

  private static String randomWord(Random random) {
    StringBuilder word = new StringBuilder();
    int length = 1 + random.nextInt(10);
    for (int i = 0; i < length; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    return word.toString();
  }

  private static String randomBinary(Random random) {
    int length = random.nextInt(10) == 0 ? random.nextInt(70_000) : random.nextInt(20);
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) random.nextInt(256);
    }
    return new String(chars);
  }

  /** Truncation, flipped bytes, inserted bytes, and headers rewritten to declare huge sizes. */
  private static byte[] damage(Random random, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int kind = random.nextInt(5);
    switch (kind) {
      case 0 -> text = text.substring(0, random.nextInt(text.length() + 1));
      case 1 -> {
        char[] chars = text.toCharArray();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
          chars[random.nextInt(chars.length)] = (char) random.nextInt(256);
        }
        text = new String(chars);
      }
      case 2 -> {
        int at = random.nextInt(text.length() + 1);
        String[] inserts = {
          "\u0000", "*", "$", "\r", "\n", "\"", "'", "-1", "99999999999999999999"
        };
        text = text.substring(0, at) + inserts[random.nextInt(inserts.length)] + text.substring(at);
      }
      case 3 -> {
        String[] huge = {"*2147483647", "*2147483648", "$536870912", "$536870913", "*-1", "$-1"};
        String header = huge[random.nextInt(huge.length)];
        int at = text.indexOf(header.charAt(0), random.nextInt(text.length()));
        if (at >= 0) {
          int end = text.indexOf('\r', at);
          text = text.substring(0, at) + header + (end < 0 ? "\r\n" : text.substring(end));
        }
      }
      default -> text = text.substring(random.nextInt(text.length()));
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Cuts {@code [0, length)} into consecutive pieces of random sizes, empty ones included. */
  private static List<int[]> randomPieces(Random random, int length) {
    List<int[]> pieces = new ArrayList<>();
    int at = 0;
    while (at < length) {
      int size = random.nextInt(4) == 0 ? random.nextInt(4) : random.nextInt(length - at + 1);
      size = Math.min(size, length - at);
      pieces.add(new int[] {at, at + size});
      at += size;
    }
    pieces.add(new int[] {length, length});
    return pieces;
  }

  private static void write(ByteArrayOutputStream out, String latin1) {
    out.writeBytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }
}
