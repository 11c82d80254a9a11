package io.redstone.storage.admin;

import io.redstone.protocol.ReplySink;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;

/**
 * One command's entry in {@code LATENCY HISTOGRAM}: {@code calls} and {@code histogram_usec}, the
 * cumulative count of calls at or below each power-of-two bound from 1024 ns, shown in
 * microseconds, listed only where the count grows, as Redis walks its own histogram.
 */
final class LatencyHistogramReply {
  private static final long FIRST_BOUND_NANOS = 1024;

  private LatencyHistogramReply() {}

  static void write(ReplySink reply, CommandSpec spec) {
    LatencyHistogram histogram = spec.stats().latency;
    List<long[]> steps = new ArrayList<>();
    long previous = 0;
    for (long bound = FIRST_BOUND_NANOS; previous < histogram.count(); bound <<= 1) {
      long cumulative = bound > 0 ? histogram.countAtOrBelow(bound) : histogram.count();
      if (bound <= 0) {
        // Past the largest bound: whatever is left is in the overflow bucket.
        steps.add(new long[] {Long.MAX_VALUE / 1000, cumulative});
        break;
      }
      if (cumulative > previous) {
        steps.add(new long[] {Math.round(bound / 1000.0), cumulative});
        previous = cumulative;
      }
    }
    reply.bulk(spec.fullName());
    reply.mapHeader(2);
    reply.bulk("calls");
    reply.integer(histogram.count());
    reply.bulk("histogram_usec");
    reply.mapHeader(steps.size());
    for (long[] step : steps) {
      reply.integer(step[0]);
      reply.integer(step[1]);
    }
  }
}
