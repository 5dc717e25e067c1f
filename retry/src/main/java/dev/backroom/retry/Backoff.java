package dev.backroom.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff: attempt {@code n} (from 0) may wait up to {@code min(cap, base * 2^n)}.
 * Callers that retry a shared remote (hub to cloud) take a {@link #delay full-jitter} wait, a
 * uniform random time below that ceiling, so a fleet of stores that lost the cloud at the same
 * moment does not come back in the same second; a caller that retries something local (the
 * agent restarting a container) waits the {@link #ceiling} itself. Pure: the random source is
 * an input, nothing reads a clock.
 */
public record Backoff(Duration base, Duration cap) {

  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap but has base " + base
          + " and cap " + cap);
    }
  }

  /**
   * The upper bound of the wait before attempt {@code attempt}: {@code min(cap, base * 2^attempt)},
   * never above {@link #cap} and without overflow however large the attempt; a negative attempt
   * counts as 0.
   */
  public Duration ceiling(int attempt) {
    long baseMs = base.toMillis();
    int shift = Math.max(0, Math.min(attempt, 62));
    long ms = shift >= Long.numberOfLeadingZeros(baseMs) - 1 ? Long.MAX_VALUE : baseMs << shift;
    return Duration.ofMillis(Math.min(ms, cap.toMillis()));
  }

  /** Full jitter: a uniform wait in {@code [0, ceiling(attempt)]} drawn from {@code random}. */
  public Duration delay(int attempt, RandomGenerator random) {
    return Duration.ofMillis(random.nextLong(ceiling(attempt).toMillis() + 1));
  }

  /** A counter of failed attempts over this backoff, drawing its jitter from {@code random}. */
  public Retries retries(RandomGenerator random) {
    return new Retries(this, random);
  }
}
