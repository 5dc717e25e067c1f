package dev.backroom.hub.enrollment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts failed attempts per key (a client address) in a sliding window; a key with
 * {@code maxFailures} failures inside the window is refused until the oldest one ages out.
 * Time is an input. Thread-safe; keys with no recent failure are dropped, so memory stays
 * bounded by the failures of one window.
 */
public final class FailureThrottle {
  private final int maxFailures;
  private final Duration window;
  private final Map<String, Deque<Instant>> failures = new HashMap<>();

  public FailureThrottle(int maxFailures, Duration window) {
    this.maxFailures = maxFailures;
    this.window = window;
  }

  /** How long {@code key} must wait before trying again; zero when it may try now. */
  public synchronized Duration retryAfter(String key, Instant now) {
    Deque<Instant> q = prune(key, now);
    if (q == null || q.size() < maxFailures) {
      return Duration.ZERO;
    }
    return Duration.between(now, q.peekFirst().plus(window));
  }

  public synchronized void failed(String key, Instant now) {
    prune(key, now);
    failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
  }

  private Deque<Instant> prune(String key, Instant now) {
    Deque<Instant> q = failures.get(key);
    if (q == null) {
      return null;
    }
    Instant cutoff = now.minus(window);
    while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) {
      q.removeFirst();
    }
    if (q.isEmpty()) {
      failures.remove(key);
      return null;
    }
    return q;
  }
}
