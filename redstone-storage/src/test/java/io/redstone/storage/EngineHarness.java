package io.redstone.storage;

import io.redstone.config.ConfigException;
import io.redstone.config.ConfigRegistry;
import io.redstone.protocol.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives an engine the way a connection does, with a clock the test moves, and shows each reply as
 * its RESP text ({@code "+OK\r\n"}), so assertions state exactly what a client would read.
 */
public final class EngineHarness {
  /** One write effect the engine streamed: database and argv as text. */
  public record Mutation(int db, List<String> argv) {}

  private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
  private final Engine engine;
  private final ClientSession session;
  private final RespWriter writer = new RespWriter();
  private final List<Mutation> mutations = new ArrayList<>();

  public EngineHarness() {
    this(ConfigRegistry.standard());
  }

  public EngineHarness(ConfigRegistry config) {
    engine = new Engine(config, ServerIdentity.embedded(clock.get()), clock::get);
    engine.mutationSink(
        (db, argv) -> {
          List<String> text = new ArrayList<>();
          for (byte[] arg : argv) {
            text.add(new String(arg, StandardCharsets.UTF_8));
          }
          mutations.add(new Mutation(db, text));
        });
    session = newSession(1);
  }

  /**
   * An engine started with these directives, as a config file would set them (immutable ones
   * included): {@code configuredWith("requirepass", "s3cret", "enable-debug-command", "yes")}.
   */
  public static EngineHarness configuredWith(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("a directive without a value: " + namesAndValues.length);
    }
    ConfigRegistry config = ConfigRegistry.standard();
    try {
      for (int i = 0; i < namesAndValues.length; i += 2) {
        config.set(namesAndValues[i], namesAndValues[i + 1]);
      }
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e);
    }
    return new EngineHarness(config);
  }

  /** A further client of the same engine, registered as connected. */
  public ClientSession newSession(long id) {
    ClientSession client = ClientSession.detached(id);
    engine.clientConnected(client);
    return client;
  }

  /**
   * A further client whose unsolicited output (pub/sub messages, MONITOR lines) is kept, as RESP
   * text, in {@code pushed}.
   */
  public ClientSession newListeningSession(long id, List<String> pushed) {
    ClientSession client =
        new ClientSession(
            id,
            "127.0.0.1:" + (40000 + id),
            "",
            clock.get(),
            new ClientSession.Link() {
              @Override
              public void closeAfterReplies() {}

              @Override
              public void push(byte[] bytes) {
                pushed.add(new String(bytes, StandardCharsets.UTF_8));
              }
            });
    engine.clientConnected(client);
    return client;
  }

  /** Runs a command as the default client and returns its reply as RESP text. */
  public String call(String... args) {
    return callAs(session, args);
  }

  public String callAs(ClientSession client, String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return call(client, argv);
  }

  public String call(ClientSession client, byte[]... argv) {
    writer.reset();
    writer.protocol(client.protocol());
    engine.execute(client, argv, writer);
    return new String(writer.array(), 0, writer.size(), StandardCharsets.UTF_8);
  }

  public long now() {
    return clock.get();
  }

  public void advanceMillis(long millis) {
    clock.addAndGet(millis);
  }

  public Engine engine() {
    return engine;
  }

  public ClientSession session() {
    return session;
  }

  /** The write effects streamed so far, oldest first. */
  public List<Mutation> mutations() {
    return mutations;
  }
}
