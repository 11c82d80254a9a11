package io.redstone.benchmarks;

import io.redstone.protocol.ParserLimits;
import io.redstone.protocol.ProtocolException;
import io.redstone.protocol.RequestParser;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One socket read's worth of pipelined requests through the parser, as the connection verticle
 * feeds it: {@code depth} commands alternating SET and GET, shaped like redis-benchmark's ({@code
 * key:000000012345}, values of {@code valueSize} bytes). The score is per read, so divide by {@code
 * depth} for a per-command cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestParserBenchmark {
  @Param({"1", "16"})
  int depth;

  @Param({"3", "1024"})
  int valueSize;

  private ByteBuffer pipelined;
  private ByteBuffer[] halves;
  private RequestParser parser;

  @Setup
  public void setUp() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] value = new byte[valueSize];
    Arrays.fill(value, (byte) 'x');
    for (int i = 0; i < depth; i++) {
      byte[] key =
          String.format("key:%012d", i * 7919 % 100_000).getBytes(StandardCharsets.US_ASCII);
      if (i % 2 == 0) {
        multibulk(out, "SET".getBytes(StandardCharsets.US_ASCII), key, value);
      } else {
        multibulk(out, "GET".getBytes(StandardCharsets.US_ASCII), key);
      }
    }
    byte[] bytes = out.toByteArray();
    pipelined = ByteBuffer.wrap(bytes);
    // A read that ends mid-command is the common case under load; the parser must resume cheaply.
    int cut = bytes.length / 2;
    halves =
        new ByteBuffer[] {
          ByteBuffer.wrap(bytes, 0, cut).slice(),
          ByteBuffer.wrap(bytes, cut, bytes.length - cut).slice()
        };
    parser = new RequestParser(ParserLimits.REDIS_DEFAULTS);
  }

  private static void multibulk(ByteArrayOutputStream out, byte[]... args) {
    out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] arg : args) {
      out.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(arg);
      out.writeBytes(new byte[] {'\r', '\n'});
    }
  }

  @Benchmark
  public void wholeRead(Blackhole bh) throws ProtocolException {
    pipelined.clear();
    parser.feed(pipelined, bh::consume);
  }

  @Benchmark
  public void splitRead(Blackhole bh) throws ProtocolException {
    for (ByteBuffer half : halves) {
      half.clear();
      parser.feed(half, bh::consume);
    }
  }
}
