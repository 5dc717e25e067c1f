package dev.backroom.mqtt.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One container as the agent sees it. {@code state} is Docker's (running, exited, created,
 * restarting); {@code health} is ECS's HEALTHY, UNHEALTHY or UNKNOWN. {@code networkBindings}
 * are the container's published ports (absent from older agents and without port mappings).
 */
public record ContainerStatus(
    String name,
    String containerId,
    String state,
    Integer exitCode,
    String health,
    int restarts,
    String message,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<NetworkBinding> networkBindings) {

  /** Absent on the wire (left out when empty, or from an older agent) reads as none. */
  public ContainerStatus {
    networkBindings = networkBindings == null ? List.of() : List.copyOf(networkBindings);
  }

  public ContainerStatus(String name, String containerId, String state, Integer exitCode,
      String health, int restarts, String message) {
    this(name, containerId, state, exitCode, health, restarts, message, List.of());
  }
}
