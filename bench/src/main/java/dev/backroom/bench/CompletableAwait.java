package dev.backroom.bench;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks the bench's main thread on a Vert.x future, with a bound. */
final class CompletableAwait {
  private CompletableAwait() {}

  static <T> T await(Future<T> f, int seconds) throws InterruptedException {
    try {
      return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + seconds + " s", e);
    }
  }

  /** Waits {@code nanos} at most; the failure names {@code what}. */
  static <T> T await(Future<T> f, long nanos, String what) throws InterruptedException {
    try {
      return f.toCompletionStage().toCompletableFuture().get(nanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not finish in time", e);
    }
  }
}
