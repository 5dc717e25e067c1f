package dev.backroom.hub.scheduler;

/** Lost and drained devices take no new tasks. */
final class SchedulableCheck implements FeasibilityCheck {
  @Override
  public String check(TaskRequest task, DeviceLoad load) {
    return load.device().schedulable() ? null : "not schedulable";
  }
}
