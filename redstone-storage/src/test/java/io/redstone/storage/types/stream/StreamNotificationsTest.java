package io.redstone.storage.types.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.ClientSession;
import io.redstone.storage.EngineHarness;
import io.redstone.storage.notify.EventLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keyspace events of the stream commands, as Redis 7.0's t_stream.c emits them. */
class StreamNotificationsTest {
  private final EngineHarness redis = new EngineHarness();
  private final EventLog log = EventLog.subscribe(redis, "EAn");

  @Test
  void addThenTrimWhenTheCapRemovedEntries() {
    redis.call("XADD", "s", "1-1", "f", "v");
    redis.call("XADD", "s", "MAXLEN", "5", "2-1", "f", "v");
    redis.call("XADD", "s", "MAXLEN", "1", "3-1", "f", "v");
    redis.call("XADD", "s", "MINID", "3-1", "4-1", "f", "v");
    redis.call("XADD", "s", "MINID", "4-1", "5-1", "f", "v");
    redis.call("XADD", "missing", "NOMKSTREAM", "1-1", "f", "v");
    redis.call("XADD", "s", "1-1", "f", "v");
    assertThat(log.events())
        .containsExactly(
            "new s", "xadd s", "xadd s", "xadd s", "xtrim s", "xadd s", "xadd s", "xtrim s");
  }

  @Test
  void aStreamTrimmedToNothingStaysAndEmitsNoDel() {
    redis.call("XADD", "s", "MAXLEN", "0", "1-1", "f", "v");
    assertThat(log.events()).containsExactly("new s", "xadd s", "xtrim s");
    assertThat(redis.call("EXISTS", "s")).isEqualTo(":1\r\n");
  }

  @Test
  void deleteTrimAndSetIdOnlyWhenTheyChangedSomething() {
    redis.call("XADD", "s", "1-1", "f", "v");
    redis.call("XADD", "s", "2-1", "f", "v");
    redis.call("XADD", "s", "3-1", "f", "v");
    log.events();
    redis.call("XDEL", "s", "9-9");
    redis.call("XDEL", "s", "1-1", "9-9");
    redis.call("XDEL", "missing", "1-1");
    redis.call("XTRIM", "s", "MAXLEN", "5");
    redis.call("XTRIM", "s", "MAXLEN", "1");
    redis.call("XTRIM", "missing", "MAXLEN", "0");
    redis.call("XSETID", "s", "1-1");
    redis.call("XSETID", "s", "10-1");
    redis.call("XDEL", "s", "3-1");
    assertThat(log.events()).containsExactly("xdel s", "xtrim s", "xsetid s", "xdel s");
  }

  @Test
  void groupSubcommands() {
    redis.call("XADD", "s", "1-1", "f", "v");
    log.events();
    redis.call("XGROUP", "CREATE", "s", "g", "0");
    redis.call("XGROUP", "CREATE", "s", "g", "0");
    redis.call("XGROUP", "CREATE", "fresh", "g", "$", "MKSTREAM");
    redis.call("XGROUP", "SETID", "s", "g", "$");
    redis.call("XGROUP", "CREATECONSUMER", "s", "g", "c");
    redis.call("XGROUP", "CREATECONSUMER", "s", "g", "c");
    redis.call("XGROUP", "DELCONSUMER", "s", "g", "c");
    redis.call("XGROUP", "DELCONSUMER", "s", "g", "c");
    redis.call("XGROUP", "DESTROY", "s", "nogroup");
    redis.call("XGROUP", "DESTROY", "s", "g");
    assertThat(log.events())
        .containsExactly(
            "xgroup-create s",
            "new fresh",
            "xgroup-create fresh",
            "xgroup-setid s",
            "xgroup-createconsumer s",
            "xgroup-delconsumer s",
            "xgroup-destroy s");
  }

  @Test
  void readsAndClaimsCreateTheirConsumerOnlyWhenTheyServeOrClaim() {
    redis.call("XADD", "s", "1-1", "f", "v");
    redis.call("XADD", "s", "2-1", "f", "v");
    redis.call("XGROUP", "CREATE", "s", "g", "0");
    log.events();
    redis.call("XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">");
    redis.call("XREADGROUP", "GROUP", "g", "b", "STREAMS", "s", ">");
    redis.call("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0");
    redis.call("XCLAIM", "s", "g", "d", "3600000", "1-1");
    redis.call("XAUTOCLAIM", "s", "g", "e", "3600000", "0");
    assertThat(log.events()).containsExactly("xgroup-createconsumer s", "xgroup-createconsumer s");

    redis.call("XCLAIM", "s", "g", "d", "0", "1-1");
    redis.call("XCLAIM", "s", "g", "d", "0", "2-1");
    redis.call("XAUTOCLAIM", "s", "g", "e", "0", "0");
    redis.call("XAUTOCLAIM", "s", "g", "e", "0", "0");
    assertThat(log.events()).containsExactly("xgroup-createconsumer s", "xgroup-createconsumer s");
  }

  @Test
  void aServedBlockedGroupReadCreatesItsConsumerAfterTheAdd() {
    redis.call("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
    log.events();
    List<String> unblocked = new ArrayList<>();
    redis.engine().onUnblocked((session, reply) -> unblocked.add(new String(reply)));
    ClientSession waiter = redis.newSession(5);
    assertThat(
            redis.callAs(
                waiter, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"))
        .isEmpty();
    assertThat(log.events()).isEmpty();
    redis.call("XADD", "s", "1-1", "f", "v");
    assertThat(unblocked).hasSize(1);
    assertThat(log.events()).containsExactly("xadd s", "xgroup-createconsumer s");
  }

  @Test
  void eventsInsideMultiAndScripts() {
    redis.call("MULTI");
    redis.call("XADD", "s", "1-1", "f", "v");
    redis.call("XGROUP", "CREATE", "s", "g", "0");
    redis.call("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
    assertThat(log.events()).isEmpty();
    redis.call("EXEC");
    assertThat(log.events())
        .containsExactly("new s", "xadd s", "xgroup-create s", "xgroup-createconsumer s");

    redis.call(
        "EVAL",
        "redis.call('xdel', KEYS[1], '1-1'); return redis.call('xsetid', KEYS[1], '5-5')",
        "1",
        "s");
    assertThat(log.events()).containsExactly("xdel s", "xsetid s");
  }

  @Test
  void aRespThreeClientReadsTheGroupReadsPushAfterItsReply() {
    List<String> pushed = new ArrayList<>();
    ClientSession self = redis.newListeningSession(6, pushed);
    redis.call("XADD", "s", "1-1", "f", "v");
    redis.call("XGROUP", "CREATE", "s", "g", "0");
    redis.callAs(self, "HELLO", "3");
    redis.callAs(self, "SUBSCRIBE", "__keyevent@0__:xgroup-createconsumer");
    String reply = redis.callAs(self, "XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
    assertThat(reply)
        .startsWith("%1\r\n$1\r\ns\r\n")
        .endsWith(
            ">3\r\n$7\r\nmessage\r\n$36\r\n__keyevent@0__:xgroup-createconsumer\r\n$1\r\ns\r\n");
    assertThat(reply.indexOf('>')).isEqualTo(reply.lastIndexOf(">3\r\n"));
  }
}
