package dev.backroom.hub.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per key (a username, a remote address). The first {@code free} failures within
 * {@code window} cost nothing; each further one locks the key out for {@code base}, doubling up to
 * {@code max}. A locked-out key is refused before its password is even checked. Time is an input.
 */
public final class LoginThrottle {
  private static final int MAX_KEYS = 100_000;

  private final Duration base;
  private final Duration max;
  private final Duration window;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(int failures, Instant last, Instant lockedUntil) {}

  public LoginThrottle(Duration base, Duration max, Duration window) {
    this.base = base;
    this.max = max;
    this.window = window;
  }

  /** How long {@code key} must wait before it may try again; zero when it may try now. */
  public Duration wait(String key, Instant now) {
    Entry e = entries.get(key);
    if (e == null || e.lockedUntil == null || !now.isBefore(e.lockedUntil)) {
      return Duration.ZERO;
    }
    return Duration.between(now, e.lockedUntil);
  }

  /** Counts a failure; returns the lockout it earned (zero while failures are still free). */
  public Duration failure(String key, int free, Instant now) {
    if (entries.size() > MAX_KEYS) {
      entries.values().removeIf(e -> stale(e, now));
    }
    Entry e = entries.compute(key, (k, old) -> {
      int failures = old == null || stale(old, now) ? 1 : old.failures + 1;
      Instant locked = null;
      if (failures > free) {
        int doublings = Math.min(failures - free - 1, 30);
        Duration d = base.multipliedBy(1L << doublings);
        locked = now.plus(d.compareTo(max) > 0 ? max : d);
      }
      return new Entry(failures, now, locked);
    });
    return e.lockedUntil == null ? Duration.ZERO : Duration.between(now, e.lockedUntil);
  }

  public void success(String key) {
    entries.remove(key);
  }

  public void clear() {
    entries.clear();
  }

  private boolean stale(Entry e, Instant now) {
    Instant end = e.last.plus(window);
    return now.isAfter(e.lockedUntil != null && e.lockedUntil.isAfter(end) ? e.lockedUntil : end);
  }

  /** Retry-After in whole seconds, rounded up, at least 1. */
  public static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
