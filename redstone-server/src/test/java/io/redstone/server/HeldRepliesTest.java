package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.ClientSession;
import io.redstone.storage.DeferredReply;
import io.redstone.storage.Engine;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldRepliesTest {
  private final HeldReplies held = new HeldReplies();
  private final List<String> sent = new ArrayList<>();

  private void hold(long requiredSeq, HeldReplies.Part... parts) {
    held.hold(List.of(parts), requiredSeq, (buffer, end) -> sent.add(buffer.toString()), true);
  }

  private static HeldReplies.Part bytes(String text) {
    return new HeldReplies.Written(Buffer.buffer(text));
  }

  private static DeferredReply deferred() {
    Engine engine = Engine.withDefaults();
    List<DeferredReply> made = new ArrayList<>();
    engine.onDeferredReply(made::add);
    return engine.defer(ClientSession.detached(1));
  }

  @Test
  void repliesWaitUntilTheirWritesAreDurableAndLeaveInOrder() {
    assertThat(held.canSendNow(0)).isTrue();
    assertThat(held.canSendNow(1)).isFalse();
    hold(1, bytes("+OK\r\n"));
    // A read produced after the write waits too: it may have seen the unsynced write.
    hold(1, bytes("$1\r\nv\r\n"));
    assertThat(sent).isEmpty();
    assertThat(held.canSendNow(0)).as("nothing overtakes what is queued").isFalse();
    held.durable(1);
    assertThat(sent).containsExactly("+OK\r\n", "$1\r\nv\r\n");
    assertThat(held.isEmpty()).isTrue();
  }

  @Test
  void aDeferredReplyHoldsItsBatchAndEveryLaterOne() {
    DeferredReply save = deferred();
    hold(0, bytes("+A\r\n"), new HeldReplies.Deferred(save), bytes("+B\r\n"));
    hold(0, bytes("+C\r\n"));
    assertThat(sent).isEmpty();
    save.complete(sink -> sink.ok());
    assertThat(sent).containsExactly("+A\r\n+OK\r\n+B\r\n", "+C\r\n");
  }

  @Test
  void durabilityOfALaterWriteReleasesEarlierBatchesToo() {
    hold(1, bytes("+1\r\n"));
    hold(2, bytes("+2\r\n"));
    hold(3, bytes("+3\r\n"));
    held.durable(2);
    assertThat(sent).containsExactly("+1\r\n", "+2\r\n");
    held.durable(3);
    assertThat(sent).containsExactly("+1\r\n", "+2\r\n", "+3\r\n");
  }

  @Test
  void aBatchWithoutDeferredRepliesLeavesInTheBufferItWasHeldIn() {
    Buffer replies = Buffer.buffer("+OK\r\n");
    List<Buffer> out = new ArrayList<>();
    held.hold(List.of(new HeldReplies.Written(replies)), 1, (buffer, end) -> out.add(buffer), true);
    held.durable(1);
    assertThat(out).singleElement().isSameAs(replies);
  }
}
