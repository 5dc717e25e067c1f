package dev.backroom.mqtt.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One container as the agent sees it. {@code state} is Docker's (running, exited, created,
 * restarting); {@code health} is ECS's HEALTHY, UNHEALTHY or UNKNOWN. {@code networkBindings}
 * are the container's published ports (absent from older agents and without port mappings).
 *
 * <p>Added later, so absent from older agents (read as null): {@code startedAt} and
 * {@code finishedAt} (ISO-8601, Docker's times of the current or last run),
 * {@code earlierRestarts} (the restarts of the slot's earlier containers, each replacement by a
 * new container, such as an operator's restart, counting one: {@code restarts} counts the restart
 * policy's restarts of this container only and starts from 0 with each new one, so a container's
 * restarts as people mean them, a count that never goes down, are the sum of both), and
 * {@code lastExitCode} (the exit code of the run the agent last restarted, kept while the
 * container runs again).
 */
public record ContainerStatus(
    String name,
    String containerId,
    String state,
    Integer exitCode,
    String health,
    int restarts,
    String message,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<NetworkBinding> networkBindings,
    @JsonInclude(JsonInclude.Include.NON_NULL) String startedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String finishedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer earlierRestarts,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer lastExitCode) {

  /** Absent on the wire (left out when empty, or from an older agent) reads as none. */
  public ContainerStatus {
    networkBindings = networkBindings == null ? List.of() : List.copyOf(networkBindings);
  }

  public ContainerStatus(String name, String containerId, String state, Integer exitCode,
      String health, int restarts, String message) {
    this(name, containerId, state, exitCode, health, restarts, message, List.of());
  }

  public ContainerStatus(String name, String containerId, String state, Integer exitCode,
      String health, int restarts, String message, List<NetworkBinding> networkBindings) {
    this(name, containerId, state, exitCode, health, restarts, message, networkBindings, null,
        null, null, null);
  }

  /** Restarts as people mean them: this container's and its predecessors'. */
  public int restartsShown() {
    return restarts + (earlierRestarts == null ? 0 : earlierRestarts);
  }
}
