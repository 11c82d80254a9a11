package io.redstone.storage.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.RespTree;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code COMMAND DOCS} and {@code COMMAND INFO} of every command in the table, compared byte for
 * byte with what Redis 7.0.15 answers for the same command. The reference replies are {@code
 * COMMAND DOCS} and {@code COMMAND INFO} of a real redis-server in RESP3, stored next to this class
 * by {@code src/test/scripts/capture-command-replies.py}; their RESP2 form is derived (maps
 * flattened, sets as arrays), as Redis derives it.
 *
 * <p>A container is compared field by field and then per subcommand: Redstone implements only some
 * of Redis's subcommands, and Redis lists them in hash-table order, which differs per process.
 */
class CommandDocsConformanceTest {
  private static final String DOCS_RESOURCE = "redis-7.0.15-command-docs.resp";
  private static final String INFO_RESOURCE = "redis-7.0.15-command-info.resp";

  /** Subcommands from Redis 7.2 that 7.0 lacks; Redstone keeps their 7.2 docs on purpose. */
  static final Set<String> NOT_IN_REDIS_7_0 = Set.of("client|setinfo", "client|no-touch");

  private static final Map<String, RespTree> REDIS_DOCS = redisDocs();
  private static final Map<String, RespTree> REDIS_INFO = redisInfo();

  private final CommandTable table = CommandTable.standard();

