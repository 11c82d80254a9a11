package io.redstone.storage.tracking;

import io.redstone.protocol.RespWriter;
import io.redstone.storage.ClientSession;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The bytes of invalidation messages, as Redis's {@code sendTrackingMessage} writes them: a RESP3
 * push {@code invalidate} with the keys, or, for a RESP2 client that receives another client's
 * invalidations while subscribed, a pub/sub message on {@code __redis__:invalidate}.
 */
final class Invalidation {
  private static final byte[] PUSH_HEAD = ascii(">2\r\n$10\r\ninvalidate\r\n");
  private static final byte[] MESSAGE_HEAD =
      ascii("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n");

  private Invalidation() {}

  /** The value naming one key. */
  static byte[] oneKey(byte[] key) {
    RespWriter writer = new RespWriter(2, key.length + 24);
    writer.arrayHeader(1);
    writer.bulk(key);
    return writer.toByteArray();
  }

  /** The value naming several keys, in the given order. */
  static byte[] keys(Collection<byte[]> keys) {
    RespWriter writer = new RespWriter(2, 16 * keys.size() + 16);
    writer.arrayHeader(keys.size());
    for (byte[] key : keys) {
      writer.bulk(key);
    }
    return writer.toByteArray();
  }

  /**
   * The value meaning "every key" after a flush: a null in the protocol of the client that tracked,
   * whatever the protocol of the client it redirects to (as Redis, which picks the null by the
   * tracking client).
   */
  static byte[] everything(int trackingProtocol) {
    return ascii(trackingProtocol == 3 ? "_\r\n" : "$-1\r\n");
  }

  /**
   * The whole message for {@code receiver}, or null when it cannot be told: a RESP2 client hears
   * invalidations only as the redirect target of another client and only while subscribed.
   */
  static byte[] message(ClientSession receiver, boolean redirected, byte[] value) {
    byte[] head;
    if (receiver.protocol() == 3) {
      head = PUSH_HEAD;
    } else if (redirected && receiver.subscribed()) {
      head = MESSAGE_HEAD;
    } else {
      return null;
    }
    byte[] out = new byte[head.length + value.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(value, 0, out, head.length, value.length);
    return out;
  }

  /** Told to a RESP3 client whose redirect target has gone: {@code >2 tracking-redir-broken id}. */
  static byte[] redirectBroken(long redirect) {
    return ascii(">2\r\n$21\r\ntracking-redir-broken\r\n:" + redirect + "\r\n");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
