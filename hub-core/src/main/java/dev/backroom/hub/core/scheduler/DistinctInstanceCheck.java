package dev.backroom.hub.core.scheduler;

/**
 * {@code distinctInstance}: at most one task of the service per device, counting both existing
 * tasks and those placed earlier in the same call.
 */
final class DistinctInstanceCheck implements FeasibilityCheck {
  @Override
  public String check(TaskRequest task, DeviceLoad load) {
    if (task.distinctInstance() && load.tasksOf(task.serviceName()) > 0) {
      return "distinctInstance: already runs a task of this service";
    }
    return null;
  }
}