  private static byte[] resource(String name) {
    try (InputStream in = CommandDocsConformanceTest.class.getResourceAsStream(name)) {
      return Objects.requireNonNull(in, name).readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Redis's COMMAND DOCS reply: a map from command name to its docs. */
  private static Map<String, RespTree> redisDocs() {
    RespTree all = RespTree.parse(resource(DOCS_RESOURCE));
    Map<String, RespTree> byName = new LinkedHashMap<>();
    for (int i = 0; i < all.items().size(); i += 2) {
      byName.put(all.items().get(i).text(), all.items().get(i + 1));
    }
    return byName;
  }

  /** Redis's COMMAND INFO reply: one array per command, its name first. */
  private static Map<String, RespTree> redisInfo() {
    Map<String, RespTree> byName = new LinkedHashMap<>();
    for (RespTree entry : RespTree.parse(resource(INFO_RESOURCE)).items()) {
      byName.put(entry.items().get(0).text(), entry);
    }
    return byName;
  }

  private static EngineHarness harness(int protocol) {
    EngineHarness redis = new EngineHarness();
    if (protocol == 3) {
      redis.call("HELLO", "3");
    }
    return redis;
  }

  private static String wire(RespTree value, int protocol) {
    return protocol == 3 ? value.rawText() : value.resp2();
  }

  /** The docs map in a one-command COMMAND DOCS reply, checking it is keyed by {@code name}. */
  private static RespTree onlyDocs(EngineHarness redis, String name) {
    RespTree reply = RespTree.parse(redis.call("COMMAND", "DOCS", name));
    assertThat(reply.items()).as("COMMAND DOCS %s", name).hasSize(2);
    assertThat(reply.items().get(0).text()).isEqualTo(name);
    return reply.items().get(1);
  }

  private static RespTree onlyInfo(EngineHarness redis, String name) {
    RespTree reply = RespTree.parse(redis.call("COMMAND", "INFO", name));
    assertThat(reply.items()).as("COMMAND INFO %s", name).hasSize(1);
    return reply.items().get(0);
  }

  @ParameterizedTest(name = "RESP{0}")
  @ValueSource(ints = {2, 3})
  void docsOfEveryCommandMatchRedis(int protocol) {
    EngineHarness redis = harness(protocol);
    SoftAssertions softly = new SoftAssertions();
    for (CommandSpec spec : table.all()) {
      RespTree expected = REDIS_DOCS.get(spec.name());
      assertThat(expected).as("Redis 7.0.15 has no command %s", spec.name()).isNotNull();
      RespTree ours = onlyDocs(redis, spec.name());
      if (!spec.isContainer()) {
        softly
            .assertThat(wire(ours, protocol))
            .as("COMMAND DOCS %s", spec.name())
            .isEqualTo(wire(expected, protocol));
        continue;
      }
      assertThat(keys(ours)).as("docs fields of %s", spec.name()).isEqualTo(keys(expected));
      for (String field : keys(expected)) {
        if (!field.equals("subcommands")) {
          softly
              .assertThat(wire(ours.get(field), protocol))
              .as("%s of %s", field, spec.name())
              .isEqualTo(wire(expected.get(field), protocol));
        }
      }
      RespTree ourSubs = ours.get("subcommands");
      RespTree redisSubs = expected.get("subcommands");
      assertThat(ourSubs.items()).hasSize(2 * spec.subcommands().size());
      for (CommandSpec sub : spec.subcommands().values()) {
        RespTree redisSub = redisSubs.get(sub.fullName());
        if (NOT_IN_REDIS_7_0.contains(sub.fullName())) {
          assertThat(redisSub).as("%s is in Redis 7.0.15 after all", sub.fullName()).isNull();
          continue;
        }
        assertThat(redisSub).as("Redis 7.0.15 has no %s", sub.fullName()).isNotNull();
        softly
            .assertThat(wire(ourSubs.get(sub.fullName()), protocol))
            .as("COMMAND DOCS %s within %s", sub.fullName(), spec.name())
            .isEqualTo(wire(redisSub, protocol));
        softly
            .assertThat(wire(onlyDocs(redis, sub.fullName()), protocol))
            .as("COMMAND DOCS %s", sub.fullName())
            .isEqualTo(wire(redisSub, protocol));
      }
    }
    softly.assertAll();
  }

  @ParameterizedTest(name = "RESP{0}")
  @ValueSource(ints = {2, 3})
  void infoOfEveryCommandMatchesRedis(int protocol) {
    EngineHarness redis = harness(protocol);
    SoftAssertions softly = new SoftAssertions();
    for (CommandSpec spec : table.all()) {
      RespTree expected = REDIS_INFO.get(spec.name());
      assertThat(expected).as("Redis 7.0.15 has no command %s", spec.name()).isNotNull();
      RespTree ours = onlyInfo(redis, spec.name());
      if (!spec.isContainer()) {
        softly
            .assertThat(wire(ours, protocol))
            .as("COMMAND INFO %s", spec.name())
            .isEqualTo(wire(expected, protocol));
        continue;
      }
      assertThat(ours.items()).hasSize(10);
      for (int i = 0; i < 9; i++) {
        softly
            .assertThat(wire(ours.items().get(i), protocol))
            .as("element %d of COMMAND INFO %s", i + 1, spec.name())
            .isEqualTo(wire(expected.items().get(i), protocol));
      }
      Map<String, RespTree> redisSubs = new LinkedHashMap<>();
      for (RespTree sub : expected.items().get(9).items()) {
        redisSubs.put(sub.items().get(0).text(), sub);
      }
      List<RespTree> ourSubs = ours.items().get(9).items();
      assertThat(ourSubs).hasSize(spec.subcommands().size());
      for (RespTree ourSub : ourSubs) {
        String name = ourSub.items().get(0).text();
        RespTree redisSub = redisSubs.get(name);
        if (NOT_IN_REDIS_7_0.contains(name)) {
          assertThat(redisSub).as("%s is in Redis 7.0.15 after all", name).isNull();
          continue;
        }
        assertThat(redisSub).as("Redis 7.0.15 has no %s", name).isNotNull();
        softly
            .assertThat(wire(ourSub, protocol))
            .as("COMMAND INFO %s within %s", name, spec.name())
            .isEqualTo(wire(redisSub, protocol));
        softly
            .assertThat(wire(onlyInfo(redis, name), protocol))
            .as("COMMAND INFO %s", name)
            .isEqualTo(wire(redisSub, protocol));
      }
    }
    softly.assertAll();
  }

  /**
   * The subcommands Redis 7.0 lacks keep Redis 7.2's docs and info: what a 7.2 server tells the
   * client libraries that send CLIENT SETINFO, and redis-cli's hints for it.
   */
  @Test
  void redis72SubcommandsKeepTheir72Docs() {
    EngineHarness redis = harness(3);
    assertThat(onlyDocs(redis, "client|setinfo").rawText())
        .isEqualTo(
            "%5\r\n$7\r\nsummary\r\n$54\r\nSets information specific to the client or"
                + " connection.\r\n$5\r\nsince\r\n$5\r\n7.2.0\r\n$5\r\ngroup\r\n$10\r\nconnection"
                + "\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n"
                + "$4\r\nname\r\n$4\r\nattr\r\n$4\r\ntype\r\n$5\r\noneof\r\n"
                + "$9\r\narguments\r\n*2\r\n"
                + "%3\r\n$4\r\nname\r\n$7\r\nlibname\r\n$4\r\ntype\r\n$6\r\nstring\r\n"
                + "$5\r\ntoken\r\n$8\r\nlib-name\r\n"
                + "%3\r\n$4\r\nname\r\n$6\r\nlibver\r\n$4\r\ntype\r\n$6\r\nstring\r\n"
                + "$5\r\ntoken\r\n$7\r\nlib-ver\r\n");
    assertThat(onlyInfo(redis, "client|no-touch").rawText())
        .isEqualTo(
            "*10\r\n$15\r\nclient|no-touch\r\n:3\r\n~3\r\n+noscript\r\n+loading\r\n+stale\r\n"
                + ":0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n");
    assertThat(onlyDocs(redis, "client|no-touch").get("arguments").rawText())
        .isEqualTo(
            "*1\r\n%3\r\n$4\r\nname\r\n$7\r\nenabled\r\n$4\r\ntype\r\n$5\r\noneof\r\n"
                + "$9\r\narguments\r\n*2\r\n"
                + "%3\r\n$4\r\nname\r\n$2\r\non\r\n$4\r\ntype\r\n$10\r\npure-token\r\n"
                + "$5\r\ntoken\r\n$2\r\nON\r\n"
                + "%3\r\n$4\r\nname\r\n$3\r\noff\r\n$4\r\ntype\r\n$10\r\npure-token\r\n"
                + "$5\r\ntoken\r\n$3\r\nOFF\r\n");
  }

  /** The stored references are whole: every command Redis 7.0.15 has, in both replies. */
  @Test
  void referenceRepliesAreComplete() {
    assertThat(REDIS_DOCS).hasSize(240);
    assertThat(REDIS_INFO.keySet()).isEqualTo(REDIS_DOCS.keySet());
  }

  private static List<String> keys(RespTree map) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < map.items().size(); i += 2) {
      keys.add(map.items().get(i).text());
    }
    return keys;
  }
}
