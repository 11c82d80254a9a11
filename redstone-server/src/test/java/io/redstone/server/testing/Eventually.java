package io.redstone.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition another thread brings about, failing with a message if it never does. */
public final class Eventually {
  private Eventually() {}

  public static void waitFor(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit + " waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }
}
