package dev.backroom.agent.reconcile;

import java.time.Duration;

/**
 * Restart delays: the first restart is immediate, then 1 s, 2 s, 4 s ... capped at 30 s. A
 * container that ran for {@link #RESET_AFTER} before failing starts a new streak.
 */
public final class Backoff {
  public static final Duration MAX = Duration.ofSeconds(30);
  public static final Duration RESET_AFTER = Duration.ofSeconds(10);

  private Backoff() {}

  /** Delay before the attempt that follows {@code streak} consecutive quick failures. */
  public static Duration delay(int streak) {
    if (streak <= 0) {
      return Duration.ZERO;
    }
    if (streak > 6) {
      return MAX;
    }
    Duration d = Duration.ofSeconds(1L << (streak - 1));
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
