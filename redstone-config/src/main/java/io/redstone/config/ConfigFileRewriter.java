package io.redstone.config;

import java.io.IOException;

/**
 * CONFIG REWRITE's file side, supplied by the server (storage does no file I/O): read the config
 * file, pass it through {@link ConfigRewriter#rewrite}, and replace it atomically.
 */
@FunctionalInterface
public interface ConfigFileRewriter {
  /**
   * @throws IOException whose message becomes the reply {@code ERR Rewriting config file:
   *     <message>}
   */
  void rewrite() throws IOException;
}
