package dev.backroom.hub.core.scheduler;

/**
 * Every static host port the task binds must be free on the device: taken neither by a task
 * already there nor by one placed earlier in the same call. Dynamic ports need nothing.
 */
final class PortCheck implements FeasibilityCheck {
  @Override
  public String check(TaskRequest task, DeviceLoad load) {
    for (HostPort p : task.hostPorts()) {
      String holder = load.holderOf(p);
      if (holder != null) {
        return "host port " + p + " in use on the device (" + holder + ")";
      }
    }
    return null;
  }
}
