package io.redstone.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw RESP client over a blocking socket, for tests that need exact bytes: pipelining in one
 * write, commands split across writes, protocol errors. Replies come back as their exact RESP text
 * ({@code "+PONG\r\n"}, {@code "*2\r\n$1\r\na\r\n$1\r\nb\r\n"}).
 */
public final class RespClient implements AutoCloseable {
  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  public static RespClient connect(String host, int port) {
    return connect(host, port, -1);
  }

  /** Connects with a given receive buffer size ({@code -1}: the system default). */
  public static RespClient connect(String host, int port, int receiveBufferBytes) {
    Socket socket = new Socket();
    try {
      if (receiveBufferBytes > 0) {
        socket.setReceiveBufferSize(receiveBufferBytes);
      }
      socket.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MILLIS);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      return new RespClient(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encodes a command as a RESP array of bulk strings. */
  public static byte[] encode(String... args) {
    StringBuilder command = new StringBuilder().append('*').append(args.length).append("\r\n");
    for (String arg : args) {
      int length = arg.getBytes(StandardCharsets.UTF_8).length;
      command.append('$').append(length).append("\r\n").append(arg).append("\r\n");
    }
    return command.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Sends one command and returns its reply's RESP text. */
  public String call(String... args) {
    send(encode(args));
    return readReply();
  }

  /** Writes raw text (ASCII/UTF-8) in one write. */
  public void send(String raw) {
    send(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes raw bytes in one write and flushes. */
  public void send(byte[] raw) {
    try {
      out.write(raw);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads exactly one reply, however deeply nested, and returns its RESP text. */
  public String readReply() {
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    try {
      readValue(reply);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return reply.toString(StandardCharsets.UTF_8);
  }

  /** True when the server closed the connection: the next read sees end of stream. */
  public boolean closedByServer() {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      // A reset is a close too.
      return true;
    }
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readValue(ByteArrayOutputStream reply) throws IOException {
    String line = readLine();
    reply.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    char type = line.charAt(0);
    switch (type) {
      case '$', '=', '!' -> {
        int length = Integer.parseInt(line.substring(1));
        if (length >= 0) {
          reply.writeBytes(in.readNBytes(length + 2));
        }
      }
      case '*', '~', '>' -> readElements(reply, Integer.parseInt(line.substring(1)));
      case '%', '|' -> readElements(reply, 2 * Integer.parseInt(line.substring(1)));
      default -> {
        // Simple types (+ - : _ # , () are all on their one line.
      }
    }
  }

  private void readElements(ByteArrayOutputStream reply, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      readValue(reply);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException("connection closed after " + line.size() + " bytes of a reply");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(b);
      previous = b;
    }
  }
}
