package io.redstone.server.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A long random sequence of stream and consumer-group commands (fixed seed) against the target
 * (Redstone unless {@code -Dredstone.diff.target=redis}) and a real redis-server: several consumers
 * reading new entries and their history, acknowledging, claiming and auto-claiming, while entries
 * are added, deleted and trimmed and groups are created, moved and destroyed. Every reply is
 * compared, and every few steps the state through XPENDING, XINFO GROUPS, XINFO CONSUMERS and XINFO
 * STREAM. Entry IDs are explicit; idle times (the one thing that depends on when each server ran
 * the command) are masked, and claims use a minimum idle time of 0.
 */
class StreamGroupModelTest extends ModelComparison {
  private static final long SEED = 0x57_2ea4L;
  private static final int STEPS = 3000;
  private static final int STATE_EVERY = 25;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final List<String> STREAMS = List.of("s0", "s1");
  private static final List<String> GROUPS = List.of("g0", "g1", "g2");
  private static final List<String> CONSUMERS = List.of("alice", "bob", "carol", "dave");

  /** The idle column of an XPENDING row, and the idle field of XINFO CONSUMERS. */
  private static final Pattern PENDING_IDLE =
      Pattern.compile("(\\*4\r\n\\$\\d+\r\n[0-9]+-[0-9]+\r\n\\$\\d+\r\n[a-z]+\r\n):\\d+");

  private static final Pattern CONSUMER_IDLE = Pattern.compile("(idle\r\n):\\d+");

  private final Random random = new Random(SEED);
  private long nextMs = 1;

  /** Group reads that delivered something, so the test shows it exercised the pending lists. */
  private int deliveries;

  StreamGroupModelTest() {
    super(SEED);
  }

