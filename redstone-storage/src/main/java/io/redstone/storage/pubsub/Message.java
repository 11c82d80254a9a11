package io.redstone.storage.pubsub;

import io.redstone.protocol.ReplySink;
import io.redstone.protocol.RespWriter;
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

  private byte[] encode(int protocol) {
    int size = 32 + kind.length + channel.length + payload.length;
    if (pattern != null) {
      size += 16 + pattern.length;
    }
    RespWriter writer = new RespWriter(protocol, size);
    writeTo(writer);
    return writer.toByteArray();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
