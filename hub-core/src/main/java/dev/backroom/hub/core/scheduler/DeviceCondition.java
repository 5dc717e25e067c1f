package dev.backroom.hub.core.scheduler;

/**
 * Where a device stands for scheduling. Only {@link #READY} devices take new tasks; the others
 * differ in what happens to the tasks already there, which is the reconciler's business.
 */
public enum DeviceCondition {
  /** Reporting and open for new tasks. */
  READY,
  /** Not heard from: its tasks are replaced elsewhere. */
  LOST,
  /** Being emptied by the operator: its tasks are moved off, replacements first. */
  DRAINING,
  /** Frozen by the operator: its tasks are left exactly as they are. */
  HELD
}
