package dev.backroom.hub.core.scheduler;

/** CPU is only reserved by tasks that ask for it; most task definitions leave it out. */
final class CpuCheck implements FeasibilityCheck {
  @Override
  public String check(TaskRequest task, DeviceLoad load) {
    int free = load.freeCpuUnits();
    if (task.cpuUnits() <= 0 || task.cpuUnits() <= free) {
      return null;
    }
    return "needs " + task.cpuUnits() + " CPU units, " + Math.max(0, free) + " free";
  }
}
