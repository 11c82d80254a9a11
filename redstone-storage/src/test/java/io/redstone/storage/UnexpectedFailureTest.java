package io.redstone.storage;

import static io.redstone.storage.command.CommandSpec.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.config.ConfigRegistry;
import io.redstone.protocol.RespWriter;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.observe.FailureLog;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A command that fails unexpectedly (a bug, a reply too large for the heap) gets one error reply in
 * place of whatever it half wrote, and the commands around it are answered as usual: the client's
 * replies stay in step with its requests.
 */
class UnexpectedFailureTest {
  private final Engine engine =
      new Engine(
          ConfigRegistry.standard(),
          ServerIdentity.embedded(0),
          System::currentTimeMillis,
          CommandTable.standardFamilies()
              .add(
                  command("halfbug", 1)
                      .docs("Fails after writing part of an array.", "0.0.0", "O(1)")
                      .handler(
                          call -> {
                            call.reply().arrayHeader(3);
                            call.reply().bulk("first");
                            throw new IllegalStateException("a bug half-way through");
                          }))
              .add(
                  command("halfoom", 1)
                      .docs("Runs out of heap after writing part of an array.", "0.0.0", "O(1)")
                      .handler(
                          call -> {
                            call.reply().arrayHeader(2);
                            call.reply().bulk("first");
                            throw new OutOfMemoryError("Java heap space");
                          }))
              .build());
  private final ClientSession session = ClientSession.detached(1);
  private final RespWriter writer = new RespWriter();

  private void run(String... args) {
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    engine.execute(session, argv, writer);
  }

  private String replies() {
    return new String(writer.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void aBugHalfWayThroughAReplyLeavesOneErrorAndTheLaterRepliesInStep() {
    engine.clientConnected(session);
    run("SET", "k", "v");
    run("HALFBUG");
    run("GET", "k");
    assertThat(replies())
        .isEqualTo("+OK\r\n-ERR internal error while running 'halfbug'\r\n$1\r\nv\r\n");
  }

  @Test
  void runningOutOfHeapInAReplyAnswersThatCommandOnly() {
    engine.clientConnected(session);
    run("HALFOOM");
    run("SET", "after", "1");
    run("GET", "after");
    assertThat(replies())
        .isEqualTo("-ERR out of memory while running 'halfoom'\r\n+OK\r\n$1\r\n1\r\n");
  }

  @Test
  void failuresAreCountedAsFailedCallsAndErrorReplies() {
    engine.clientConnected(session);
    run("HALFBUG");
    run("HALFBUG");
    writer.reset();
    run("INFO", "commandstats");
    assertThat(replies()).contains("cmdstat_halfbug:calls=2,").contains("failed_calls=2");
    writer.reset();
    run("INFO", "stats");
    assertThat(replies()).contains("total_error_replies:2");
  }

  @Test
  void aCauseGetsOneStackTracePerIntervalAndALineEveryTime() {
    FailureLog failures =
        new FailureLog(LoggerFactory.getLogger(UnexpectedFailureTest.class), 60_000_000_000L);
    long start = 1_000;
    Throwable sameCause = new IllegalStateException("x");
    assertThat(failures.failed("Command 'get'", sameCause, start)).isTrue();
    assertThat(failures.failed("Command 'get'", sameCause, start + 1)).isFalse();
    assertThat(failures.failed("Command 'get'", new OutOfMemoryError(), start + 2))
        .as("another cause gets its own trace")
        .isTrue();
    assertThat(failures.failed("Command 'get'", sameCause, start + TimeUnit.MINUTES.toNanos(1)))
        .as("a minute later the cause is traced again")
        .isTrue();
  }
}
