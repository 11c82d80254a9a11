package io.redstone.storage.types.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import io.redstone.storage.notify.EventLog;
import org.junit.jupiter.api.Test;

/** The keyspace events of the GEO commands, as Redis 7.0's geo.c (and t_zset.c for GEOADD). */
class GeoNotificationsTest {
  private final EngineHarness redis = new EngineHarness();
  private final EventLog log = EventLog.subscribe(redis, "EAn");

  @Test
  void addIsZaddWhenSomethingChanged() {
    redis.call("GEOADD", "g", "13.361389", "38.115556", "Palermo");
    redis.call("GEOADD", "g", "13.361389", "38.115556", "Palermo");
    redis.call("GEOADD", "g", "XX", "15.087269", "37.502669", "Catania");
    redis.call("GEOADD", "g", "15.087269", "37.502669", "Catania");
    assertThat(log.events()).containsExactly("new g", "zadd g", "zadd g");
  }

  @Test
  void storesNameTheirCommandOnTheDestination() {
    redis.call(
        "GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania");
    log.events();
    redis.call("GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km");
    redis.call(
        "GEOSEARCHSTORE", "d", "g", "FROMMEMBER", "Palermo", "BYBOX", "1", "1", "km", "STOREDIST");
    redis.call("GEORADIUS", "g", "15", "37", "200", "km", "STORE", "r");
    redis.call("GEORADIUSBYMEMBER", "g", "Palermo", "10", "km", "STOREDIST", "r");
    redis.call("GEORADIUS", "g", "15", "37", "200", "km");
    assertThat(log.events())
        .containsExactly(
            "new d",
            "geosearchstore d",
            "geosearchstore d",
            "new r",
            "georadiusstore r",
            "georadiusstore r");
  }

  @Test
  void anEmptyResultDeletesAnExistingDestination() {
    redis.call("GEOADD", "g", "13.361389", "38.115556", "Palermo");
    redis.call("SET", "d", "x");
    redis.call("SET", "r", "x");
    log.events();
    redis.call("GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km");
    redis.call("GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km");
    redis.call("GEORADIUS", "nosource", "0", "0", "1", "km", "STORE", "r");
    redis.call("GEORADIUS", "nosource", "0", "0", "1", "km", "STORE", "r");
    assertThat(log.events()).containsExactly("del d", "del r");
  }
}
