package io.redstone.server;

import java.util.ArrayList;
import java.util.List;

/**
 * One address of the {@code bind} directive, or of {@code metrics-bind}, which shares its syntax. A
 * leading {@code -} marks it optional: the server starts without it when the address is not
 * available on this host (Redis's {@code -::1}).
 *
 * @param host the address to listen on; Redis's {@code *} and {@code ::*} become the wildcards
 */
public record BindAddress(String host, boolean optional) {

  /** Parses a {@code bind} value such as {@code "127.0.0.1 -::1"}. */
  public static List<BindAddress> parseAll(String bind) {
    List<BindAddress> addresses = new ArrayList<>();
    for (String word : bind.strip().split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      boolean optional = word.startsWith("-");
      String host = optional ? word.substring(1) : word;
      addresses.add(new BindAddress(wildcard(host), optional));
    }
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("bind needs at least one address");
    }
    return List.copyOf(addresses);
  }

  /**
   * Whether a failure to listen on this address may be passed over: only for an optional address,
   * and not when another process holds the port (Redis skips an address the host lacks, not one in
   * use).
   */
  public boolean skippableAfter(Throwable failure) {
    return optional && !String.valueOf(failure.getMessage()).contains("Address already in use");
  }

  private static String wildcard(String host) {
    return switch (host) {
      case "*" -> "0.0.0.0";
      case "::*" -> "::";
      default -> host;
    };
  }
}
