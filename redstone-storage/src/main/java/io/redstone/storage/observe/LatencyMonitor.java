package io.redstone.storage.observe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis's latency monitor: per event class ({@code command}, {@code fast-command}, ...), the
 * latencies at or above {@code latency-monitor-threshold} milliseconds, one sample per second (the
 * worst of that second), the last {@value #HISTORY} kept, plus the all-time maximum.
 */
public final class LatencyMonitor {
  static final int HISTORY = 160;

  /** One second's worst latency of an event. */
  public record Sample(long unixSeconds, long millis) {}

  /** An event's samples, oldest first, and its maximum since the last reset. */
  public static final class Event {
    private final List<Sample> samples = new ArrayList<>();
    private long max;

    public List<Sample> samples() {
      return Collections.unmodifiableList(samples);
    }

    public Sample latest() {
      return samples.get(samples.size() - 1);
    }

    public long max() {
      return max;
    }

    void add(long unixSeconds, long millis) {
      max = Math.max(max, millis);
      if (!samples.isEmpty() && latest().unixSeconds() == unixSeconds) {
        if (latest().millis() < millis) {
          samples.set(samples.size() - 1, new Sample(unixSeconds, millis));
        }
        return;
      }
      if (samples.size() == HISTORY) {
        samples.remove(0);
      }
      samples.add(new Sample(unixSeconds, millis));
    }
  }

  private final Map<String, Event> events = new LinkedHashMap<>();

  public void add(String event, long unixSeconds, long millis) {
    events.computeIfAbsent(event, name -> new Event()).add(unixSeconds, millis);
  }

  /** Events with at least one sample, in the order they first happened. */
  public Map<String, Event> events() {
    return Collections.unmodifiableMap(events);
  }

  /** Forgets the named events (all when none are named); returns how many were forgotten. */
  public int reset(List<String> names) {
    if (names.isEmpty()) {
      int count = events.size();
      events.clear();
      return count;
    }
    int count = 0;
    for (String name : names) {
      if (events.remove(name) != null) {
        count++;
      }
    }
    return count;
  }
}
