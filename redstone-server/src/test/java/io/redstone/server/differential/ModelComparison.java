package io.redstone.server.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a random model test needs to drive redis-server and the target with the same commands: the
 * two connections, the step it is at (for the failure message, with the seed that replays it), and
 * the comparisons of their replies.
 */
abstract class ModelComparison {
  private final long seed;
  protected RespClient redis;
  protected RespClient target;
  protected int step;
  private String lastCommand;

  /** A model test's steps, run once both servers are up and connected. */
  @FunctionalInterface
  protected interface Steps {
    void run() throws IOException;
  }

  /**
   * Starts redis-server and the target, connects to both and runs the steps; skips, saying why,
   * where redis-server is missing.
   */
  protected void compareWithRedis(Duration timeout, Steps steps) throws IOException {
    Optional<Path> binary = LocalEnvironment.onPath("redis-server");
    assumeTrue(binary.isPresent(), RedisServerProcess.MISSING);
    try (TestServer reference = RedisServerProcess.start(binary.get(), "redis-server");
        TestServer subject = Target.selected().start(binary.get());
        RespClient left = RespClient.connect(reference.port(), timeout);
        RespClient right = RespClient.connect(subject.port(), timeout)) {
      redis = left;
      target = right;
      steps.run();
    }
  }

  protected ModelComparison(long seed) {
    this.seed = seed;
  }

  /** Sends to both, comparing nothing: setting up state. */
  protected void both(String... argv) throws IOException {
    call(redis, argv);
    call(target, argv);
  }

  /** The replies must be the same bytes, every one of them (a long reply may differ late). */
  protected void same(String... argv) throws IOException {
    RespValue expected = call(redis, argv);
    RespValue actual = call(target, argv);
    assertThat(RespValue.escaped(actual.raw(), Integer.MAX_VALUE))
        .as(context())
        .isEqualTo(RespValue.escaped(expected.raw(), Integer.MAX_VALUE));
  }

  /** The replies must be the same once every aggregate's order is set aside. */
  protected void unordered(String... argv) throws IOException {
    RespValue expected = call(redis, argv);
    RespValue actual = call(target, argv);
    assertThat(RespValue.escaped(RespValue.unordered(actual), Integer.MAX_VALUE))
        .as(context())
        .isEqualTo(RespValue.escaped(RespValue.unordered(expected), Integer.MAX_VALUE));
  }

  /** One command on one side; a command to redis-server is the one a failure names. */
  protected RespValue call(RespClient client, String... argv) throws IOException {
    if (client == redis) {
      lastCommand = String.join(" ", argv);
    }
    return client.call(argv);
  }

  protected String context() {
    return "step " + step + " (seed " + seed + "): " + lastCommand;
  }
}
