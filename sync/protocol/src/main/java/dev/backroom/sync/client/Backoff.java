package dev.backroom.sync.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt {@code n} (from 0) waits a uniform random time in
 * {@code [0, min(cap, base * 2^n)]}. Full jitter spreads a whole fleet of stores that lost the
 * cloud at the same moment, so they do not all come back in the same second.
 */
public record Backoff(Duration base, Duration cap) {
  /** The contract's values: base 500 ms, cap 30 s. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap but has base " + base
          + " and cap " + cap);
    }
  }

  /** The upper bound of the wait before attempt {@code attempt}; never above {@link #cap}. */
  public Duration ceiling(int attempt) {
    long baseMs = base.toMillis();
    int shift = Math.max(0, Math.min(attempt, 62));
    long ms = shift >= Long.numberOfLeadingZeros(baseMs) - 1 ? Long.MAX_VALUE : baseMs << shift;
    return Duration.ofMillis(Math.min(ms, cap.toMillis()));
  }

  /** The wait before retry {@code attempt} (0 for the first retry); random is an input. */
  public Duration delay(int attempt, RandomGenerator random) {
    return Duration.ofMillis(random.nextLong(ceiling(attempt).toMillis() + 1));
  }
}
