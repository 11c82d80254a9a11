package io.redstone.storage.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loaded hash, set or sorted set gets the encoding the thresholds at load time give it, by Redis
 * 7.0.15's RDB load rules (checked against redis-server with DEBUG RELOAD): a saved listpack or
 * intset converts when it has too many elements (its value lengths are not looked at); a saved
 * hashtable or skiplist comes back compact when it fits the thresholds.
 */
class LoadEncodingTest {
  private final EngineHarness redis = new EngineHarness();

  private void config(String name, String value) {
    assertThat(redis.call("CONFIG", "SET", name, value)).isEqualTo("+OK\r\n");
  }

  private String encoding(String key) {
    return redis.call("OBJECT", "ENCODING", key).split("\r\n")[1];
  }

  /** Each key's encoding after a save and a load under the configuration as it is now. */
  private Map<String, String> reloaded(String... keys) {
    EncodingLimits limits = EncodingLimits.of(redis.engine().config());
    Map<String, String> encodings = new LinkedHashMap<>();
    for (String key : keys) {
      byte[] name = key.getBytes(StandardCharsets.UTF_8);
      Object live = redis.engine().database(0).peek(name, redis.now()).value();
      Object loaded = Values.decode(Values.encode(live), limits);
      redis.engine().database(0).put(name, loaded, false, redis.now());
      encodings.put(key, encoding(key));
    }
    return encodings;
  }

  @Test
  void encodingsAreDecidedAgainByTheThresholdsAtLoad() {
    config("hash-max-listpack-entries", "1000");
    config("hash-max-listpack-value", "1000");
    config("zset-max-listpack-entries", "1000");
    config("zset-max-listpack-value", "1000");
    config("set-max-intset-entries", "1000");
    for (int i = 1; i <= 200; i++) {
      redis.call("HSET", "hbig", "f" + i, "v");
      redis.call("ZADD", "zbig", Integer.toString(i), "m" + i);
      redis.call("SADD", "sbig", Integer.toString(i));
    }
    String longText = "x".repeat(100);
    redis.call("HSET", "hlong", "a", longText);
    redis.call("ZADD", "zlong", "1", longText);
    config("hash-max-listpack-value", "64");
    config("zset-max-listpack-value", "64");
    redis.call("HSET", "htab", "a", longText, "b", "1");
    redis.call("HDEL", "htab", "a");
    redis.call("ZADD", "ztab", "1", longText, "2", "b");
    redis.call("ZREM", "ztab", longText);
    redis.call("SADD", "stab", "1", "2", "x");
    redis.call("SREM", "stab", "x");
    config("hash-max-listpack-entries", "128");
    config("zset-max-listpack-entries", "128");
    config("set-max-intset-entries", "512");
    assertThat(encoding("hbig") + encoding("htab") + encoding("ztab") + encoding("stab"))
        .isEqualTo("listpackhashtableskiplisthashtable");

    assertThat(reloaded("hbig", "zbig", "sbig", "hlong", "zlong", "htab", "ztab", "stab"))
        .containsExactly(
            Map.entry("hbig", "hashtable"),
            Map.entry("zbig", "skiplist"),
            Map.entry("sbig", "intset"),
            Map.entry("hlong", "listpack"),
            Map.entry("zlong", "listpack"),
            Map.entry("htab", "listpack"),
            Map.entry("ztab", "listpack"),
            Map.entry("stab", "intset"));
    config("set-max-intset-entries", "100");
    assertThat(reloaded("sbig")).containsEntry("sbig", "hashtable");
  }

  @Test
  void aBigTableWithShortElementsStaysATable() {
    // Past the defaults: hash-max-listpack-entries 512, zset-max-listpack-entries 128.
    for (int i = 0; i < 513; i++) {
      redis.call("HSET", "h", "f" + i, "v");
      redis.call("ZADD", "z", Integer.toString(i), "m" + i);
    }
    assertThat(reloaded("h", "z")).containsEntry("h", "hashtable").containsEntry("z", "skiplist");
    config("hash-max-listpack-entries", "600");
    config("zset-max-listpack-entries", "600");
    assertThat(reloaded("h", "z")).containsEntry("h", "listpack").containsEntry("z", "listpack");
  }
}
