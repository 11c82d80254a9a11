package io.redstone.server.testing;

import java.nio.file.Path;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/** What the in-process persistence tests share: a server on a data directory, and its INFO. */
public final class PersistenceTesting {
  private PersistenceTesting() {}

  /** Starts a server keeping its files in {@code dataDir}; {@code more} directives come after. */
  public static TestServer startIn(Path dataDir, String... more) {
    return TestServer.start(
        Stream.concat(Stream.of("--dir", dataDir.toString()), Stream.of(more))
            .toArray(String[]::new));
  }

  /** A client with a timeout long enough for SAVE and DEBUG RELOAD on a slow machine. */
  public static Jedis client(TestServer server) {
    return new Jedis("127.0.0.1", server.port(), 15_000);
  }

  /** One field of INFO persistence. */
  public static String persistenceInfo(Jedis jedis, String field) {
    for (String line : jedis.info("persistence").split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    throw new AssertionError("no " + field + " in INFO persistence");
  }
}
