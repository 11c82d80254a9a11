package io.redstone.storage.pubsub;

import io.redstone.protocol.ReplySink;
import java.nio.charset.StandardCharsets;

/**
 * One published message as its subscribers receive it: {@code message}, {@code pmessage} (with the
 * pattern that matched) or {@code smessage}, a push in RESP3 and an array in RESP2. Encoded at most
 * once per protocol version, however many subscribers share the bytes; the bytes must not be
 * changed by those who receive them.
 */
public final class Message {
  static final byte[] MESSAGE = ascii("message");
  static final byte[] PMESSAGE = ascii("pmessage");
  static final byte[] SMESSAGE = ascii("smessage");

  private final byte[] kind;
  private final byte[] pattern;
  private final byte[] channel;
  private final byte[] payload;
  private byte[] resp2;
  private byte[] resp3;

  private Message(byte[] kind, byte[] pattern, byte[] channel, byte[] payload) {
    this.kind = kind;
    this.pattern = pattern;
    this.channel = channel;
    this.payload = payload;
  }

  static Message onChannel(byte[] channel, byte[] payload) {
    return new Message(MESSAGE, null, channel, payload);
  }

  static Message onPattern(byte[] pattern, byte[] channel, byte[] payload) {
    return new Message(PMESSAGE, pattern, channel, payload);
  }

  static Message onShardChannel(byte[] channel, byte[] payload) {
    return new Message(SMESSAGE, null, channel, payload);
  }

  /** The message in RESP {@code protocol} (2 or 3), shared: never modify it. */
  public byte[] encoded(int protocol) {
    if (protocol == 3) {
      if (resp3 == null) {
        resp3 = encode(3);
      }
      return resp3;
    }
    if (resp2 == null) {
      resp2 = encode(2);
    }
    return resp2;
  }

  /** Writes the message into a reply stream, in the sink's protocol. */
  public void writeTo(ReplySink sink) {
    sink.pushHeader(pattern == null ? 3 : 4);
    sink.bulk(kind);
    if (pattern != null) {
      sink.bulk(pattern);
    }
    sink.bulk(channel);
    sink.bulk(payload);
  }

  /** Exactly sized, written directly: this runs once per published message. */
  private byte[] encode(int protocol) {
    byte[][] parts =
        pattern == null
            ? new byte[][] {kind, channel, payload}
            : new byte[][] {kind, pattern, channel, payload};
    byte[] count = decimal(parts.length);
    int size = 1 + count.length + 2;
    byte[][] lengths = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      lengths[i] = decimal(parts[i].length);
      size += 1 + lengths[i].length + 2 + parts[i].length + 2;
    }
    byte[] out = new byte[size];
    int at = 0;
    out[at++] = (byte) (protocol == 3 ? '>' : '*');
    at = put(out, at, count);
    for (int i = 0; i < parts.length; i++) {
      out[at++] = '$';
      at = put(out, at, lengths[i]);
      System.arraycopy(parts[i], 0, out, at, parts[i].length);
      at += parts[i].length;
      out[at++] = '\r';
      out[at++] = '\n';
    }
    return out;
  }

  /** Copies {@code digits} and a CRLF into {@code out} at {@code at}; returns the next index. */
  private static int put(byte[] out, int at, byte[] digits) {
    System.arraycopy(digits, 0, out, at, digits.length);
    at += digits.length;
    out[at++] = '\r';
    out[at++] = '\n';
    return at;
  }

  private static byte[] decimal(int value) {
    return Integer.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
