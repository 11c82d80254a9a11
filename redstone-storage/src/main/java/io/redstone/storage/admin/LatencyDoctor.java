package io.redstone.storage.admin;

import io.redstone.storage.command.Invocation;
import io.redstone.storage.observe.LatencyMonitor;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * {@code LATENCY DOCTOR}: Redis's report in its own words where there is nothing to analyse, and a
 * short per-event summary where there is. The full Redis advice engine is not reproduced.
 */
final class LatencyDoctor {
  static final String DISABLED =
      "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance."
          + " You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to"
          + " enable it. If we weren't in a deep space mission I'd suggest to take a look at"
          + " https://redis.io/topics/latency-monitor.\n";
  static final String NO_SPIKES =
      "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the"
          + " slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and"
          + " think things over.\n";

  private LatencyDoctor() {}

  static void write(Invocation call) {
    call.reply().verbatim("txt", report(call).getBytes(StandardCharsets.UTF_8));
  }

  private static String report(Invocation call) {
    Map<String, LatencyMonitor.Event> events = call.engine().latencyMonitor().events();
    if (events.isEmpty()) {
      return call.engine().config().getLong("latency-monitor-threshold") == 0
          ? DISABLED
          : NO_SPIKES;
    }
    StringBuilder text =
        new StringBuilder(
            "Dave, I have observed latency spikes in this Redis instance. You don't mind talking"
                + " about it, do you Dave?\n\n");
    int index = 1;
    for (Map.Entry<String, LatencyMonitor.Event> entry : events.entrySet()) {
      LatencyMonitor.Event event = entry.getValue();
      long sum = 0;
      for (LatencyMonitor.Sample sample : event.samples()) {
        sum += sample.millis();
      }
      text.append(
          String.format(
              Locale.ROOT,
              "%d. %s: %d latency spikes (average %dms). Worst all time event %dms.\n",
              index++,
              entry.getKey(),
              event.samples().size(),
              sum / event.samples().size(),
              event.max()));
    }
    text.append(
        "\nI have a few advices for you:\n\n"
            + "- Check your slow log (SLOWLOG GET) for the commands that ran long, and avoid"
            + " O(N) commands on big values.\n");
    return text.toString();
  }
}
