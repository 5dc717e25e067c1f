package dev.backroom.hub.core.plan;

/**
 * Whether a pass asked for by status reports waits for the core work queued behind it. Such a
 * pass only re-reads what devices acknowledged: while a thousand devices acknowledge a placement,
 * running it after every batch of reports put a full pass between each two batches, and the
 * reports still queued (what placement and rescheduling wait for) behind it. It yields instead,
 * but never for longer than the bound, so a failed task is still replaced within it under a
 * steady stream of reports. A pass asked for by the API, a device that came or went, or the
 * safety-net interval never waits. Pure.
 */
public final class PassDeferral {
  private PassDeferral() {}

  /**
   * @param urgent something other than a status report asked for the pass
   * @param queued core work waiting behind the pass now
   * @param waitedNanos how long the pass has waited since it was first asked for
   * @param boundNanos the longest it may wait
   * @return true when the pass goes to the back of the queue instead of running now
   */
  public static boolean yields(boolean urgent, int queued, long waitedNanos, long boundNanos) {
    return !urgent && queued > 0 && waitedNanos < boundNanos;
  }
}
