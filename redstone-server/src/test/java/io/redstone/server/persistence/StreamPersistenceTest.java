package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Streams survive a restart with their groups, consumers and pending entries: through the log's
 * replay (generated IDs logged as the IDs they were, group reads as claims), through a rewrite, and
 * through SAVE. Compared through XINFO STREAM FULL, whose delivery times must come back exactly;
 * only a consumer's seen time may differ after a replay, as in Redis.
 */
class StreamPersistenceTest {
  @TempDir Path dataDir;

  private enum Command implements ProtocolCommand {
    XADD,
    XGROUP,
    XREADGROUP,
    XACK,
    XCLAIM,
    XDEL,
    XTRIM,
    XINFO,
    XAUTOCLAIM,
    CONFIG;

    @Override
    public byte[] getRaw() {
      return name().getBytes(StandardCharsets.US_ASCII);
    }
  }

  private static Object send(Jedis jedis, Command command, String... args) {
    return jedis.sendCommand(command, args);
  }

  private static void writeStreams(Jedis jedis) throws InterruptedException {
    send(jedis, Command.CONFIG, "SET", "stream-node-max-entries", "7");
    for (int i = 0; i < 100; i++) {
      send(jedis, Command.XADD, "s", "*", "n", Integer.toString(i), "kind", i % 2 == 0 ? "a" : "b");
    }
    send(jedis, Command.XADD, "s", "MAXLEN", "~", "90", "*", "other", "fields", "here", "x");
    send(jedis, Command.XGROUP, "CREATE", "s", "workers", "0");
    send(jedis, Command.XGROUP, "CREATE", "s", "late", "$", "ENTRIESREAD", "3");
    send(jedis, Command.XGROUP, "CREATECONSUMER", "s", "late", "idle-one");
    send(jedis, Command.XREADGROUP, "GROUP", "workers", "w1", "COUNT", "10", "STREAMS", "s", ">");
    Thread.sleep(5);
    send(jedis, Command.XREADGROUP, "GROUP", "workers", "w2", "COUNT", "10", "STREAMS", "s", ">");
    send(
        jedis,
        Command.XREADGROUP,
        "GROUP",
        "workers",
        "w3",
        "NOACK",
        "COUNT",
        "5",
        "STREAMS",
        "s",
        ">");
    send(jedis, Command.XREADGROUP, "GROUP", "workers", "w1", "STREAMS", "s", "0");
    List<?> pending = (List<?>) send(jedis, Command.XINFO, "STREAM", "s", "FULL");
    assertThat(pending).isNotEmpty();
    send(jedis, Command.XAUTOCLAIM, "s", "workers", "w4", "0", "0", "COUNT", "3");
    Thread.sleep(5);
    send(jedis, Command.XCLAIM, "s", "workers", "w2", "0", firstId(jedis), "RETRYCOUNT", "5");
    send(jedis, Command.XACK, "s", "workers", firstId(jedis));
    send(jedis, Command.XDEL, "s", firstId(jedis));
    send(jedis, Command.XADD, "empty", "1-1", "f", "v");
    send(jedis, Command.XDEL, "empty", "1-1");
    send(jedis, Command.XGROUP, "CREATE", "made", "g", "$", "MKSTREAM");
  }

  /** The first ID in the workers' pending list. */
  private static String firstId(Jedis jedis) {
    List<?> summary =
        (List<?>) jedis.sendCommand(Protocol.Command.valueOf("XPENDING"), "s", "workers");
    return new String((byte[]) summary.get(1), StandardCharsets.UTF_8);
  }

  /** XINFO STREAM FULL of every stream, as text, with consumers' seen times left out. */
  private static String fingerprint(Jedis jedis) {
    StringBuilder out = new StringBuilder();
    for (String key : new String[] {"s", "empty", "made"}) {
      out.append(key).append(": ");
      render(send(jedis, Command.XINFO, "STREAM", key, "FULL", "COUNT", "0"), out);
      out.append('\n');
    }
    return out.toString();
  }

  private static void render(Object reply, StringBuilder out) {
    if (reply instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        render(item, out);
        out.append(',');
        if (item instanceof byte[] bytes
            && new String(bytes, StandardCharsets.UTF_8).equals("seen-time")) {
          i++;
          out.append("?,");
        }
      }
      out.append(']');
    } else if (reply instanceof byte[] bytes) {
      out.append(new String(bytes, StandardCharsets.UTF_8));
    } else {
      out.append(reply);
    }
  }

  private TestServer start(boolean log) {
    return PersistenceTesting.startIn(
        dataDir, "--appendonly", log ? "yes" : "no", "--stream-node-max-entries", "7");
  }

  @Test
  void theLogReplaysStreamsWithTheirGroups() throws Exception {
    String before;
    try (TestServer server = start(true);
        Jedis jedis = PersistenceTesting.client(server)) {
      writeStreams(jedis);
      before = fingerprint(jedis);
    }
    try (TestServer server = start(true);
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(fingerprint(jedis)).isEqualTo(before);
    }
  }

  @Test
  void aRewriteKeepsStreamsWithTheirGroups() throws Exception {
    String before;
    try (TestServer server = start(true);
        Jedis jedis = PersistenceTesting.client(server)) {
      writeStreams(jedis);
      jedis.bgrewriteaof();
      Eventually.waitFor(
          "the rewrite to finish",
          Duration.ofSeconds(60),
          () -> PersistenceTesting.persistenceInfo(jedis, "aof_rewrite_in_progress").equals("0"));
      assertThat(PersistenceTesting.persistenceInfo(jedis, "aof_last_bgrewrite_status"))
          .isEqualTo("ok");
      send(jedis, Command.XADD, "s", "*", "after", "rewrite");
      before = fingerprint(jedis);
    }
    try (TestServer server = start(true);
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(fingerprint(jedis)).isEqualTo(before);
    }
  }

  @Test
  void aSnapshotKeepsStreamsWithTheirGroups() throws Exception {
    String before;
    try (TestServer server = start(false);
        Jedis jedis = PersistenceTesting.client(server)) {
      writeStreams(jedis);
      jedis.save();
      before = fingerprint(jedis);
    }
    try (TestServer server = start(false);
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(fingerprint(jedis)).isEqualTo(before);
      assertThat(jedis.type("empty")).isEqualTo("stream");
    }
  }
}
