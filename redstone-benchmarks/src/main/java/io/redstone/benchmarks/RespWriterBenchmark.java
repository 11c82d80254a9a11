package io.redstone.benchmarks;

import io.redstone.protocol.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reply encoding into the reused batch buffer, as the storage verticle does it: each benchmark
 * writes a batch of 16 replies (pipeline depth 16) after a reset, so the score per operation is one
 * reply's cost with the buffer already grown.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RespWriterBenchmark {
  private static final int BATCH = 16;

  private final RespWriter writer = new RespWriter();
  private byte[] small;
  private byte[] kilobyte;
  private byte[][] tenValues;

  @Setup
  public void setUp() {
    small = "xyz".getBytes(StandardCharsets.US_ASCII);
    kilobyte = new byte[1024];
    Arrays.fill(kilobyte, (byte) 'x');
    tenValues = new byte[10][];
    Arrays.fill(tenValues, small);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ok() {
    writer.reset();
    for (int i = 0; i < BATCH; i++) {
      writer.ok();
    }
    return writer.size();
  }

  /** INCR's replies: past the table of small pre-encoded integers. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int integer() {
    writer.reset();
    for (int i = 0; i < BATCH; i++) {
      writer.integer(1_000_000L + i);
    }
    return writer.size();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int bulkSmall() {
    writer.reset();
    for (int i = 0; i < BATCH; i++) {
      writer.bulk(small);
    }
    return writer.size();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int bulkKilobyte() {
    writer.reset();
    for (int i = 0; i < BATCH; i++) {
      writer.bulk(kilobyte);
    }
    return writer.size();
  }

  /** An MGET of ten keys: an array header and ten bulks. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int arrayOfTen() {
    writer.reset();
    for (int i = 0; i < BATCH; i++) {
      writer.arrayHeader(tenValues.length);
      for (byte[] v : tenValues) {
        writer.bulk(v);
      }
    }
    return writer.size();
  }
}
