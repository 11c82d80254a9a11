package io.redstone.server.testing;

import io.vertx.core.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs test code on a Vert.x context, as one task there, and waits for its result. */
public final class OnContext {
  private OnContext() {}

  /** Runs {@code work} as one task on {@code context}; what it throws is rethrown here. */
  public static <T> T call(Context context, Supplier<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          try {
            result.complete(work.get());
          } catch (RuntimeException | AssertionError e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(30, TimeUnit.SECONDS);
  }
}
