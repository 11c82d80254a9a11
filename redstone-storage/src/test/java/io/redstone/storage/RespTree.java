package io.redstone.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed RESP2/RESP3 reply that keeps each value's exact bytes, for comparing replies part by
 * part. Maps keep their items flat: key, value, key, value.
 *
 * @param type the type byte ({@code $ + : * ~ %} ...)
 * @param text the payload of a bulk or one-line value; null for aggregates and nulls
 * @param items an aggregate's elements; empty otherwise
 */
public record RespTree(char type, String text, List<RespTree> items, byte[] raw) {

  public static RespTree parse(byte[] bytes) {
    int[] pos = {0};
    RespTree tree = read(bytes, pos);
    if (pos[0] != bytes.length) {
      throw new IllegalArgumentException("trailing bytes after offset " + pos[0]);
    }
    return tree;
  }

  public static RespTree parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static RespTree read(byte[] bytes, int[] pos) {
    int start = pos[0];
    int lineEnd = indexOfCrlf(bytes, start);
    char type = (char) bytes[start];
    String header = new String(bytes, start + 1, lineEnd - start - 1, StandardCharsets.UTF_8);
    pos[0] = lineEnd + 2;
    String text = null;
    List<RespTree> items = List.of();
    switch (type) {
      case '$', '!', '=' -> {
        int length = Integer.parseInt(header);
        if (length >= 0) {
          text = new String(bytes, pos[0], length, StandardCharsets.UTF_8);
          pos[0] += length + 2;
        }
      }
      case '*', '~', '>', '%' -> {
        int count = Integer.parseInt(header) * (type == '%' ? 2 : 1);
        items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          items.add(read(bytes, pos));
        }
      }
      default -> text = header;
    }
    return new RespTree(type, text, items, Arrays.copyOfRange(bytes, start, pos[0]));
  }

  private static int indexOfCrlf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("no CRLF after offset " + from);
  }

  public boolean isAggregate() {
    return type == '*' || type == '~' || type == '>' || type == '%';
  }

  public String rawText() {
    return new String(raw, StandardCharsets.UTF_8);
  }

  /**
   * This value as Redis sends it to a RESP2 client: maps as arrays of keys and values, sets and
   * pushes as arrays. (The captured replies hold no RESP3 nulls, doubles or booleans.)
   */
  public String resp2() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeResp2(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private void writeResp2(ByteArrayOutputStream out) {
    if (!isAggregate()) {
      if (type != '$' && type != '+' && type != '-' && type != ':') {
        throw new IllegalStateException("no RESP2 form for type " + type);
      }
      out.writeBytes(raw);
      return;
    }
    out.writeBytes(("*" + items.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (RespTree item : items) {
      item.writeResp2(out);
    }
  }

  /** The value for {@code key} in a map (or a RESP2 flattened map); null when absent. */
  public RespTree get(String key) {
    for (int i = 0; i + 1 < items.size(); i += 2) {
      if (key.equals(items.get(i).text())) {
        return items.get(i + 1);
      }
    }
    return null;
  }
}
