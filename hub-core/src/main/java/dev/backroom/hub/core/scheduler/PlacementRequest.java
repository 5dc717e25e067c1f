package dev.backroom.hub.core.scheduler;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;
import java.util.Objects;

/**
 * One task to place. {@code requestId} must be unique within a call; requests are processed in
 * its lexicographic order. A null {@code taskDefinition} asks for no resources; null
 * {@code constraints} means none; null or empty {@code strategies} means
 * {@code spread instanceId}. A non-null {@code pinnedDeviceId} allows only that device, which
 * must still pass every feasibility check.
 */
public record PlacementRequest(
    String requestId,
    String serviceName,
    TaskDefinition taskDefinition,
    List<PlacementConstraint> constraints,
    List<PlacementStrategy> strategies,
    String pinnedDeviceId) {
  /**
   * Prefix of the service key standalone tasks of one group are placed under (no service name
   * contains ':'); unplaced reasons name such a holder as a task of its group, not a service.
   */
  public static final String GROUP_KEY_PREFIX = "group:";

  /** Who holds ports for key {@code key}, in the words of an unplaced reason. */
  static String holder(String key, String taskId) {
    if (key == null) {
      return "task " + taskId;
    }
    if (key.startsWith(GROUP_KEY_PREFIX)) {
      return "task " + taskId + " of group " + key.substring(GROUP_KEY_PREFIX.length());
    }
    return "service " + key;
  }

  public PlacementRequest {
    Objects.requireNonNull(requestId, "requestId");
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    strategies = strategies == null || strategies.isEmpty()
        ? List.of(PlacementStrategy.spread())
        : List.copyOf(strategies);
  }

  /** Spread over devices, no pin. */
  public PlacementRequest(String requestId, String serviceName, TaskDefinition taskDefinition,
      List<PlacementConstraint> constraints) {
    this(requestId, serviceName, taskDefinition, constraints, null, null);
  }
}
