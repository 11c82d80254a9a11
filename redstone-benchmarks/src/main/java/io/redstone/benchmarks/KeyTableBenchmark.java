package io.redstone.benchmarks;

import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.keyspace.KeyTable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The keyspace hash table alone: lookups that hit and miss, the overwrite a SET on an existing key
 * does, delete-then-insert at a steady size, and a fill from empty that goes through every
 * incremental rehash. Keys are redis-benchmark's shape ({@code key:000000012345}); the lookup order
 * is a fixed stride through the keys so it is not the insertion order.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeyTableBenchmark {
  /** Keys in the table; the stride below is coprime with both. */
  @Param({"100000", "1000000"})
  int size;

  private static final int STRIDE = 7919;

  private byte[][] keys;
  private byte[][] absent;
  private KeyTable table;
  private final byte[] value = "xyz".getBytes(StandardCharsets.US_ASCII);
  private int next;

  @Setup
  public void setUp() {
    keys = new byte[size][];
    absent = new byte[size][];
    table = new KeyTable(0x5eed);
    for (int i = 0; i < size; i++) {
      keys[i] = key("key:", i);
      absent[i] = key("nokey", i);
      table.add(keys[i], value);
    }
    // Settle any rehash the last add started, so every benchmark reads a table at rest.
    while (table.rehashStep(1000)) {
      // keep stepping
    }
  }

  private static byte[] key(String prefix, int i) {
    return String.format("%s%012d", prefix, i).getBytes(StandardCharsets.US_ASCII);
  }

  private int nextIndex() {
    next += STRIDE;
    if (next >= size) {
      next -= size;
    }
    return next;
  }

  @Benchmark
  public Entry getHit() {
    return table.get(keys[nextIndex()]);
  }

  @Benchmark
  public Entry getMiss() {
    return table.get(absent[nextIndex()]);
  }

  /** What SET does to a key that exists: look it up, replace the value. */
  @Benchmark
  public Entry putExisting() {
    Entry entry = table.get(keys[nextIndex()]);
    entry.value(value);
    return entry;
  }

  /** Insert and delete at a steady size, as a workload of SET and DEL over a fixed key range. */
  @Benchmark
  public Entry removeThenAdd() {
    byte[] key = keys[nextIndex()];
    table.remove(key);
    return table.add(key, value);
  }

  /** Building a table of 100,000 keys from empty, including every resize; score is per key. */
  @Benchmark
  @OperationsPerInvocation(100_000)
  public KeyTable fillFromEmpty() {
    KeyTable fresh = new KeyTable(0x5eed);
    for (int i = 0; i < 100_000; i++) {
      fresh.add(keys[i], value);
    }
    return fresh;
  }
}
