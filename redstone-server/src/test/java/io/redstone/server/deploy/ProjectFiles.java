package io.redstone.server.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's root, where the Dockerfile and the Compose file live, from a test. */
final class ProjectFiles {
  private ProjectFiles() {}

  /** The nearest directory up from the working directory that holds {@code docker-compose.yml}. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve("docker-compose.yml")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "no docker-compose.yml above " + Path.of("").toAbsolutePath() + ": run from the project");
  }
}
