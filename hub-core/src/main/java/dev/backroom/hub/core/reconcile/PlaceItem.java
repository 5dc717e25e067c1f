package dev.backroom.hub.core.reconcile;

/**
 * One new task to schedule. {@code ordinal} numbers the service's place items in this result from
 * 0, which makes {@code serviceName} plus ordinal unique within it. {@code pinnedDeviceId} is set
 * only for a daemon's task, which belongs on that device and nowhere else.
 */
public record PlaceItem(String serviceName, int ordinal, String pinnedDeviceId, String reason) {

  /** An item the scheduler may put on any device. */
  public PlaceItem(String serviceName, int ordinal, String reason) {
    this(serviceName, ordinal, null, reason);
  }
}
