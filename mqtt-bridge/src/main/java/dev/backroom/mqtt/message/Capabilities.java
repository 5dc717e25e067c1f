package dev.backroom.mqtt.message;

import java.util.Map;

/**
 * What a device announces on connect. {@code attributes} holds the built-in ECS-named
 * attributes (ecs.cpu-architecture, ecs.os-type) plus the operator's custom ones.
 */
public record Capabilities(
    String deviceId,
    String arch,
    String osType,
    int cpus,
    long memoryMiB,
    int gpus,
    Map<String, String> attributes,
    String agentVersion) implements WireMessage {
  @Override
  public String problem() {
    if (arch == null || arch.isBlank()) {
      return "arch is required";
    }
    return cpus < 1 || memoryMiB < 1 ? "cpus and memoryMiB must be positive" : null;
  }
}
