package dev.backroom.hub.devices;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts malformed messages per device in a sliding window and flags a device once it reaches
 * the threshold. The flag stays until the hub restarts (the event that raised it stays in the
 * event log). Time is an input; thread-safe.
 */
public final class OffenceTracker {
  private final int threshold;
  private final Duration window;
  private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();
  private final Map<String, Long> totals = new ConcurrentHashMap<>();
  private final Set<String> flagged = ConcurrentHashMap.newKeySet();

  public OffenceTracker(int threshold, Duration window) {
    this.threshold = threshold;
    this.window = window;
  }

  /** Counts one offence; true only for the one that makes the device flagged. */
  public boolean offence(String deviceId, Instant now) {
    totals.merge(deviceId, 1L, Long::sum);
    Deque<Instant> q = recent.computeIfAbsent(deviceId, k -> new ArrayDeque<>());
    synchronized (q) {
      q.addLast(now);
      Instant cutoff = now.minus(window);
      while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) {
        q.removeFirst();
      }
      if (q.size() >= threshold) {
        q.clear();
        return flagged.add(deviceId);
      }
    }
    return false;
  }

  public boolean isFlagged(String deviceId) {
    return flagged.contains(deviceId);
  }

  /** Every malformed message from the device since the hub started. */
  public long total(String deviceId) {
    return totals.getOrDefault(deviceId, 0L);
  }

  public int flaggedCount() {
    return flagged.size();
  }
}
