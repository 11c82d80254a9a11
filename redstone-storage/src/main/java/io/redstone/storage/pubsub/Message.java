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

  /** Exactly sized and written in place: this runs once per published message. */
  private byte[] encode(int protocol) {
    int parts = pattern == null ? 3 : 4;
    int size = 4 + bulkSize(kind) + bulkSize(channel) + bulkSize(payload);
    if (pattern != null) {
      size += bulkSize(pattern);
    }
    byte[] out = new byte[size];
    out[0] = (byte) (protocol == 3 ? '>' : '*');
    out[1] = (byte) ('0' + parts);
    out[2] = '\r';
    out[3] = '\n';
    int at = bulk(out, 4, kind);
    if (pattern != null) {
      at = bulk(out, at, pattern);
    }
    at = bulk(out, at, channel);
    bulk(out, at, payload);
    return out;
  }

  private static int bulkSize(byte[] value) {
    return 1 + digits(value.length) + 2 + value.length + 2;
  }

  /** Writes {@code $<length>\r\n<value>\r\n} at {@code at}; returns the next index. */
  private static int bulk(byte[] out, int at, byte[] value) {
    out[at++] = '$';
    int digits = digits(value.length);
    int rest = value.length;
    for (int i = at + digits - 1; i >= at; i--) {
      out[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    at += digits;
    out[at++] = '\r';
    out[at++] = '\n';
    System.arraycopy(value, 0, out, at, value.length);
    at += value.length;
    out[at++] = '\r';
    out[at++] = '\n';
    return at;
  }

  private static int digits(int value) {
    int digits = 1;
    while (value >= 10) {
      value /= 10;
      digits++;
    }
    return digits;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
