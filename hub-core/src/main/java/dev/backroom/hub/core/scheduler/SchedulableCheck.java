package dev.backroom.hub.core.scheduler;

import java.util.Locale;

/** Lost, draining and held devices take no new tasks; the reason names which it is. */
final class SchedulableCheck implements FeasibilityCheck {
  @Override
  public String check(TaskRequest task, DeviceLoad load) {
    DeviceSnapshot d = load.device();
    return d.schedulable()
        ? null
        : "not schedulable: " + d.condition().name().toLowerCase(Locale.ROOT);
  }
}
