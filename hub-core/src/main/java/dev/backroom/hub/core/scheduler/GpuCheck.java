package dev.backroom.hub.core.scheduler;

/** GPUs are whole devices: the task needs that many not yet held by other tasks. */
final class GpuCheck implements FeasibilityCheck {
  @Override
  public String check(TaskRequest task, DeviceLoad load) {
    int free = load.freeGpus();
    if (task.gpus() <= 0 || task.gpus() <= free) {
      return null;
    }
    return "needs " + task.gpus() + " GPU" + (task.gpus() == 1 ? "" : "s") + ", "
        + Math.max(0, free) + " free";
  }
}
