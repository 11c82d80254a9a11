package io.redstone.storage.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DEBUG OBJECT: Redis 7.0's fields in its order, and the serialized lengths and quicklist figures
 * redis-server 7.0.15 reported for the same values (where LZF compression leaves them alone).
 */
class DebugObjectTest {
  private static final Pattern REPLY =
      Pattern.compile(
          "\\+Value at:0x[0-9a-f]+ refcount:(\\d+) encoding:(\\w+) serializedlength:(\\d+)"
              + " lru:(\\d+) lru_seconds_idle:(\\d+)(.*)\r\n");

  private final EngineHarness redis = EngineHarness.configuredWith("enable-debug-command", "yes");

  @BeforeEach
  void thresholdsAsInTheReferenceRun() {
    redis.call("CONFIG", "SET", "hash-max-listpack-entries", "128");
    redis.call("CONFIG", "SET", "set-max-intset-entries", "100");
  }

  /** encoding, serializedlength and the list fields of DEBUG OBJECT key. */
  private String figures(String key) {
    String reply = redis.call("DEBUG", "OBJECT", key);
    Matcher m = REPLY.matcher(reply);
    assertThat(m.matches()).as(reply).isTrue();
    return m.group(2) + " " + m.group(3) + m.group(6);
  }

  private void pushAll(String command, String key, List<String> values) {
    List<String> argv = new ArrayList<>(List.of(command, key));
    argv.addAll(values);
    redis.call(argv.toArray(String[]::new));
  }

  @Test
  void stringsReportRedisSerializedLengths() {
    redis.call("SET", "int", "123");
    redis.call("SET", "short", "hello");
    redis.call("SET", "long int", "12345678901234");
    redis.call("SET", "negative", "-100000");
    assertThat(figures("int")).isEqualTo("int 2");
    assertThat(figures("short")).isEqualTo("embstr 6");
    assertThat(figures("long int")).isEqualTo("int 15");
    assertThat(figures("negative")).isEqualTo("int 5");
    assertThat(redis.call("DEBUG", "OBJECT", "int")).contains(" refcount:2147483647 ");
    assertThat(redis.call("DEBUG", "OBJECT", "short")).contains(" refcount:1 ");
  }

  @Test
  void listsReportTheirQuicklist() {
    redis.call("RPUSH", "l", "a", "b", "c", "1", "2", "3");
    assertThat(figures("l"))
        .isEqualTo(
            "quicklist 25 ql_nodes:1 ql_avg_node:6.00 ql_listpack_max:-2 ql_compressed:0"
                + " ql_uncompressed_size:22");
    List<String> elements = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      elements.add("element-" + i);
    }
    pushAll("RPUSH", "big", elements);
    // Redis's serializedlength (5067) is what LZF made of it: only the layout is compared.
    assertThat(figures("big"))
        .endsWith(
            " ql_nodes:2 ql_avg_node:500.00 ql_listpack_max:-2 ql_compressed:0"
                + " ql_uncompressed_size:12907");
  }

  @Test
  void theListFieldsFollowTheConfiguration() {
    redis.call("CONFIG", "SET", "list-max-listpack-size", "5");
    List<String> numbers = new ArrayList<>();
    for (int i = 1; i <= 23; i++) {
      numbers.add(Integer.toString(i));
    }
    pushAll("RPUSH", "l", numbers);
    assertThat(figures("l"))
        .isEqualTo(
            "quicklist 92 ql_nodes:5 ql_avg_node:4.60 ql_listpack_max:5 ql_compressed:0"
                + " ql_uncompressed_size:81");
    redis.call("CONFIG", "SET", "list-max-listpack-size", "-2");
    redis.call("CONFIG", "SET", "list-compress-depth", "1");
    redis.call("RPUSH", "xy", "x", "y");
    assertThat(figures("xy"))
        .isEqualTo(
            "quicklist 16 ql_nodes:1 ql_avg_node:2.00 ql_listpack_max:-2 ql_compressed:1"
                + " ql_uncompressed_size:13");
  }

  @Test
  void hashesSetsAndSortedSetsReportEachEncodingsLength() {
    for (int i = 1; i <= 200; i++) {
      redis.call("HSET", "hbig", "f" + i, "v");
      redis.call("ZADD", "zbig", Integer.toString(i), "m" + i);
      redis.call("SADD", "sbig", Integer.toString(i));
    }
    redis.call("HSET", "hsmall", "b", "1");
    redis.call("HSET", "hnumbers", "12345678", "-5000", "f", "9999999999");
    redis.call("SADD", "ssmall", "1", "2");
    redis.call("SADD", "swide", "70000", "1");
    redis.call("SADD", "swidest", "1", "5000000000");
    redis.call("ZADD", "zsmall", "2", "b");
    redis.call("ZADD", "zfloats", "0.5", "a", "-0", "b", "1e20", "c", "3.25", "d");

    assertThat(figures("hbig")).isEqualTo("hashtable 1294");
    assertThat(figures("hsmall")).isEqualTo("listpack 13");
    assertThat(figures("hnumbers")).isEqualTo("listpack 31");
    assertThat(figures("sbig")).isEqualTo("hashtable 475");
    assertThat(figures("ssmall")).isEqualTo("intset 13");
    assertThat(figures("swide")).isEqualTo("intset 17");
    assertThat(figures("swidest")).isEqualTo("intset 25");
    assertThat(figures("zbig")).isEqualTo("skiplist 2494");
    assertThat(figures("zsmall")).isEqualTo("listpack 13");
    assertThat(figures("zfloats")).isEqualTo("listpack 40");
  }

  @Test
  void idleTimeAndClockComeFromTheLastAccess() {
    redis.call("SET", "k", "v");
    redis.advanceMillis(5_000);
    String reply = redis.call("DEBUG", "OBJECT", "k");
    Matcher m = REPLY.matcher(reply);
    assertThat(m.matches()).isTrue();
    assertThat(m.group(5)).isEqualTo("5");
    assertThat(Long.parseLong(m.group(4))).isEqualTo((redis.now() / 1000 - 5) & ((1 << 24) - 1));
    // DEBUG OBJECT itself leaves the access clock alone.
    assertThat(redis.call("OBJECT", "IDLETIME", "k")).isEqualTo(":5\r\n");
    redis.call("GET", "k");
    assertThat(REPLY.matcher(redis.call("DEBUG", "OBJECT", "k")).replaceAll("$5")).isEqualTo("0");
  }

  @Test
  void theAddressIsStableForAValueAndDiffersBetweenValues() {
    redis.call("SET", "a", "1x");
    redis.call("SET", "b", "1x");
    String first = redis.call("DEBUG", "OBJECT", "a").split(" ")[1];
    assertThat(redis.call("DEBUG", "OBJECT", "a").split(" ")[1]).isEqualTo(first);
    assertThat(redis.call("DEBUG", "OBJECT", "b").split(" ")[1]).isNotEqualTo(first);
  }

  @Test
  void errorsAreRedisWords() {
    assertThat(redis.call("DEBUG", "OBJECT", "missing")).isEqualTo("-ERR no such key\r\n");
    String wrongArity =
        "-ERR unknown subcommand or wrong number of arguments for 'object'. Try DEBUG HELP.\r\n";
    assertThat(redis.call("DEBUG", "object")).isEqualTo(wrongArity);
    assertThat(redis.call("DEBUG", "object", "a", "b")).isEqualTo(wrongArity);
    assertThat(redis.call("DEBUG", "HELP")).contains("+OBJECT <key>\r\n");
  }
}
