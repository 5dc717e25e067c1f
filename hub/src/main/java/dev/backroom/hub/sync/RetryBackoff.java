package dev.backroom.hub.sync;

import dev.backroom.sync.client.Backoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (docs/sync-protocol.md: base 500 ms, cap 30 s): the n-th
 * delay is uniform in [0, min(cap, base * 2^n)], so many stores coming back after an outage do
 * not retry in step. The random source is an input. Counts attempts around the protocol's
 * stateless {@link Backoff}.
 */
public final class RetryBackoff {
  private final Backoff backoff;
  private final RandomGenerator random;
  private int attempts;

  public RetryBackoff(Duration base, Duration cap, RandomGenerator random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base " + base + ", cap " + cap);
    }
    this.backoff = new Backoff(base, cap);
    this.random = random;
  }

  /** The next delay; each call counts one more failed attempt. */
  public Duration next() {
    Duration d = backoff.delay(attempts, random);
    attempts = attempts == Integer.MAX_VALUE ? attempts : attempts + 1;
    return d;
  }

  /** The delay after a refusal that retrying soon cannot fix (a revoked credential). */
  public Duration atCap() {
    attempts = attempts == Integer.MAX_VALUE ? attempts : attempts + 1;
    return backoff.cap();
  }

  public void reset() {
    attempts = 0;
  }

  public int attempts() {
    return attempts;
  }

  /** min(cap, base * 2^n). */
  long ceiling(int n) {
    return backoff.ceiling(n).toMillis();
  }
}
