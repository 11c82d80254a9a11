package io.redstone.server;

import static io.redstone.storage.command.CommandSpec.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.config.ConfigRegistry;
import io.redstone.server.StorageMessage.ClientConnected;
import io.redstone.server.StorageMessage.CommandBatch;
import io.redstone.server.StorageMessage.OutputDrained;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import io.redstone.storage.ServerIdentity;
import io.redstone.storage.command.CommandTable;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How the storage verticle hands a batch's replies out: in chunks that end on reply boundaries,
 * stopping and going on as the connection's output fills and drains, and one error reply for a
 * command that fails unexpectedly, with the batch's other replies in step.
 */
@ExtendWith(VertxExtension.class)
class BatchRepliesTest {
  private final DeliveryOptions delivery =
      new DeliveryOptions().setLocalOnly(true).setCodecName(LocalMessageCodec.NAME);
  private Vertx vertx;
  private long nextSession = 100;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    vertx.eventBus().registerCodec(new LocalMessageCodec());
    Engine engine =
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
                              call.reply().arrayHeader(2);
                              call.reply().bulk("first");
                              throw new IllegalStateException("injected");
                            }))
                .build());
    vertx
        .deployVerticle(new StorageVerticle(engine))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** Records the chunks of one batch; says the output is full with the given probability. */
  private final class Recorder implements ReplyTarget {
    final ClientSession session = ClientSession.detached(nextSession++);
    final List<byte[]> chunks = new ArrayList<>();
    final List<Boolean> ends = new ArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final Random random;
    final double fullness;
    int stops;

    Recorder(Random random, double fullness) {
      this.random = random;
      this.fullness = fullness;
    }

    @Override
    public void replies(Buffer chunk, boolean endOfBatch) {
      chunks.add(chunk.getBytes());
      ends.add(endOfBatch);
      if (endOfBatch) {
        done.complete(null);
      }
    }

    @Override
    public boolean outputFull() {
      return random.nextDouble() < fullness;
    }

    @Override
    public void notifyWhenDrained() {
      stops++;
      vertx.runOnContext(
          v ->
              vertx.eventBus().send(StorageVerticle.ADDRESS, new OutputDrained(session), delivery));
    }

    byte[] all() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      chunks.forEach(out::writeBytes);
      return out.toByteArray();
    }
  }

  private Recorder run(Recorder target, List<byte[][]> commands) throws Exception {
    vertx.eventBus().send(StorageVerticle.ADDRESS, new ClientConnected(target.session), delivery);
    vertx
        .eventBus()
        .send(
            StorageVerticle.ADDRESS,
            new CommandBatch(target.session, commands, 0, target),
            delivery);
    target.done.get(10, TimeUnit.SECONDS);
    return target;
  }

  @Test
  void chunksEndOnReplyBoundariesWhereverTheThresholdFalls() throws Exception {
    int chunk = StorageVerticle.CHUNK_BYTES;
    // The first reply ends just below, at, and just above the threshold, and so do later sums.
    for (int shift = -24; shift <= 24; shift++) {
      List<byte[]> payloads =
          List.of(
              filled(chunk - 8 + shift),
              filled(1),
              filled(chunk / 2),
              filled(chunk / 2 + shift + 30),
              filled(0),
              filled(3 * chunk + shift));
      checkChunks(run(new Recorder(new Random(shift), 0), echoes(payloads)), payloads, 0);
    }
  }

  @Test
  void aBatchStoppedByFullOutputGoesOnWhereItStoppedUntilEveryReplyIsOut() throws Exception {
    Random random = new Random(7);
    int stopped = 0;
    for (int round = 0; round < 60; round++) {
      List<byte[]> payloads = new ArrayList<>();
      int count = 1 + random.nextInt(40);
      for (int i = 0; i < count; i++) {
        payloads.add(
            filled(random.nextInt(random.nextBoolean() ? 100 : 3 * StorageVerticle.CHUNK_BYTES)));
      }
      Recorder recorder = run(new Recorder(random, 0.5), echoes(payloads));
      checkChunks(recorder, payloads, recorder.stops);
      stopped += recorder.stops;
    }
    assertThat(stopped).as("batches that stopped for output and went on").isPositive();
  }

  @Test
  void aCommandThatFailsUnexpectedlyGetsOneErrorAndTheRestOfTheBatchItsReplies() throws Exception {
    Recorder recorder =
        run(
            new Recorder(new Random(1), 0),
            List.of(argv("SET", "a", "1"), argv("HALFBUG"), argv("GET", "a"), argv("PING")));
    assertThat(new String(recorder.all(), StandardCharsets.UTF_8))
        .isEqualTo("+OK\r\n-ERR internal error while running 'halfbug'\r\n$1\r\n1\r\n+PONG\r\n");
    assertThat(recorder.ends).containsExactly(true);
  }

  /**
   * The chunks carry exactly the replies, in order; each but the last ends on a reply boundary and
   * holds at least a chunk's worth; only the last says it ends the batch.
   */
  private static void checkChunks(Recorder recorder, List<byte[]> payloads, int stops) {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    TreeSet<Integer> boundaries = new TreeSet<>();
    for (byte[] payload : payloads) {
      expected.writeBytes(("$" + payload.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      expected.writeBytes(payload);
      expected.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      boundaries.add(expected.size());
    }
    assertThat(recorder.all()).isEqualTo(expected.toByteArray());
    int last = recorder.chunks.size() - 1;
    assertThat(recorder.ends.subList(0, last)).doesNotContain(true);
    assertThat(recorder.ends.get(last)).isTrue();
    int offset = 0;
    for (int i = 0; i < last; i++) {
      offset += recorder.chunks.get(i).length;
      assertThat(boundaries).as("chunk %d ends on a reply boundary", i).contains(offset);
      assertThat(recorder.chunks.get(i).length).isGreaterThanOrEqualTo(StorageVerticle.CHUNK_BYTES);
    }
    assertThat(recorder.stops).isEqualTo(stops);
  }

  private static List<byte[][]> echoes(List<byte[]> payloads) {
    List<byte[][]> commands = new ArrayList<>();
    for (byte[] payload : payloads) {
      commands.add(new byte[][] {"ECHO".getBytes(StandardCharsets.US_ASCII), payload});
    }
    return commands;
  }

  private static byte[] filled(int length) {
    byte[] value = new byte[length];
    Arrays.fill(value, (byte) 'x');
    return value;
  }

  private static byte[][] argv(String... words) {
    byte[][] argv = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return argv;
  }
}
