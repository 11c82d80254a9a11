package io.redstone.server.metrics;

import io.redstone.config.ConfigRegistry;
import io.redstone.server.BindAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where the Prometheus endpoint listens and who may read it: {@code metrics-port}, {@code
 * metrics-bind} (its own addresses, in {@code bind}'s syntax; the loopback by default, whatever
 * {@code bind} says) and {@code metrics-user}/{@code metrics-password}. All set at start only.
 *
 * @param port the HTTP port; 0 means no endpoint
 * @param addresses where to listen
 * @param auth the credentials a scrape must give, or null for none
 */
public record MetricsSettings(int port, List<BindAddress> addresses, BasicAuth auth) {

  public MetricsSettings {
    addresses = List.copyOf(addresses);
  }

  /** Reads the directives; an unusable combination fails with a message naming them. */
  public static MetricsSettings from(ConfigRegistry config) {
    String bind = config.get("metrics-bind");
    if (bind.isBlank()) {
      throw new IllegalArgumentException(
          "metrics-bind needs at least one address (metrics-port 0 turns the endpoint off)");
    }
    return new MetricsSettings(
        config.getInt("metrics-port"),
        BindAddress.parseAll(bind),
        BasicAuth.of(config.get("metrics-user"), config.get("metrics-password")));
  }

  public boolean enabled() {
    return port > 0;
  }

  /**
   * Whether another host could reach the endpoint: an address that is not a loopback one (the
   * wildcards included, and a name that does not resolve, to be safe).
   */
  public boolean reachableFromOtherHosts() {
    for (BindAddress address : addresses) {
      try {
        if (!InetAddress.getByName(address.host()).isLoopbackAddress()) {
          return true;
        }
      } catch (UnknownHostException e) {
        return true;
      }
    }
    return false;
  }
}
