package dev.backroom.mqtt.message;

import java.util.List;

/**
 * The full set of tasks a device must run, published retained. {@code generation} grows with
 * every change, so the agent ignores stale copies and status reports can say what they reflect.
 */
public record Assignment(String deviceId, long generation, List<AssignedTask> tasks) implements WireMessage {
  @Override
  public String problem() {
    if (tasks == null) {
      return "tasks is required";
    }
    return tasks.stream().anyMatch(t -> t == null || t.taskId() == null || t.taskDefinition() == null)
        ? "every task needs taskId and taskDefinition" : null;
  }

  public static Assignment empty(String deviceId) {
    return new Assignment(deviceId, 0, List.of());
  }
}
