package io.redstone.storage.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The interpreter stays an implementation detail of this package (see package-info). */
class InterpreterBoundaryTest {
  @Test
  void onlyTheScriptingPackageImportsLuaj() throws IOException {
    Path sources = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      List<String> offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.toString().contains("/storage/scripting/"))
              .filter(InterpreterBoundaryTest::importsLuaj)
              .map(Path::toString)
              .toList();
      assertThat(offenders).isEmpty();
    }
  }

  private static boolean importsLuaj(Path file) {
    try {
      return Files.readString(file).contains("import org.luaj.");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
