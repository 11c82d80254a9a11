package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.RespClient;
import io.redstone.server.testing.ServerProcess;
import io.redstone.server.testing.TestServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pipelines whose replies are far larger than the heap or than the client reads at a time: every
 * reply arrives, in order, every write runs, and the output the server holds for a client stays
 * near {@code client-output-high-water}, however much the pipeline asks for.
 */
class PipelinedOutputTest {
  private static final int MB = 1 << 20;

  @Test
  void eightHundredMegabyteRepliesOnA256MegabyteHeapAllArriveAndTheWriteAfterThemRuns()
      throws Exception {
    try (ServerProcess server =
            ServerProcess.start(List.of("-Xmx256m"), "--appendonly", "no", "--save", "");
        Raw client = new Raw(server.port(), -1)) {
      byte[] big = filled(MB, (byte) 'b');
      client.write(command("SET", "bigkey", big), command("SET", "small", bytes("S")));
      assertThat(client.simple()).isEqualTo("+OK");
      assertThat(client.simple()).isEqualTo("+OK");

      int gets = 800;
      ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
      pipeline.write(command("SET", "pre", bytes("1")));
      for (int i = 0; i < gets; i++) {
        pipeline.write(command("GET", "bigkey"));
      }
      pipeline.write(command("SET", "post", bytes("2")));
      client.write(pipeline.toByteArray());
      Thread.sleep(200);
      client.write(command("GET", "small"));

      assertThat(client.simple()).isEqualTo("+OK");
      for (int i = 0; i < gets; i++) {
        assertThat(client.bulk()).as("reply to GET number %d", i + 1).isEqualTo(big);
      }
      assertThat(client.simple()).as("SET post").isEqualTo("+OK");
      assertThat(client.bulk()).as("GET small").isEqualTo(bytes("S"));
      client.write(command("GET", "post"));
      assertThat(client.bulk()).isEqualTo(bytes("2"));
      assertThat(server.output()).doesNotContain("OutOfMemoryError").doesNotContain(" failed");
    }
  }

  @Test
  void aSlowReaderIsAnsweredInFullWhileTheOutputHeldForItStaysNearTheMark() throws Exception {
    long highWater = MB;
    try (TestServer server =
            TestServer.start("--client-output-high-water", String.valueOf(highWater));
        RespClient observer = server.connect();
        Raw slow = new Raw(server.port(), 64 * 1024)) {
      byte[] value = filled(256 * 1024, (byte) 'v');
      slow.write(command("CLIENT", "ID"));
      String id = slow.simple().substring(1);
      slow.write(command("SET", "k", value));
      assertThat(slow.simple()).isEqualTo("+OK");
      int gets = 400; // 100 MB of replies
      ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
      for (int i = 0; i < gets; i++) {
        pipeline.write(command("GET", "k"));
      }
      slow.write(pipeline.toByteArray());

      long largestHeld = 0;
      Pattern omem = Pattern.compile("id=" + id + " .* omem=(\\d+)");
      for (int i = 0; i < gets; i++) {
        assertThat(slow.bulk()).as("reply %d", i + 1).isEqualTo(value);
        if (i % 8 == 0) {
          Thread.sleep(5);
          Matcher m = omem.matcher(observer.call("CLIENT", "LIST"));
          assertThat(m.find()).isTrue();
          largestHeld = Math.max(largestHeld, Long.parseLong(m.group(1)));
        }
      }
      // The mark, plus the chunk that crossed it and one reply.
      assertThat(largestHeld).isGreaterThan(0).isLessThanOrEqualTo(highWater + 2L * value.length);
    }
  }

