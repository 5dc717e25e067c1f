package dev.backroom.hub.scheduler;

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
