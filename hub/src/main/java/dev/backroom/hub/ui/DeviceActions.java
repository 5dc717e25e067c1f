package dev.backroom.hub.ui;

import java.util.List;

/**
 * Which of hold, drain and release the devices page offers for a device's status: only those
 * that change something (no Drain on a drained device, no Release on an active one). Pure.
 */
final class DeviceActions {
  private DeviceActions() {}

  static List<String> forStatus(String status) {
    if (status == null) {
      return List.of("hold", "drain", "release");
    }
    return switch (status) {
      case "ACTIVE" -> List.of("hold", "drain");
      // Held: nothing moves; draining instead moves the tasks away.
      case "HELD" -> List.of("drain", "release");
      // Draining: a hold stops the moves where they are; release cancels the drain.
      case "DRAINING" -> List.of("hold", "release");
      case "DRAINED" -> List.of("release");
      // LOST hides whether the device was also held or drained, and each action still applies
      // to it (a hold keeps its tasks from being replaced while it is away): all three.
      default -> List.of("hold", "drain", "release");
    };
  }
}
