package dev.backroom.mqtt.message;

import java.util.List;

/** Every task on a device, reflecting assignment {@code generation}. */
public record StatusReport(String deviceId, long generation, List<TaskStatus> tasks) implements WireMessage {
  @Override
  public String problem() {
    if (tasks == null) {
      return "tasks is required";
    }
    if (generation < 0) {
      return "generation must not be negative";
    }
    return tasks.stream().anyMatch(t -> t == null || t.taskId() == null || t.lastStatus() == null)
        ? "every task needs taskId and lastStatus" : null;
  }
}
