package dev.backroom.mqtt;

import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.LogFrame;
import dev.backroom.mqtt.message.Lifecycle;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import java.util.List;
import java.util.Map;

/** Fixture builders for valid wire message bodies. */
public final class Messages {
  public static final String DEVICE = "pi-1";

  private Messages() {}

  public static Capabilities capabilities(String deviceId) {
    return new Capabilities(deviceId, "arm64", "linux", 4, 3_900, 0,
        Map.of("ecs.cpu-architecture", "arm64", "zone", "front"), "0.1.0");
  }

  public static DeviceCommand execInput(String deviceId) {
    return new DeviceCommand(deviceId, DeviceCommand.EXEC_INPUT, "s-1", null, null, "bHMK", null,
        null);
  }

  public static LogFrame logLine(String deviceId) {
    return new LogFrame(deviceId, "s-1", 7, LogFrame.LINE, "GET / 200",
        "2026-03-01T10:15:30.123456789Z");
  }

  public static Heartbeat heartbeat(String deviceId) {
    return new Heartbeat(deviceId, 17, 3, 2);
  }

  public static Lifecycle lifecycle(String deviceId, String state) {
    return new Lifecycle(deviceId, state, state.equals(Lifecycle.OFFLINE) ? "will" : null);
  }

  public static StatusReport status(String deviceId) {
    return new StatusReport(deviceId, 3, List.of(new TaskStatus("t-1", "web", "abcd", TaskStatus.RUNNING,
        "HEALTHY", List.of(new ContainerStatus("app", "c0ffee", "running", null, "HEALTHY", 0, null)))));
  }

  public static TaskDefinition taskDefinition() {
    return new TaskDefinition("web", 2, List.of(ContainerDefinition.of("app", "busybox:1.36", 64)),
        null, null, "host", null);
  }

  public static Assignment assignment(String deviceId) {
    TaskDefinition td = taskDefinition();
    return new Assignment(deviceId, 3, List.of(new AssignedTask("t-1", "web", td, SpecHash.of(td))));
  }
}
