package dev.backroom.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The failed attempts of one retrying loop and the full-jitter wait each one earns under a
 * {@link Backoff}. Not thread-safe: one loop owns it.
 */
public final class Retries {
  private final Backoff backoff;
  private final RandomGenerator random;
  private int attempts;

  public Retries(Backoff backoff, RandomGenerator random) {
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The next delay; each call counts one more failed attempt. */
  public Duration next() {
    Duration d = backoff.delay(attempts, random);
    count();
    return d;
  }

  /** The delay after a refusal that retrying soon cannot fix (a revoked credential). */
  public Duration atCap() {
    count();
    return backoff.cap();
  }

  /** After a success: the next failure waits as little as the first. */
  public void reset() {
    attempts = 0;
  }

  public int attempts() {
    return attempts;
  }

  public Backoff backoff() {
    return backoff;
  }

  private void count() {
    attempts = attempts == Integer.MAX_VALUE ? attempts : attempts + 1;
  }
}
