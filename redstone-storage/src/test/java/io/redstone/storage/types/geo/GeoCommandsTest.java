package io.redstone.storage.types.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeoCommandsTest {
  private final EngineHarness redis = new EngineHarness();

  private static String bulk(String value) {
    return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
  }

  private static String array(String... items) {
    return "*" + items.length + "\r\n" + String.join("", items);
  }

  private List<String> effects() {
    return redis.mutations().stream()
        .map(m -> String.join(" ", m.argv()))
        .collect(Collectors.toList());
  }

  @BeforeEach
  void sicily() {
    redis.call(
        "GEOADD",
        "Sicily",
        "13.361389",
        "38.115556",
        "Palermo",
        "15.087269",
        "37.502669",
        "Catania");
  }

  @Test
  void geoaddIsLoggedAsTheZaddItAmountsTo() {
    assertThat(effects())
        .containsExactly("zadd Sicily 3479099956230698 Palermo 3479447370796909 Catania");
    redis.call("GEOADD", "Sicily", "CH", "XX", "13.361389", "38.115556", "Palermo", "0", "0", "x");
    redis.call("GEOADD", "Sicily", "CH", "0", "0", "Palermo");
    assertThat(effects()).hasSize(2).last().isEqualTo("zadd Sicily CH 3377699720527872 Palermo");
  }

  @Test
  void anIndexIsASortedSet() {
    assertThat(redis.call("TYPE", "Sicily")).isEqualTo("+zset\r\n");
    assertThat(redis.call("ZSCORE", "Sicily", "Palermo")).isEqualTo(bulk("3479099956230698"));
  }

  @Test
  void positionsAreDoublesInResp3() {
    assertThat(redis.call("GEOPOS", "Sicily", "Palermo", "nobody"))
        .isEqualTo(
            array(array(bulk("13.36138933897018433"), bulk("38.11555639549629859")), "*-1\r\n"));
    redis.call("HELLO", "3");
    assertThat(redis.call("GEOPOS", "Sicily", "Palermo", "nobody"))
        .isEqualTo(array(array(",13.36138933897018433\r\n", ",38.11555639549629859\r\n"), "_\r\n"));
  }

  @Test
  void distancesInEachUnit() {
    assertThat(redis.call("GEODIST", "Sicily", "Palermo", "Catania"))
        .isEqualTo(bulk("166274.1516"));
    assertThat(redis.call("GEODIST", "Sicily", "Palermo", "Catania", "km"))
        .isEqualTo(bulk("166.2742"));
    assertThat(redis.call("GEODIST", "Sicily", "Palermo", "Catania", "MI"))
        .isEqualTo(bulk("103.3182"));
    assertThat(redis.call("GEODIST", "Sicily", "Palermo", "Catania", "ft"))
        .isEqualTo(bulk("545518.8700"));
    assertThat(redis.call("GEODIST", "Sicily", "Palermo", "nobody")).isEqualTo("$-1\r\n");
  }

  @Test
  void geohashPrintsStandardGeohashes() {
    assertThat(redis.call("GEOHASH", "Sicily", "Palermo", "Catania"))
        .isEqualTo(array(bulk("sqc8b49rny0"), bulk("sqdtr74hyu0")));
  }

  @Test
  void searchWithEveryReplyOption() {
    assertThat(
            redis.call(
                "GEOSEARCH",
                "Sicily",
                "FROMLONLAT",
                "15",
                "37",
                "BYRADIUS",
                "200",
                "km",
                "ASC",
                "WITHDIST",
                "WITHHASH",
                "COUNT",
                "1"))
        .isEqualTo(array(array(bulk("Catania"), bulk("56.4413"), ":3479447370796909\r\n")));
  }

  @Test
  void storedResultsAreLoggedAsWhatWasStoredAndEmptyOnesDeleteTheDestination() {
    redis.call("SET", "dst", "old");
    redis.call(
        "GEOSEARCHSTORE",
        "dst",
        "Sicily",
        "FROMMEMBER",
        "Palermo",
        "BYRADIUS",
        "200",
        "km",
        "STOREDIST");
    assertThat(redis.call("ZRANGE", "dst", "0", "-1"))
        .isEqualTo(array(bulk("Palermo"), bulk("Catania")));
    assertThat(redis.call("ZSCORE", "dst", "Palermo")).isEqualTo(bulk("0"));
    redis.call("GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "near", "COUNT", "1");
    redis.call("GEORADIUS", "Sicily", "0", "0", "1", "km", "STORE", "dst");
    assertThat(redis.call("EXISTS", "dst")).isEqualTo(":0\r\n");
    redis.call("GEORADIUS", "Sicily", "0", "0", "1", "km", "STORE", "dst");
    redis.call("GEOSEARCHSTORE", "near", "nokey", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m");
    assertThat(effects())
        .containsExactly(
            "zadd Sicily 3479099956230698 Palermo 3479447370796909 Catania",
            "SET dst old",
            "DEL dst",
            "ZADD dst 0 Palermo 166.27415156960032 Catania",
            "ZADD near 3479447370796909 Catania",
            "DEL dst",
            "DEL near");
  }

  @Test
  void errorsNameTheCommandAsTyped() {
    assertThat(redis.call("GeoSearch", "Sicily", "BYRADIUS", "1", "km", "ASC", "WITHDIST"))
        .isEqualTo(
            "-ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for GeoSearch\r\n");
    assertThat(redis.call("GEOADD", "Sicily", "181", "0", "x"))
        .isEqualTo("-ERR invalid longitude,latitude pair 181.000000,0.000000\r\n");
    assertThat(redis.call("GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STORE", "x"))
        .isEqualTo("-ERR syntax error\r\n");
  }

  @Test
  void theTypeIsCheckedBeforeAnyArgument() {
    redis.call("SET", "s", "v");
    assertThat(redis.call("GEOSEARCH", "s", "bogus", "x", "y", "z", "w")).startsWith("-WRONGTYPE");
    assertThat(redis.call("GEOADD", "s", "200", "0", "x")).startsWith("-ERR invalid longitude");
  }
}
