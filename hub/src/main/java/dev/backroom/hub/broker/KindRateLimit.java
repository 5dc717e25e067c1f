package dev.backroom.hub.broker;

import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perWindow} writes of one kind in each fixed window, whatever the client: the
 * per-client throttle alone lets a client that changes its client id at every connect write an
 * event each time. Pure but for its state; not thread-safe (one drain thread uses it).
 */
final class KindRateLimit {
  private final int perWindow;
  private final long windowMillis;
  private final Map<String, long[]> windows = new HashMap<>(); // kind -> {start, count}

  KindRateLimit(int perWindow, long windowMillis) {
    if (perWindow < 1 || windowMillis < 1) {
      throw new IllegalArgumentException("perWindow and windowMillis must be positive");
    }
    this.perWindow = perWindow;
    this.windowMillis = windowMillis;
  }

  /** Whether one more write of {@code kind} at {@code nowMillis} is allowed (and counts it). */
  boolean allow(String kind, long nowMillis) {
    long[] w = windows.computeIfAbsent(kind, k -> new long[] {nowMillis, 0});
    if (nowMillis - w[0] >= windowMillis || nowMillis < w[0]) {
      w[0] = nowMillis;
      w[1] = 0;
    }
    if (w[1] >= perWindow) {
      return false;
    }
    w[1]++;
    return true;
  }
}
