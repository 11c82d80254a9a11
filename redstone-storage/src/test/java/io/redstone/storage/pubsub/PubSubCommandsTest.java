package io.redstone.storage.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.ClientSession;
import io.redstone.storage.EngineHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PubSubCommandsTest {
  private final EngineHarness redis = new EngineHarness();
  private final List<String> firstPushes = new ArrayList<>();
  private final List<String> secondPushes = new ArrayList<>();
  private final ClientSession first = redis.newListeningSession(2, firstPushes);
  private final ClientSession second = redis.newListeningSession(3, secondPushes);

  @Test
  void subscribeConfirmsEachChannelWithTheRunningCount() {
    assertThat(redis.callAs(first, "SUBSCRIBE", "a", "b"))
        .isEqualTo(
            "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"
                + "*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n");
    assertThat(redis.callAs(first, "SUBSCRIBE", "a"))
        .isEqualTo("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:2\r\n");
    assertThat(redis.callAs(first, "PSUBSCRIBE", "h*"))
        .isEqualTo("*3\r\n$10\r\npsubscribe\r\n$2\r\nh*\r\n:3\r\n");
    // Shard channels are counted apart.
    assertThat(redis.callAs(first, "SSUBSCRIBE", "s"))
        .isEqualTo("*3\r\n$10\r\nssubscribe\r\n$1\r\ns\r\n:1\r\n");
  }

  @Test
  void publishDeliversToChannelAndPatternSubscribersAndCountsEachSubscription() {
    redis.callAs(first, "SUBSCRIBE", "news");
    redis.callAs(first, "PSUBSCRIBE", "n*");
    redis.callAs(second, "PSUBSCRIBE", "x*");

    assertThat(redis.call("PUBLISH", "news", "hi")).isEqualTo(":2\r\n");
    assertThat(firstPushes)
        .containsExactly(
            "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n",
            "*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n");
    assertThat(secondPushes).isEmpty();
    assertThat(redis.call("PUBLISH", "other", "x")).isEqualTo(":0\r\n");
  }

  @Test
  void messagesArriveInPublishOrderInTheSubscribersProtocol() {
    redis.callAs(first, "HELLO", "3");
    redis.callAs(first, "SUBSCRIBE", "c");
    redis.callAs(second, "SUBSCRIBE", "c");
    for (int i = 0; i < 5; i++) {
      redis.call("PUBLISH", "c", "m" + i);
    }
    assertThat(firstPushes).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(firstPushes.get(i))
          .isEqualTo(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nm" + i + "\r\n");
      assertThat(secondPushes.get(i))
          .isEqualTo("*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nm" + i + "\r\n");
    }
  }

  @Test
  void aResp3ClientPublishingToItselfGetsTheMessageBeforeTheCount() {
    redis.call("HELLO", "3");
    redis.call("SUBSCRIBE", "me");
    assertThat(redis.call("PUBLISH", "me", "hi"))
        .isEqualTo(">3\r\n$7\r\nmessage\r\n$2\r\nme\r\n$2\r\nhi\r\n:1\r\n");
  }

  @Test
  void aSubscribedResp2ClientMaySendOnlySubscriptionCommands() {
    redis.call("SUBSCRIBE", "a");
    assertThat(redis.call("GET", "x"))
        .isEqualTo(
            "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT /"
                + " RESET are allowed in this context\r\n");
    assertThat(redis.call("CLIENT", "LIST")).startsWith("-ERR Can't execute 'client|list'");
    assertThat(redis.call("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
    assertThat(redis.call("PING", "x")).isEqualTo("*2\r\n$4\r\npong\r\n$1\r\nx\r\n");
    assertThat(redis.call("UNSUBSCRIBE"))
        .isEqualTo("*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:0\r\n");
    assertThat(redis.call("GET", "x")).isEqualTo("$-1\r\n");
    assertThat(redis.call("PING")).isEqualTo("+PONG\r\n");
  }

  @Test
  void aSubscribedResp3ClientMaySendAnything() {
    redis.call("HELLO", "3");
    redis.call("SUBSCRIBE", "a");
    assertThat(redis.call("GET", "x")).isEqualTo("_\r\n");
    assertThat(redis.call("PING")).isEqualTo("+PONG\r\n");
  }

  @Test
  void bareUnsubscribeLeavesEverySubscriptionOrAnswersNullWhenThereIsNone() {
    assertThat(redis.call("UNSUBSCRIBE")).isEqualTo("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
    redis.call("SUBSCRIBE", "a", "b");
    redis.call("PSUBSCRIBE", "p");
    assertThat(redis.call("UNSUBSCRIBE"))
        .isEqualTo(
            "*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:2\r\n"
                + "*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:1\r\n");
    assertThat(redis.call("PUNSUBSCRIBE"))
        .isEqualTo("*3\r\n$12\r\npunsubscribe\r\n$1\r\np\r\n:0\r\n");
    redis.call("HELLO", "3");
    assertThat(redis.call("SUNSUBSCRIBE")).isEqualTo(">3\r\n$12\r\nsunsubscribe\r\n_\r\n:0\r\n");
  }

  @Test
  void resetAndDisconnectDropSubscriptions() {
    redis.callAs(first, "SUBSCRIBE", "a");
    redis.callAs(first, "PSUBSCRIBE", "a*");
    redis.callAs(second, "SSUBSCRIBE", "s");
    assertThat(redis.call("PUBSUB", "NUMSUB", "a")).isEqualTo("*2\r\n$1\r\na\r\n:1\r\n");
    assertThat(redis.callAs(first, "RESET")).isEqualTo("+RESET\r\n");
    assertThat(redis.call("PUBLISH", "a", "x")).isEqualTo(":0\r\n");
    assertThat(redis.call("PUBSUB", "NUMPAT")).isEqualTo(":0\r\n");
    redis.engine().clientDisconnected(second);
    assertThat(redis.call("SPUBLISH", "s", "x")).isEqualTo(":0\r\n");
    assertThat(redis.call("PUBSUB", "SHARDCHANNELS")).isEqualTo("*0\r\n");
  }

  @Test
  void shardChannelsAreTheirOwnNamespace() {
    redis.callAs(first, "SSUBSCRIBE", "s");
    redis.callAs(second, "SUBSCRIBE", "s");
    assertThat(redis.call("SPUBLISH", "s", "m")).isEqualTo(":1\r\n");
    assertThat(firstPushes).containsExactly("*3\r\n$8\r\nsmessage\r\n$1\r\ns\r\n$1\r\nm\r\n");
    assertThat(secondPushes).isEmpty();
    assertThat(redis.call("PUBSUB", "SHARDNUMSUB", "s", "t"))
        .isEqualTo("*4\r\n$1\r\ns\r\n:1\r\n$1\r\nt\r\n:0\r\n");
    assertThat(redis.call("PUBSUB", "CHANNELS")).isEqualTo("*1\r\n$1\r\ns\r\n");
  }

  @Test
  void pubsubChannelsFiltersWithGlobAndNumpatCountsDistinctPatterns() {
    redis.callAs(first, "SUBSCRIBE", "news.1", "sport");
    redis.callAs(first, "PSUBSCRIBE", "n*", "s?ort");
    redis.callAs(second, "PSUBSCRIBE", "n*");
    assertThat(redis.call("PUBSUB", "CHANNELS", "n[e]ws.*")).isEqualTo("*1\r\n$6\r\nnews.1\r\n");
    assertThat(redis.call("PUBSUB", "NUMPAT")).isEqualTo(":2\r\n");
    assertThat(redis.call("PUBLISH", "news.1", "x")).isEqualTo(":3\r\n");
    assertThat(redis.call("PUBSUB", "CHANNELS", "a", "b"))
        .isEqualTo(
            "-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB"
                + " HELP.\r\n");
  }

  @Test
  void clientListAndInfoShowSubscriptions() {
    redis.callAs(first, "SUBSCRIBE", "a", "b");
    redis.callAs(first, "PSUBSCRIBE", "p");
    redis.callAs(first, "SSUBSCRIBE", "s");
    String list = redis.call("CLIENT", "LIST", "TYPE", "pubsub");
    assertThat(list).contains("id=2 ").contains(" flags=P ").contains(" sub=2 psub=1 ssub=1 ");
    assertThat(list).doesNotContain("id=3 ");
    assertThat(redis.call("CLIENT", "LIST", "TYPE", "normal")).doesNotContain("id=2 ");
    String info = redis.call("INFO", "stats");
    assertThat(info)
        .contains("pubsub_channels:2\r\n")
        .contains("pubsub_patterns:1\r\n")
        .contains("pubsubshard_channels:1\r\n");
  }

  @Test
  void binaryChannelsAndMessagesPassUnchanged() {
    ClientSession subscriber = first;
    redis.call(subscriber, "SUBSCRIBE".getBytes(), new byte[] {0, (byte) 0xff});
    assertThat(
            redis.call(
                redis.session(),
                "PUBLISH".getBytes(),
                new byte[] {0, (byte) 0xff},
                new byte[] {'\r', '\n'}))
        .isEqualTo(":1\r\n");
    assertThat(firstPushes.get(0)).endsWith("$2\r\n\r\n\r\n");
  }
}
