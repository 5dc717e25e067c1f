package dev.backroom.hub.core.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Since when each task has run, on a monotonic clock, for {@link TaskHealth}'s grace period.
 * The hub stores a task's running-since on its wall clock (people read it), and a store
 * appliance's wall clock may be stepped by minutes. Judged on the wall clock, a task that
 * started while the clock was ahead stays within its grace for as long as the step once the
 * clock is set right, and so does not count as healthy: a rollout or drain then keeps an old
 * task for the minimum healthy count, for minutes. Set back, the wall clock would instead cut
 * the grace short.
 *
 * <p>So each pass hands in the stored wall times with both clocks' readings, and a wall time
 * is converted to the monotonic clock once, when first seen: the time it has run is the wall
 * clock's elapsed time, never negative and, when the task was not running with that
 * running-since at the previous pass, never more than the monotonic time since that pass. A
 * step between two passes thus shifts a task's start by at most the time between them. Only
 * the first pass after a hub start takes the wall clock's word unbounded, for tasks that were
 * running before it (as {@code MonotonicClock} anchors to the wall clock once). Pure: the
 * caller reads the clocks and keeps one instance per hub run, on one thread.
 */
public final class RunningTimes {
  private record Seen(Instant wallSince, Instant monoSince) {}

  private final Map<String, Seen> seen = new HashMap<>();
  private Instant lastPass;

  /**
   * One pass: for each task with a stored running-since (wall clock), since when it has run on
   * the monotonic clock. Tasks not given are forgotten.
   *
   * @param wallSince each running task's stored running-since, by task id
   * @param wallNow the wall clock now, the clock {@code wallSince} was stored on
   * @param monoNow the monotonic clock now; what the result is on
   */
  public Map<String, Instant> pass(Map<String, Instant> wallSince, Instant wallNow,
      Instant monoNow) {
    Map<String, Instant> out = new HashMap<>();
    seen.keySet().retainAll(wallSince.keySet());
    for (Map.Entry<String, Instant> e : wallSince.entrySet()) {
      Seen before = seen.get(e.getKey());
      if (before == null || !before.wallSince().equals(e.getValue())) {
        before = new Seen(e.getValue(), monoNow.minus(ranFor(e.getValue(), wallNow, monoNow)));
        seen.put(e.getKey(), before);
      }
      out.put(e.getKey(), before.monoSince());
    }
    lastPass = monoNow;
    return out;
  }

  /** How long a task new to this pass has run, by the wall clock, within what is possible. */
  private Duration ranFor(Instant wallSince, Instant wallNow, Instant monoNow) {
    Duration ran = Duration.between(wallSince, wallNow);
    if (ran.isNegative()) {
      return Duration.ZERO;
    }
    if (lastPass != null) {
      Duration sincePass = Duration.between(lastPass, monoNow);
      return ran.compareTo(sincePass) > 0 ? sincePass : ran;
    }
    return ran;
  }
}
