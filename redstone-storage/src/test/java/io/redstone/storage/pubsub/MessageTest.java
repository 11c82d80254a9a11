package io.redstone.storage.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.protocol.RespWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MessageTest {
  @Test
  void theSharedBytesAreWhatTheReplyWriterWouldWriteInBothProtocols() {
    for (int length : new int[] {0, 1, 9, 10, 99, 100, 12_345, 1 << 20}) {
      byte[] payload = new byte[length];
      Arrays.fill(payload, (byte) 'p');
      byte[] channel = "chan".repeat(length % 7 + 1).getBytes();
      for (Message message :
          new Message[] {
            Message.onChannel(channel, payload),
            Message.onPattern("c*".getBytes(), channel, payload),
            Message.onShardChannel(channel, payload)
          }) {
        for (int protocol = 2; protocol <= 3; protocol++) {
          RespWriter expected = new RespWriter(protocol, 64);
          message.writeTo(expected);
          assertThat(message.encoded(protocol)).isEqualTo(expected.toByteArray());
          assertThat(message.encoded(protocol)).isSameAs(message.encoded(protocol));
        }
      }
    }
  }
}
