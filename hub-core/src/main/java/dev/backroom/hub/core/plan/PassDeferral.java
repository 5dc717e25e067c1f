package dev.backroom.hub.core.plan;

/**
 * When a pass asked for by status reports (or by time alone) runs. Such a pass only re-reads
 * what devices acknowledged, yet while hundreds of devices acknowledge a placement or a
 * reschedule, running one after every batch of reports put a full pass between each two
 * batches, and the reports still to come, which placement and rescheduling wait for, behind
 * it. So it starts no sooner than a gap after the previous pass ended (at once in a quiet
 * store), then lets the core work queued meanwhile go first, but never waits longer than a
 * bound: a failed task is still replaced within it under a steady stream of reports. A pass
 * asked for by the API, a device that came or went, or the safety-net interval never waits.
 * Pure.
 */
public final class PassDeferral {
  private PassDeferral() {}

  /**
   * How long a pass asked for now waits before it is queued.
   *
   * @param sinceLastPassNanos time since the previous pass ended
   */
  public static long delayNanos(boolean urgent, long sinceLastPassNanos, long gapNanos) {
    return urgent ? 0 : Math.max(0, gapNanos - sinceLastPassNanos);
  }

  /**
   * @param urgent something other than status reports or time asked for the pass
   * @param queued core work waiting behind the pass now
   * @param waitedNanos how long the pass has waited since it was first asked for
   * @param boundNanos the longest it may wait
   * @return true when the pass goes to the back of the queue instead of running now
   */
  public static boolean yields(boolean urgent, int queued, long waitedNanos, long boundNanos) {
    return !urgent && queued > 0 && waitedNanos < boundNanos;
  }
}
