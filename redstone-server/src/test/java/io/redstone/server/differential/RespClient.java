package io.redstone.server.differential;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A deliberately small RESP client over a plain socket: it sends a command as a multibulk (or raw
 * bytes, for inline commands) and reads exactly one complete reply, of any RESP2/RESP3 type, giving
 * up after a timeout. No pooling, no retries, no parsing beyond framing: the test compares the
 * bytes.
 */
final class RespClient implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final RespReader reader;
  private final Duration timeout;

  private RespClient(Socket socket, Duration timeout) throws IOException {
    this.socket = socket;
    this.timeout = timeout;
    this.out = socket.getOutputStream();
    this.reader = new RespReader(new BufferedInputStream(socket.getInputStream()));
  }

  static RespClient connect(int port, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) timeout.toMillis());
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      return new RespClient(socket, timeout);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends {@code argv} as a RESP multibulk and returns the one reply to it. */
  RespValue call(List<byte[]> argv) throws IOException {
    send(multibulk(argv));
    return readReply();
  }

  RespValue call(String... argv) throws IOException {
    return call(List.of(argv).stream().map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
  }

  /** Writes bytes as they are: for inline commands and pipelines. */
  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  RespValue readReply() throws IOException {
    try {
      return reader.read();
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException("no complete reply within " + timeout.toMillis() + " ms");
    }
  }

  static byte[] multibulk(List<byte[]> argv) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    buffer.writeBytes(("*" + argv.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] arg : argv) {
      buffer.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buffer.writeBytes(arg);
      buffer.writeBytes(new byte[] {'\r', '\n'});
    }
    return buffer.toByteArray();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