  @Test
  void randomConsumerGroupCommandsMatchRedis() throws IOException {
    compareWithRedis(
        TIMEOUT,
        () -> {
          same("FLUSHALL");
          same("CONFIG", "SET", "stream-node-max-entries", "4");
          for (String stream : STREAMS) {
            same("XGROUP", "CREATE", stream, "g0", "$", "MKSTREAM");
          }
          for (step = 0; step < STEPS; step++) {
            if (step == STEPS / 2) {
              both("HELLO", "3");
            }
            randomCommand();
            if (step % STATE_EVERY == 0) {
              compareState();
            }
          }
          compareState();
          same("CONFIG", "SET", "stream-node-max-entries", "100");
          assertThat(deliveries).as("group reads with entries pending").isGreaterThan(STEPS / 20);
        });
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  /** An ID near the ones the streams hold: mostly existing or recent, sometimes past the end. */
  private String id() {
    long ms = 1 + random.nextInt((int) Math.max(1, nextMs + 2));
    return ms + "-" + random.nextInt(2);
  }

  private void randomCommand() throws IOException {
    String stream = pick(STREAMS);
    String group = pick(GROUPS);
    String consumer = pick(CONSUMERS);
    int roll = random.nextInt(100);
    if (roll < 22) {
      List<String> argv = new ArrayList<>(List.of("XADD", stream));
      if (random.nextInt(10) == 0) {
        argv.addAll(List.of("MAXLEN", random.nextBoolean() ? "~" : "=", "" + random.nextInt(12)));
      }
      argv.add(nextMs + "-" + (random.nextInt(3) == 0 ? "*" : "0"));
      nextMs += random.nextInt(3) == 0 ? 0 : 1;
      argv.addAll(List.of("f", "v" + step));
      if (random.nextInt(4) == 0) {
        argv.addAll(List.of("g", Integer.toString(step)));
      }
      same(argv.toArray(String[]::new));
    } else if (roll < 40) {
      List<String> argv = new ArrayList<>(List.of("XREADGROUP", "GROUP", group, consumer));
      if (random.nextInt(3) > 0) {
        argv.addAll(List.of("COUNT", Integer.toString(1 + random.nextInt(4))));
      }
      if (random.nextInt(8) == 0) {
        argv.add("NOACK");
      }
      argv.addAll(List.of("STREAMS", stream, random.nextInt(4) == 0 ? "0" : ">"));
      same(argv.toArray(String[]::new));
      RespValue reply = call(target, "XPENDING", stream, group);
      if (!new String(reply.raw(), StandardCharsets.ISO_8859_1).startsWith("*4\r\n:0")) {
        deliveries++;
      }
    } else if (roll < 52) {
      List<String> argv = new ArrayList<>(List.of("XACK", stream, group));
      for (int i = random.nextInt(3); i >= 0; i--) {
        argv.add(id());
      }
      same(argv.toArray(String[]::new));
    } else if (roll < 60) {
      List<String> argv = new ArrayList<>(List.of("XCLAIM", stream, group, consumer, "0"));
      for (int i = random.nextInt(3); i >= 0; i--) {
        argv.add(id());
      }
      if (random.nextBoolean()) {
        argv.add("JUSTID");
      }
      if (random.nextInt(4) == 0) {
        argv.add("FORCE");
      }
      if (random.nextInt(4) == 0) {
        argv.addAll(List.of("RETRYCOUNT", Integer.toString(random.nextInt(5))));
      }
      if (random.nextInt(6) == 0) {
        argv.addAll(List.of("LASTID", id()));
      }
      same(argv.toArray(String[]::new));
    } else if (roll < 67) {
      List<String> argv =
          new ArrayList<>(List.of("XAUTOCLAIM", stream, group, consumer, "0", id()));
      argv.addAll(List.of("COUNT", Integer.toString(1 + random.nextInt(5))));
      if (random.nextBoolean()) {
        argv.add("JUSTID");
      }
      same(argv.toArray(String[]::new));
    } else if (roll < 73) {
      same("XDEL", stream, id(), id());
    } else if (roll < 76) {
      same(
          "XTRIM",
          stream,
          random.nextBoolean() ? "MAXLEN" : "MINID",
          pickOf("~", "="),
          random.nextBoolean() ? Integer.toString(random.nextInt(10)) : id());
    } else if (roll < 80) {
      same("XGROUP", "CREATE", stream, group, pickOf("0", "$", id()));
    } else if (roll < 82) {
      same("XGROUP", "DESTROY", stream, group);
    } else if (roll < 85) {
      same("XGROUP", "SETID", stream, group, pickOf("0", "$", id()));
    } else if (roll < 87) {
      same("XGROUP", "CREATECONSUMER", stream, group, consumer);
    } else if (roll < 89) {
      same("XGROUP", "DELCONSUMER", stream, group, consumer);
    } else if (roll < 93) {
      masked(
          "XPENDING", stream, group, "-", "+", Integer.toString(1 + random.nextInt(10)), consumer);
    } else if (roll < 96) {
      same("XREAD", "COUNT", Integer.toString(1 + random.nextInt(3)), "STREAMS", stream, id());
    } else {
      same("XINFO", "STREAM", stream);
    }
  }

  @SafeVarargs
  private <T> T pickOf(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private void compareState() throws IOException {
    for (String stream : STREAMS) {
      same("XRANGE", stream, "-", "+");
      same("XINFO", "STREAM", stream);
      same("XINFO", "GROUPS", stream);
      for (String group : GROUPS) {
        same("XPENDING", stream, group);
        masked("XPENDING", stream, group, "-", "+", "1000");
        masked("XINFO", "CONSUMERS", stream, group);
      }
    }
  }

  /** The replies must be the same once idle times are set aside. */
  private void masked(String... argv) throws IOException {
    String expected = mask(call(redis, argv).raw());
    String actual = mask(call(target, argv).raw());
    assertThat(actual).as(context()).isEqualTo(expected);
  }

  private static String mask(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    text = PENDING_IDLE.matcher(text).replaceAll("$1:?");
    return CONSUMER_IDLE.matcher(text).replaceAll("$1:?");
  }
}
