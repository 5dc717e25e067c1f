package dev.backroom.hub.core.scheduler;

/**
 * Memory is reserved, not overcommitted. A task asking for none fits anywhere, even on a device
 * whose existing tasks already exceed what it reports.
 */
final class MemoryCheck implements FeasibilityCheck {
  @Override
  public String check(TaskRequest task, DeviceLoad load) {
    long free = load.freeMemoryMiB();
    if (task.memoryMiB() <= 0 || task.memoryMiB() <= free) {
      return null;
    }
    return "needs " + task.memoryMiB() + " MiB, " + Math.max(0, free) + " free";
  }
}
