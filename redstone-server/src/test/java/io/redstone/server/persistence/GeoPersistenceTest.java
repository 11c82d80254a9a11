package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.PersistenceTesting;
import io.redstone.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.GeoCoordinate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.params.GeoRadiusParam;
import redis.clients.jedis.params.GeoRadiusStoreParam;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.Tuple;

/**
 * GEO indexes across a restart: GEOADD comes back from the log (it is logged as the ZADD it amounts
 * to), and so do stored searches, even when the index they searched has expired meanwhile (the log
 * holds what GEOSEARCHSTORE and GEORADIUS ... STORE stored, not the commands).
 */
class GeoPersistenceTest {
  @TempDir Path dataDir;

  /** Every sorted set, by key, with its members and scores. */
  private static Map<String, List<Tuple>> sortedSets(Jedis jedis) {
    Map<String, List<Tuple>> state = new TreeMap<>();
    for (String key : jedis.keys("*")) {
      state.put(key, jedis.zrangeWithScores(key, 0, -1));
    }
    return state;
  }

  @Test
  void theLogReplaysIndexesAndWhatEachSearchStored() throws InterruptedException {
    Map<String, List<Tuple>> before;
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      jedis.geoadd(
          "shops",
          Map.of(
              "dam", new GeoCoordinate(4.8897, 52.3731),
              "centraal", new GeoCoordinate(4.9003, 52.3792),
              "artis", new GeoCoordinate(4.9123, 52.3600)));
      jedis.geoadd("temporary", Map.of("a", new GeoCoordinate(4.89, 52.37)));
      jedis.pexpire("temporary", 1000);
      jedis.geosearchStoreStoreDist(
          "near-dam", "shops", new GeoSearchParam().fromMember("dam").byRadius(2, GeoUnit.KM));
      jedis.georadiusStore(
          "temporary",
          4.89,
          52.37,
          1,
          GeoUnit.KM,
          GeoRadiusParam.geoRadiusParam(),
          GeoRadiusStoreParam.geoRadiusStoreParam().store("copied"));
      before = sortedSets(jedis);
    }
    assertThat(before.get("near-dam")).hasSize(2);
    assertThat(before.get("copied")).extracting(Tuple::getElement).containsExactly("a");
    Thread.sleep(1100); // "temporary" has expired: a replayed GEORADIUS would find nothing
    try (TestServer server = PersistenceTesting.startIn(dataDir, "--appendonly", "yes");
        Jedis jedis = PersistenceTesting.client(server)) {
      assertThat(jedis.exists("temporary")).isFalse();
      before.remove("temporary");
      assertThat(sortedSets(jedis)).isEqualTo(before);
      assertThat(jedis.geodist("shops", "dam", "artis", GeoUnit.M)).isEqualTo(2116.3207);
    }
  }
}
