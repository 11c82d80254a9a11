package io.redstone.server.persistence;

import io.netty.channel.SingleThreadEventLoop;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.Executor;

/**
 * Runs a task once the event loop has finished its current pass: after every socket it found
 * readable and every task queued so far, before it waits for more. This is the place of Redis's
 * {@code beforeSleep}: what the clients served in one pass wrote is handed to the log once for all
 * of them, so under {@code appendfsync always} one fsync covers the whole pass.
 */
final class EndOfLoopPass {
  private EndOfLoopPass() {}

  static Executor of(Context context) {
    if (context instanceof ContextInternal internal
        && internal.nettyEventLoop() instanceof SingleThreadEventLoop loop) {
      return loop::executeAfterEventLoopIteration;
    }
    // Not a loop that runs tasks after a pass: queued behind the work already queued instead.
    return task -> context.runOnContext(v -> task.run());
  }
}