  @Test
  void aClientPastTheHardOutputLimitIsCutOffAndOthersGoOn() throws Exception {
    try (TestServer server = TestServer.start("--client-output-buffer-limit", "normal 100kb 0 0");
        RespClient other = server.connect();
        Raw greedy = new Raw(server.port(), 4096)) {
      byte[] value = filled(300 * 1024, (byte) 'g');
      greedy.write(command("SET", "big", value));
      assertThat(greedy.simple()).isEqualTo("+OK");
      ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
      for (int i = 0; i < 50; i++) {
        pipeline.write(command("GET", "big"));
      }
      greedy.write(pipeline.toByteArray());
      // As Redis: the first reply alone passes the limit, so the client is closed without it.
      long received = greedy.drainUntilClosed();
      assertThat(received).isLessThan(value.length);
      assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
      assertThat(other.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0"))
          .isEqualTo("+OK\r\n");
    }
  }

  /**
   * Ten thousand pipelined commands, reads and writes of random sizes, against a client that reads
   * slowly through a small receive buffer; every reply is checked against a model of the keyspace.
   */
  @ParameterizedTest(name = "io-threads {0}")
  @ValueSource(ints = {1, 3})
  void tenThousandMixedCommandsWithASlowReaderAreEachAnsweredRightAndInOrder(int ioThreads)
      throws Exception {
    try (TestServer server =
            TestServer.start(
                "--client-output-high-water", "65536", "--io-threads", String.valueOf(ioThreads));
        Raw client = new Raw(server.port(), 32 * 1024)) {
      Random random = new Random(20261207L + ioThreads);
      Map<String, byte[]> model = new HashMap<>();
      List<byte[]> expected = new ArrayList<>();
      ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
      for (int i = 0; i < 10_000; i++) {
        String key = "key:" + random.nextInt(50);
        int kind = random.nextInt(10);
        if (kind < 3) {
          byte[] value = filled(random.nextInt(200_000), (byte) ('a' + random.nextInt(26)));
          pipeline.write(command("SET", key, value));
          model.put(key, value);
          expected.add(bytes("+OK\r\n"));
        } else if (kind < 4) {
          byte[] tail = filled(random.nextInt(1000), (byte) 'z');
          pipeline.write(command("APPEND", key, tail));
          byte[] before = model.getOrDefault(key, new byte[0]);
          byte[] after = Arrays.copyOf(before, before.length + tail.length);
          System.arraycopy(tail, 0, after, before.length, tail.length);
          model.put(key, after);
          expected.add(bytes(":" + after.length + "\r\n"));
        } else if (kind < 5) {
          pipeline.write(command("DEL", key));
          expected.add(bytes(":" + (model.remove(key) == null ? 0 : 1) + "\r\n"));
        } else {
          pipeline.write(command("GET", key));
          expected.add(bulkReply(model.get(key)));
        }
      }
      Thread writer =
          new Thread(
              () -> {
                try {
                  client.write(pipeline.toByteArray());
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              },
              "pipeline-writer");
      writer.start();
      for (int i = 0; i < expected.size(); i++) {
        assertThat(client.rawReply()).as("reply %d", i + 1).isEqualTo(expected.get(i));
        if (i % 500 == 0) {
          Thread.sleep(20);
        }
      }
      writer.join(10_000);
      for (Map.Entry<String, byte[]> entry : model.entrySet()) {
        client.write(command("GET", entry.getKey()));
        assertThat(client.rawReply()).as(entry.getKey()).isEqualTo(bulkReply(entry.getValue()));
      }
    }
  }

  private static byte[] bulkReply(byte[] value) {
    if (value == null) {
      return bytes("$-1\r\n");
    }
    byte[] header = bytes("$" + value.length + "\r\n");
    byte[] reply = Arrays.copyOf(header, header.length + value.length + 2);
    System.arraycopy(value, 0, reply, header.length, value.length);
    reply[reply.length - 2] = '\r';
    reply[reply.length - 1] = '\n';
    return reply;
  }

  private static byte[] filled(int length, byte b) {
    byte[] value = new byte[length];
    Arrays.fill(value, b);
    return value;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] command(String name, String key) {
    return command(name, key, null);
  }

  private static byte[] command(String name, String key, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int argc = value == null ? 2 : 3;
    out.writeBytes(bytes("*" + argc + "\r\n"));
    for (byte[] arg :
        value == null
            ? List.of(bytes(name), bytes(key))
            : List.of(bytes(name), bytes(key), value)) {
      out.writeBytes(bytes("$" + arg.length + "\r\n"));
      out.writeBytes(arg);
      out.writeBytes(bytes("\r\n"));
    }
    return out.toByteArray();
  }

  /** A socket that reads replies one at a time, as bytes, without holding more than one. */
  private static final class Raw implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicLong read = new AtomicLong();

    Raw(int port, int receiveBufferBytes) throws IOException {
      socket = new Socket();
      if (receiveBufferBytes > 0) {
        socket.setReceiveBufferSize(receiveBufferBytes);
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(60_000);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = socket.getOutputStream();
    }

    synchronized void write(byte[]... commands) throws IOException {
      for (byte[] command : commands) {
        out.write(command);
      }
      out.flush();
    }

    /** A one-line reply, without its CRLF. */
    String simple() throws IOException {
      return line();
    }

    /** A bulk string's bytes, or null for a null bulk string. */
    byte[] bulk() throws IOException {
      String header = line();
      assertThat(header).startsWith("$");
      int length = Integer.parseInt(header.substring(1));
      if (length < 0) {
        return null;
      }
      byte[] value = in.readNBytes(length);
      if (value.length < length || in.read() != '\r' || in.read() != '\n') {
        throw new EOFException("bulk string cut short");
      }
      read.addAndGet(length);
      return value;
    }

    /** Reads until the server closes the connection; returns the bytes that came first. */
    long drainUntilClosed() throws IOException {
      long total = 0;
      byte[] chunk = new byte[64 * 1024];
      int n;
      while ((n = in.read(chunk)) >= 0) {
        total += n;
      }
      return total;
    }

    /** One reply (a line, or a bulk string with its header) exactly as sent. */
    byte[] rawReply() throws IOException {
      String header = line();
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      reply.writeBytes(bytes(header + "\r\n"));
      if (header.startsWith("$") && !header.equals("$-1")) {
        int length = Integer.parseInt(header.substring(1));
        reply.writeBytes(in.readNBytes(length + 2));
      }
      return reply.toByteArray();
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) != '\r') {
        if (b < 0) {
          throw new EOFException("connection closed after: " + line);
        }
        line.append((char) b);
      }
      if (in.read() != '\n') {
        throw new IOException("CR without LF after: " + line);
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
