package io.redstone.benchmarks;

import io.redstone.protocol.RespWriter;
import io.redstone.storage.ClientSession;
import io.redstone.storage.Engine;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One command through the engine into a reply buffer: command lookup, arity check, the keyspace,
 * stats and reply encoding, i.e. the storage verticle's share of a request without the event bus
 * and sockets. Keys over 100,000, 3-byte values, as in bench/compare.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
  private static final int KEYS = 100_000;
  private static final int STRIDE = 7919;
  private static final byte[] SET = bytes("SET");
  private static final byte[] GET = bytes("GET");
  private static final byte[] INCR = bytes("INCR");

  private Engine engine;
  private ClientSession session;
  private final RespWriter reply = new RespWriter();
  private byte[][] keys;
  private byte[][] counters;
  private final byte[] value = bytes("xyz");
  private int next;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Setup
  public void setUp() {
    engine = Engine.withDefaults();
    session = ClientSession.detached(1);
    keys = new byte[KEYS][];
    counters = new byte[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = bytes(String.format("key:%012d", i));
      counters[i] = bytes(String.format("counter:%08d", i));
      engine.execute(session, new byte[][] {SET, keys[i], value}, reply);
      reply.reset();
    }
  }

  private int nextIndex() {
    next += STRIDE;
    if (next >= KEYS) {
      next -= KEYS;
    }
    return next;
  }

  @Benchmark
  public int set() {
    reply.reset();
    engine.execute(session, new byte[][] {SET, keys[nextIndex()], value}, reply);
    return reply.size();
  }

  @Benchmark
  public int get() {
    reply.reset();
    engine.execute(session, new byte[][] {GET, keys[nextIndex()]}, reply);
    return reply.size();
  }

  @Benchmark
  public int incr() {
    reply.reset();
    engine.execute(session, new byte[][] {INCR, counters[nextIndex()]}, reply);
    return reply.size();
  }
}
