package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.server.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.GeoCoordinate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GeoRadiusParam;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.GeoRadiusResponse;

/**
 * A store finder through Jedis: shops indexed with GEOADD, the nearest ones to a customer found
 * with GEOSEARCH BYRADIUS WITHDIST ASC COUNT. The expected members and distances are what Redis
 * 7.0.15 answers for the same data.
 */
class JedisGeoTest {
  private static TestServer server;
  private Jedis jedis;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void connect() {
    jedis = new Jedis("127.0.0.1", server.port());
    jedis.flushAll();
    Map<String, GeoCoordinate> shops = new LinkedHashMap<>();
    shops.put("dam", new GeoCoordinate(4.8897, 52.3731));
    shops.put("leidseplein", new GeoCoordinate(4.8834, 52.3600));
    shops.put("rembrandtplein", new GeoCoordinate(4.9003, 52.3667));
    shops.put("museumplein", new GeoCoordinate(4.8852, 52.3584));
    shops.put("artis", new GeoCoordinate(4.9123, 52.3600));
    shops.put("jordaan", new GeoCoordinate(4.8770, 52.3792));
    shops.put("centraal", new GeoCoordinate(4.9003, 52.3792));
    shops.put("ajax", new GeoCoordinate(4.9530, 52.3400));
    shops.put("schiphol", new GeoCoordinate(4.7640, 52.3080));
    assertThat(jedis.geoadd("shops", shops)).isEqualTo(9);
  }

  @Test
  void theNearestShopsComeFirstWithTheirDistances() {
    List<GeoRadiusResponse> nearest =
        jedis.geosearch(
            "shops",
            new GeoSearchParam()
                .fromLonLat(4.8910, 52.3700)
                .byRadius(2, GeoUnit.KM)
                .withDist()
                .asc()
                .count(3));
    assertThat(nearest)
        .extracting(GeoRadiusResponse::getMemberByString)
        .containsExactly("dam", "rembrandtplein", "centraal");
    assertThat(nearest)
        .extracting(GeoRadiusResponse::getDistance)
        .containsExactly(0.3558, 0.7307, 1.2026);

    List<GeoRadiusResponse> all =
        jedis.geosearch(
            "shops",
            new GeoSearchParam()
                .fromLonLat(4.8910, 52.3700)
                .byRadius(2, GeoUnit.KM)
                .withDist()
                .asc());
    assertThat(all)
        .extracting(GeoRadiusResponse::getMemberByString)
        .containsExactly(
            "dam", "rembrandtplein", "centraal", "leidseplein", "museumplein", "jordaan", "artis");
    assertThat(all).extracting(GeoRadiusResponse::getDistance).isSorted().allMatch(d -> d <= 2);
  }

  @Test
  void positionsDistancesAndBoxes() {
    assertThat(jedis.geodist("shops", "dam", "schiphol", GeoUnit.KM)).isEqualTo(11.1982);
    List<GeoRadiusResponse> around =
        jedis.georadius(
            "shops",
            4.8910,
            52.3700,
            1,
            GeoUnit.KM,
            GeoRadiusParam.geoRadiusParam().withCoord().withDist().sortAscending());
    assertThat(around)
        .extracting(GeoRadiusResponse::getMemberByString)
        .containsExactly("dam", "rembrandtplein");
    assertThat(around.get(0).getCoordinate())
        .isEqualTo(new GeoCoordinate(4.88970190286636353, 52.37309930577733041));
    assertThat(
            jedis.geosearch(
                "shops", new GeoSearchParam().fromMember("dam").byBox(3, 3, GeoUnit.KM).asc()))
        .extracting(GeoRadiusResponse::getMemberByString)
        .containsExactly("dam", "centraal", "rembrandtplein", "jordaan", "leidseplein");
    assertThat(jedis.geopos("shops", "nowhere")).containsExactly((GeoCoordinate) null);
  }

  @Test
  void aStoredSearchIsASortedSetOfDistances() {
    long stored =
        jedis.geosearchStoreStoreDist(
            "nearby", "shops", new GeoSearchParam().fromMember("dam").byRadius(1, GeoUnit.KM));
    assertThat(stored).isEqualTo(jedis.zcard("nearby"));
    assertThat(jedis.zscore("nearby", "dam")).isZero();
    assertThat(jedis.zrange("nearby", 0, -1).get(0)).isEqualTo("dam");
  }

  @Test
  void badInputGetsRedissErrors() {
    assertThatThrownBy(() -> jedis.geoadd("shops", 200, 0, "moon"))
        .isInstanceOf(JedisDataException.class)
        .hasMessage("ERR invalid longitude,latitude pair 200.000000,0.000000");
    assertThatThrownBy(
            () ->
                jedis.geosearch(
                    "shops", new GeoSearchParam().fromMember("nowhere").byRadius(1, GeoUnit.KM)))
        .hasMessage("ERR could not decode requested zset member");
  }
}
