package io.redstone.server;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where this build came from: its version and the jar it runs from. */
final class ServerVersion {
  private ServerVersion() {}

  /** The Redstone version from the jar's manifest, or {@code dev} when run from classes. */
  static String redstone() {
    String version = RedstoneServer.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** Absolute path of the jar or classes directory, as INFO's {@code executable}; else empty. */
  static String executable() {
    try {
      var source = RedstoneServer.class.getProtectionDomain().getCodeSource();
      return source == null ? "" : Path.of(source.getLocation().toURI()).toString();
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return "";
    }
  }
}
