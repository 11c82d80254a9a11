package io.redstone.server;

import io.redstone.config.CommandLine;
import io.redstone.config.ConfigFileException;
import io.redstone.config.ConfigLoader;
import io.redstone.config.ConfigRegistry;
import io.redstone.config.ConfigRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The configuration a server starts with, read as {@code redis-server} reads its arguments: the
 * config file, then standard input when asked, then the {@code --directive value} options. This is
 * the file side the storage module leaves to the server: reading files for {@code include} and
 * replacing the config file atomically for CONFIG REWRITE.
 *
 * @param config the loaded registry
 * @param configFile the config file's absolute path, or null when started without one
 * @param unsupportedDirectives directives Redis knows but Redstone ignores, to warn about
 */
record StartupConfig(ConfigRegistry config, Path configFile, List<String> unsupportedDirectives) {

  /** Loads defaults, file and options; a bad line throws with Redis's report of it. */
  static StartupConfig load(String... args) throws ConfigFileException {
    CommandLine commandLine = CommandLine.parse(args);
    ConfigRegistry config = ConfigRegistry.standard();
    ConfigLoader loader = new ConfigLoader(config, StartupConfig::read);
    loader.loadStartup(commandLine);
    Path configFile = null;
    if (commandLine.configFile() != null) {
      configFile = Path.of(commandLine.configFile()).toAbsolutePath();
      Path file = configFile;
      config.configFile(file.toString());
      config.fileRewriter(() -> rewrite(file, config));
    }
    List<String> unsupported = List.copyOf(loader.unsupportedDirectives());
    return new StartupConfig(config, configFile, unsupported);
  }

  private static String read(String path) throws IOException {
    if (path.equals("-")) {
      InputStream in = System.in;
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return Files.readString(Path.of(path), StandardCharsets.UTF_8);
  }

  /**
   * Writes the rewritten text beside the file, forces it to disk, then renames it over the old one,
   * so a crash leaves either the old file or the new one, never half of each.
   */
  private static void rewrite(Path file, ConfigRegistry config) throws IOException {
    String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    String text = ConfigRewriter.rewrite(old, config);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
