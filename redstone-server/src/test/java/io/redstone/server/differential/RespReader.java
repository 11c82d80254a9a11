package io.redstone.server.differential;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads exactly one complete RESP2/RESP3 reply from a stream, strictly: every line must end in CRLF
 * and every length must be honoured, so a server that frames a reply wrongly fails here rather than
 * desynchronising the rest of a script.
 */
final class RespReader {
  /** Far above anything a script produces; stops a garbage length from exhausting the heap. */
  private static final int MAX_LENGTH = 64 * 1024 * 1024;

  private final InputStream in;

  RespReader(InputStream in) {
    this.in = in;
  }

  RespValue read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by the server before a reply");
    }
    return read((char) type);
  }

  private RespValue read(char type) throws IOException {
    byte[] line = readLine();
    return switch (type) {
      case '+', '-', ':', '_', '#', ',', '(' -> new RespValue.Line(type, line, raw(type, line));
      case '$', '!', '=' -> readBlob(type, line);
      case '*', '~', '%', '>' -> readAggregate(type, line);
      case '|' -> {
        RespValue.Aggregate attributes = readAggregate(type, line);
        RespValue value = read();
        yield new RespValue.Attributed(attributes, value, concat(attributes.raw(), value.raw()));
      }
      default -> throw new IOException(
          "not a RESP type byte: " + RespValue.escaped(new byte[] {(byte) type}, 1));
    };
  }

  private RespValue.Blob readBlob(char type, byte[] line) throws IOException {
    int length = parseLength(type, line);
    if (length < 0) {
      return new RespValue.Blob(type, null, raw(type, line));
    }
    byte[] data = in.readNBytes(length);
    if (data.length < length) {
      throw new EOFException("connection closed inside a " + length + "-byte bulk");
    }
    expectCrlf();
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.writeBytes(raw(type, line));
    raw.writeBytes(data);
    raw.writeBytes(new byte[] {'\r', '\n'});
    return new RespValue.Blob(type, data, raw.toByteArray());
  }

  private RespValue.Aggregate readAggregate(char type, byte[] line) throws IOException {
    int count = parseLength(type, line);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.writeBytes(raw(type, line));
    List<RespValue> items = new ArrayList<>();
    int elements = count < 0 ? 0 : (type == '%' || type == '|') ? 2 * count : count;
    for (int i = 0; i < elements; i++) {
      RespValue item = read();
      items.add(item);
      raw.writeBytes(item.raw());
    }
    return new RespValue.Aggregate(type, count, List.copyOf(items), raw.toByteArray());
  }

  private static int parseLength(char type, byte[] line) throws IOException {
    String text = new String(line, StandardCharsets.US_ASCII);
    long length;
    try {
      length = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException("bad length after '" + type + "': " + RespValue.escaped(line, 80));
    }
    boolean nullAllowed = type == '$' || type == '*';
    if (length < (nullAllowed ? -1 : 0) || length > MAX_LENGTH) {
      throw new IOException("length out of range after '" + type + "': " + text);
    }
    return (int) length;
  }

  private byte[] readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed inside a reply line");
      }
      if (b == '\r') {
        int next = in.read();
        if (next != '\n') {
          throw new IOException("CR not followed by LF in a reply line");
        }
        return line.toByteArray();
      }
      if (line.size() > MAX_LENGTH) {
        throw new IOException("reply line longer than " + MAX_LENGTH + " bytes");
      }
      line.write(b);
    }
  }

  private void expectCrlf() throws IOException {
    int cr = in.read();
    int lf = in.read();
    if (cr != '\r' || lf != '\n') {
      throw new IOException("bulk payload not followed by CRLF");
    }
  }

  private static byte[] raw(char type, byte[] line) {
    byte[] raw = new byte[line.length + 3];
    raw[0] = (byte) type;
    System.arraycopy(line, 0, raw, 1, line.length);
    raw[raw.length - 2] = '\r';
    raw[raw.length - 1] = '\n';
    return raw;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
