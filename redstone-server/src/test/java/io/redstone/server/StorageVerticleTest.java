package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.StorageMessage.ClientConnected;
import io.redstone.server.StorageMessage.ClientDisconnected;
import io.redstone.server.StorageMessage.CommandBatch;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The storage verticle alone: batches in, one reply buffer out, sessions registered. */
@ExtendWith(VertxExtension.class)
class StorageVerticleTest {
  private final DeliveryOptions delivery =
      new DeliveryOptions().setLocalOnly(true).setCodecName(LocalMessageCodec.NAME);
  private Engine engine;
  private StorageVerticle storage;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    vertx.eventBus().registerCodec(new LocalMessageCodec());
    engine = Engine.withDefaults();
    storage = new StorageVerticle(engine);
    vertx.deployVerticle(storage).onComplete(context.succeedingThenComplete());
  }

  @Test
  void answersAWholeBatchInOneBufferInOrder(Vertx vertx, VertxTestContext context) {
    ClientSession session = ClientSession.detached(7);
    vertx.eventBus().send(StorageVerticle.ADDRESS, new ClientConnected(session), delivery);
    ReplyTarget replies =
        (buffer, end) ->
            context.verify(
                () -> {
                  assertThat(buffer.toString(StandardCharsets.UTF_8))
                      .isEqualTo("+PONG\r\n$2\r\nhi\r\n+PONG\r\n");
                  // Runs on the storage thread, so the engine may be read here.
                  assertThat(engine.clients().get(7)).isSameAs(session);
                  assertThat(engine.stats().connectionsReceived).isEqualTo(1);
                  assertThat(engine.stats().netInputBytes).isEqualTo(42);
                  assertThat(engine.stats().netOutputBytes).isEqualTo(buffer.length());
                  assertThat(engine.stats().commandsProcessed).isEqualTo(3);
                  context.completeNow();
                });
    vertx
        .eventBus()
        .send(
            StorageVerticle.ADDRESS,
            new CommandBatch(
                session, List.of(argv("PING"), argv("ECHO", "hi"), argv("PING")), 42, replies),
            delivery);
  }

  @Test
  void stopsRunningABatchOnceTheSessionIsClosing(Vertx vertx, VertxTestContext context) {
    ClientSession session = ClientSession.detached(8);
    session.close();
    vertx
        .eventBus()
        .send(
            StorageVerticle.ADDRESS,
            new CommandBatch(
                session,
                List.<byte[][]>of(argv("PING")),
                14,
                (buffer, end) ->
                    context.verify(
                        () -> {
                          assertThat(buffer.length()).isZero();
                          assertThat(engine.stats().commandsProcessed).isZero();
                          context.completeNow();
                        })),
            delivery);
  }

  @Test
  void forgetsADisconnectedSession(Vertx vertx, VertxTestContext context) {
    ClientSession session = ClientSession.detached(9);
    vertx.eventBus().send(StorageVerticle.ADDRESS, new ClientConnected(session), delivery);
    vertx.eventBus().send(StorageVerticle.ADDRESS, new ClientDisconnected(session), delivery);
    ClientSession probe = ClientSession.detached(10);
    vertx
        .eventBus()
        .send(
            StorageVerticle.ADDRESS,
            new CommandBatch(
                probe,
                List.<byte[][]>of(argv("PING")),
                0,
                (buffer, end) ->
                    context.verify(
                        () -> {
                          assertThat(engine.clients().get(9)).isNull();
                          assertThat(engine.stats().connectionsReceived).isEqualTo(1);
                          context.completeNow();
                        })),
            delivery);
  }

  @Test
  void aLinkFromItsOwnLoopHandsMessagesOverBeforeSendReturns(
      Vertx vertx, VertxTestContext context) {
    ClientSession probe = ClientSession.detached(11);
    ClientSession linked = ClientSession.detached(12);
    ReplyTarget onStorageThread =
        (buffer, end) ->
            context.verify(
                () -> {
                  Context storageLoop = Vertx.currentContext();
                  StorageLink link = storage.linkFrom(storageLoop);
                  link.send(new ClientConnected(linked));
                  assertThat(engine.clients().get(12)).isSameAs(linked);
                  link.send(new ClientDisconnected(linked));
                  assertThat(engine.clients().get(12)).isNull();
                  assertThat(Vertx.currentContext()).isSameAs(storageLoop);
                  context.completeNow();
                });
    vertx
        .eventBus()
        .send(
            StorageVerticle.ADDRESS,
            new CommandBatch(probe, List.<byte[][]>of(argv("PING")), 0, onStorageThread),
            delivery);
  }

  private static byte[][] argv(String... words) {
    byte[][] argv = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return argv;
  }
}
