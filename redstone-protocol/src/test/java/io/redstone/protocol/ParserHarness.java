package io.redstone.protocol;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds bytes to a {@link RequestParser} and records what comes out. Arguments are shown as
 * ISO-8859-1 strings, one char per byte, so binary arguments compare exactly.
 */
final class ParserHarness {
  final RequestParser parser;
  final List<List<String>> commands = new ArrayList<>();

  ParserHarness(ParserLimits limits) {
    this.parser = new RequestParser(limits);
  }

  ParserHarness() {
    this(ParserLimits.REDIS_DEFAULTS);
  }

  /** Feeds {@code bytes[from, to)} as one read, checking that all of it is consumed. */
  ParserHarness feed(byte[] bytes, int from, int to) throws ProtocolException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, from, to - from);
    parser.feed(buffer, argv -> commands.add(show(argv)));
    if (buffer.hasRemaining()) {
      throw new AssertionError("parser left " + buffer.remaining() + " bytes unconsumed");
    }
    return this;
  }

  ParserHarness feed(byte[] bytes) throws ProtocolException {
    return feed(bytes, 0, bytes.length);
  }

  ParserHarness feed(String latin1) throws ProtocolException {
    return feed(bytes(latin1));
  }

  static byte[] bytes(String latin1) {
    return latin1.getBytes(StandardCharsets.ISO_8859_1);
  }

  static List<String> show(byte[][] argv) {
    List<String> args = new ArrayList<>(argv.length);
    for (byte[] arg : argv) {
      args.add(new String(arg, StandardCharsets.ISO_8859_1));
    }
    return args;
  }

  static List<String> command(String... args) {
    return Arrays.asList(args);
  }

  /** Encodes a command as a RESP multibulk request. */
  static String multibulk(String... args) {
    StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      out.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
    }
    return out.toString();
  }

  /** Bytes this thread has allocated so far, where the JVM can tell; -1 otherwise. */
  static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported()) {
      threads.setThreadAllocatedMemoryEnabled(true);
      return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return -1;
  }
}
