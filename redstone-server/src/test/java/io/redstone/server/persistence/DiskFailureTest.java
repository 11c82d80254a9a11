package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.config.ConfigRegistry;
import io.redstone.persistence.aof.FaultInjectingLogChannel;
import io.redstone.protocol.RespWriter;
import io.redstone.server.testing.Eventually;
import io.redstone.server.testing.OnContext;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import io.redstone.storage.ServerIdentity;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fails under the log (a test double of the file channel): writes are refused with Redis's
 * MISCONF error while reads go on, nothing acknowledged is lost, and the server recovers by
 * rewriting the log from memory once the disk works again.
 */
class DiskFailureTest {
  @TempDir Path dataDir;

  private final Vertx vertx = Vertx.vertx();
  private final Context storage = vertx.getOrCreateContext();
  private final FaultInjectingLogChannel.Opener disks = new FaultInjectingLogChannel.Opener();
  private final AtomicBoolean fatal = new AtomicBoolean();
  private final AtomicLong durableSeq = new AtomicLong();
  private Engine engine;
  private ClientSession client;
  private PersistenceService service;

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      onStorage(
          () -> {
            service.close();
            return null;
          });
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private ConfigRegistry config(String fsync) throws Exception {
    ConfigRegistry config = ConfigRegistry.standard();
    config.set("appendonly", "yes");
    config.set("appendfsync", fsync);
    config.set("dir", dataDir.toString());
    return config;
  }

  private void open(String fsync, boolean faulty) throws Exception {
    engine = new Engine(config(fsync), ServerIdentity.embedded(0), System::currentTimeMillis);
    client = ClientSession.detached(1);
    PersistenceSetup setup =
        faulty
            ? PersistenceSetup.load(config(fsync), engine, "test", () -> fatal.set(true), disks)
            : PersistenceSetup.load(config(fsync), engine, "test", () -> fatal.set(true));
    service = onStorage(() -> setup.create(storage, durableSeq::set));
    onStorage(
        () -> {
          engine.clientConnected(client);
          return null;
        });
  }

  /** Runs {@code work} as one task on the storage loop: everything in it is one loop pass. */
  private <T> T onStorage(Supplier<T> work) throws Exception {
    return OnContext.call(storage, work);
  }

  /** Runs one command as the storage verticle would, and returns its reply as RESP text. */
  private String call(String... args) throws Exception {
    return onStorage(
        () -> {
          byte[][] argv = new byte[args.length][];
          for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
          }
          RespWriter reply = new RespWriter();
          engine.execute(client, argv, reply);
          service.endOfTurn();
          return new String(reply.array(), 0, reply.size(), StandardCharsets.UTF_8);
        });
  }

  private String persistenceField(String field) throws Exception {
    String info = call("INFO", "persistence");
    for (String line : info.split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    throw new AssertionError("no " + field);
  }

  @Test
  void aFullDiskRefusesWritesKeepsReadsAndRecoversByRewritingFromMemory() throws Exception {
    open("everysec", true);
    assertThat(call("SET", "a", "1")).isEqualTo("+OK\r\n");
    // The once-a-second fsync (the storage verticle's timer, called by hand here) makes a durable.
    onStorage(
        () -> {
          service.everySecond();
          return null;
        });
    Eventually.waitFor("a fsynced", Duration.ofSeconds(10), () -> durableSeq.get() >= 1);

    disks.last().diskFullAfter(0);
    // everysec answers before the write; the write then fails.
    assertThat(call("SET", "b", "2")).isEqualTo("+OK\r\n");
    // Until the failure reaches the storage thread, writes are still acknowledged; record which.
    List<String> acknowledged = new ArrayList<>();
    AtomicInteger attempt = new AtomicInteger();
    Eventually.waitFor(
        "writes to be refused",
        Duration.ofSeconds(10),
        () -> {
          try {
            String key = "c" + attempt.incrementAndGet();
            String reply = call("SET", key, "3");
            if (reply.equals("+OK\r\n")) {
              acknowledged.add(key);
              return false;
            }
            assertThat(reply).startsWith("-MISCONF Errors writing to the AOF file: ");
            return true;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    String refusedKey = "c" + attempt.get();
    assertThat(call("GET", "a")).isEqualTo("$1\r\n1\r\n");
    assertThat(call("PING")).startsWith("-MISCONF");
    assertThat(persistenceField("aof_last_write_status")).isEqualTo("err");

    // The disk has room again. The once-a-second check starts a rewrite from memory.
    disks.last().freeSpace();
    onStorage(
        () -> {
          service.everySecond();
          return null;
        });
    Eventually.waitFor(
        "writes to be accepted again",
        Duration.ofSeconds(30),
        () -> {
          try {
            onStorage(
                () -> {
                  service.tick();
                  return null;
                });
            return call("SET", "d", "4").equals("+OK\r\n");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(persistenceField("aof_last_write_status")).isEqualTo("ok");
    onStorage(
        () -> {
          service.close();
          return null;
        });
    service = null;

    // A restart finds everything acknowledged, b included, whose own append had failed.
    open("everysec", false);
    assertThat(call("GET", "a")).isEqualTo("$1\r\n1\r\n");
    assertThat(call("GET", "b")).isEqualTo("$1\r\n2\r\n");
    for (String key : acknowledged) {
      assertThat(call("GET", key)).as(key).isEqualTo("$1\r\n3\r\n");
    }
    assertThat(call("GET", refusedKey)).isEqualTo("$-1\r\n");
    assertThat(call("GET", "d")).isEqualTo("$1\r\n4\r\n");
    assertThat(fatal).isFalse();
  }

  @Test
  void aFailedFsyncUnderAlwaysStopsTheServerWithoutAcknowledging() throws Exception {
    open("always", true);
    assertThat(call("SET", "a", "1")).isEqualTo("+OK\r\n");
    Eventually.waitFor("a durable", Duration.ofSeconds(10), () -> durableSeq.get() >= 1);
    disks.last().failForce(1);
    call("SET", "b", "2");
    Eventually.waitFor("the fatal stop", Duration.ofSeconds(10), fatal::get);
    assertThat(durableSeq.get()).as("the write whose fsync failed is never durable").isEqualTo(1);
  }
}
