package dev.backroom.hub.core.scheduler;

/**
 * A pinned request (a daemon task) may only go to its device. First in the chain, so every other
 * device reports the pin rather than some unrelated shortcoming.
 */
final class PinCheck implements FeasibilityCheck {
  @Override
  public String check(TaskRequest task, DeviceLoad load) {
    String pin = task.request().pinnedDeviceId();
    return pin == null || pin.equals(load.deviceId()) ? null : "pinned to " + pin;
  }
}
