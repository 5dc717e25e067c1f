package dev.backroom.hub.core.scheduler;

/**
 * One link of the feasibility chain. Checks are stateless and run cheapest first; the first one
 * that objects supplies the reason reported for that device.
 */
interface FeasibilityCheck {

  /** Returns null when {@code task} may run on {@code load}, else a plain-words reason. */
  String check(TaskRequest task, DeviceLoad load);
}
